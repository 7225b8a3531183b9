// A small typed event emitter for engine notifications (runs started and finished, events sent).

/** Subscribes listeners to typed notifications; a throwing listener never disturbs the others. */
export class Observer<Events extends Record<string, unknown>> {
  #listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  #onError: (error: unknown) => void;

  /** `onError` receives whatever a listener throws. */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Adds a listener; returns its remover. */
  on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
    let listeners = this.#listeners.get(type);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(type, listeners);
    }
    listeners.add(listener);
    return () => {
      this.#listeners.get(type)?.delete(listener);
    };
  }

  /** Whether anyone listens to `type` (so payloads need not be built otherwise). */
  has(type: keyof Events): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0;
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.#onError(error);
      }
    }
  }
}
