// Clocks for the embedded engine: the real wall clock and a virtual clock that only moves when told.
import { type HeapEntry, MinHeap } from "./heap.ts";

/** Cancels a timer; calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

/** What the engine needs of time: the current instant and one-shot timers at absolute instants. */
export type Clock = {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fire` once `now()` reaches `at` (ms since the epoch); returns a canceller. */
  setTimer(at: number, fire: () => void): CancelTimer;
};

/** A clock whose time is moved by its owner rather than by the passing of real time. */
export type ManualClock = Clock & {
  /** Moves time forward to `at`, firing every timer due on the way in order. */
  advanceTo(at: number): void;
};

/** Whether the clock can be moved by hand (a {@link VirtualClock} or a look-alike). */
export const isManualClock = (clock: Clock): clock is ManualClock =>
  typeof (clock as Partial<ManualClock>).advanceTo === "function";

// setTimeout overflows above 2^31 - 1 ms (about 24.8 days) and would fire at once.
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The wall clock: `Date.now()` and unref'd `setTimeout`s, so pending timers never keep the
 * process alive. Delays longer than `setTimeout` allows are waited out in chunks.
 */
export const createRealClock = (): Clock => ({
  now: () => Date.now(),
  setTimer(at, fire) {
    let handle: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) {
        handle = undefined;
        fire();
        return;
      }
      handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
      handle.unref();
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at - Date.now(), MAX_TIMEOUT_MS)));
    handle.unref();
    return () => {
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    };
  },
});

type VirtualTimer = HeapEntry & { fire: () => void; cancelled: boolean };

/**
 * A clock that stands still until `advanceTo` / `advance` moves it. Timers fire synchronously,
 * in due order, with `now()` set to each timer's due time as it fires.
 */
export class VirtualClock implements ManualClock {
  #now: number;
  #seq = 0;
  #timers = new MinHeap<VirtualTimer>();

  /** Starts at `start` (ms since the epoch or a Date); defaults to the current real time. */
  constructor(start: number | Date = Date.now()) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, fire: () => void): CancelTimer {
    const timer: VirtualTimer = { at, seq: this.#seq++, fire, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Due time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined {
    this.#dropCancelled();
    return this.#timers.peek()?.at;
  }

  advanceTo(at: number | Date): void {
    const target = typeof at === "number" ? at : at.getTime();
    if (Number.isNaN(target)) throw new Error("VirtualClock.advanceTo: invalid time");
    for (;;) {
      this.#dropCancelled();
      const next = this.#timers.peek();
      if (next === undefined || next.at > target) break;
      this.#timers.pop();
      this.#now = Math.max(this.#now, next.at);
      next.fire();
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  #dropCancelled(): void {
    while (this.#timers.peek()?.cancelled) this.#timers.pop();
  }
}
