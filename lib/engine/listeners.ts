// Listeners waiting for events by name (waitForEvent steps, cancelOn rules), so an incoming event
// only visits the listeners registered for its own name.
import type { EngineEvent } from "./types.ts";

/** A party interested in events of one name. */
export type Listener = {
  /** Whether the event concerns this listener; a throw counts as no. */
  matches(event: EngineEvent): boolean;
  /** Called for a matching event. */
  fire(event: EngineEvent): void;
};

/** Listeners indexed by event name. */
export class ListenerIndex {
  #byName = new Map<string, Set<Listener>>();

  /** Registers `listener` for events called `name`; returns its remover. */
  add(name: string, listener: Listener): () => void {
    let listeners = this.#byName.get(name);
    if (!listeners) {
      listeners = new Set();
      this.#byName.set(name, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.#byName.get(name);
      if (!current?.delete(listener)) return;
      if (current.size === 0) this.#byName.delete(name);
    };
  }

  /** Offers `event` to the listeners of its name, in registration order. */
  dispatch(event: EngineEvent): void {
    const listeners = this.#byName.get(event.name);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      let matched = false;
      try {
        matched = listener.matches(event);
      } catch {
        matched = false;
      }
      if (matched) listener.fire(event);
    }
  }
}
