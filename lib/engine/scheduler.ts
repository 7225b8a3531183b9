// The engine's timer queue: every sleep, wait timeout, retry backoff and cron tick, behind a
// single clock timer armed for the earliest of them.
import type { CancelTimer, Clock } from "./clock.ts";
import { type HeapEntry, MinHeap } from "./heap.ts";

/** `run` timers belong to runs (sleeps, timeouts, backoffs); `cron` timers are schedule ticks. */
export type TimerKind = "run" | "cron";

type Entry = HeapEntry & { fire: () => void; cancelled: boolean };

const COMPACT_THRESHOLD = 1024;

/** Queue of due-time callbacks driven by one clock timer at a time. */
export class Scheduler {
  #clock: Clock;
  #onError: (error: unknown) => void;
  #queues: Record<TimerKind, MinHeap<Entry>> = { run: new MinHeap(), cron: new MinHeap() };
  #cancelled: Record<TimerKind, number> = { run: 0, cron: 0 };
  #seq = 0;
  #armed = true;
  #armedAt: number | undefined;
  #disarm: CancelTimer | undefined;

  /** `onError` receives anything a timer callback throws; the queue keeps going. */
  constructor(clock: Clock, onError: (error: unknown) => void) {
    this.#clock = clock;
    this.#onError = onError;
  }

  /** Calls `fire` at `at` (ms since the epoch); returns a canceller. */
  schedule(at: number, kind: TimerKind, fire: () => void): CancelTimer {
    const entry: Entry = { at, seq: this.#seq++, fire, cancelled: false };
    const queue = this.#queues[kind];
    queue.push(entry);
    this.#arm();
    return () => {
      if (entry.cancelled || this.#queues[kind] !== queue) return;
      entry.cancelled = true;
      this.#cancelled[kind] += 1;
      this.#compact(kind);
    };
  }

  /** Due time of the earliest pending timer, counting cron ticks only when asked. */
  nextDue(includeCron: boolean): number | undefined {
    const run = this.#head("run")?.at;
    const cron = includeCron ? this.#head("cron")?.at : undefined;
    if (run === undefined) return cron;
    if (cron === undefined) return run;
    return Math.min(run, cron);
  }

  /** Drops every pending cron tick. */
  clearCron(): void {
    this.#queues.cron = new MinHeap();
    this.#cancelled.cron = 0;
  }

  /** Whether `pause` is in effect. */
  get paused(): boolean {
    return !this.#armed;
  }

  /** Stops reacting to the clock until `resume`; pending timers are kept. */
  pause(): void {
    this.#armed = false;
    this.#disarm?.();
    this.#disarm = undefined;
    this.#armedAt = undefined;
  }

  /** Reacts to the clock again, firing anything that fell due while paused. */
  resume(): void {
    this.#armed = true;
    this.#arm();
  }

  #head(kind: TimerKind): Entry | undefined {
    const queue = this.#queues[kind];
    for (;;) {
      const head = queue.peek();
      if (head === undefined || !head.cancelled) return head;
      queue.pop();
      this.#cancelled[kind] -= 1;
    }
  }

  #arm(): void {
    if (!this.#armed) return;
    const next = this.nextDue(true);
    if (next === undefined || next === this.#armedAt) return;
    if (this.#armedAt !== undefined && this.#armedAt < next) return;
    this.#disarm?.();
    this.#armedAt = next;
    this.#disarm = this.#clock.setTimer(next, () => this.#wake());
  }

  #wake(): void {
    this.#armedAt = undefined;
    this.#disarm = undefined;
    const now = this.#clock.now();
    for (;;) {
      const kind = this.#earliestKind();
      if (kind === undefined) break;
      const queue = this.#queues[kind];
      const entry = queue.peek();
      if (entry === undefined || entry.at > now) break;
      queue.pop();
      entry.cancelled = true;
      try {
        entry.fire();
      } catch (error) {
        this.#onError(error);
      }
    }
    this.#arm();
  }

  #earliestKind(): TimerKind | undefined {
    const run = this.#head("run");
    const cron = this.#head("cron");
    if (run === undefined) return cron === undefined ? undefined : "cron";
    if (cron === undefined) return "run";
    return run.at <= cron.at ? "run" : "cron";
  }

  #compact(kind: TimerKind): void {
    const queue = this.#queues[kind];
    const cancelled = this.#cancelled[kind];
    if (cancelled < COMPACT_THRESHOLD || cancelled * 2 < queue.size) return;
    queue.retain((entry) => !entry.cancelled);
    this.#cancelled[kind] = 0;
  }
}
