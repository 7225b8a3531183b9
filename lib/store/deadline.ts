// Requests to the store that must finish within the command timeout, on any transport: one
// shared timer watches every request in flight.

/** Milliseconds a store request may take by default (STORE_TIMEOUT_MS overrides it). */
export const DEFAULT_STORE_TIMEOUT_MS = 2000;

type Pending = { expiresAt: number; expire: () => void };

/** Runs requests that must each finish within `ms`, watched by one timer for all of them. */
export type Deadlines = {
  /**
   * Runs `work` with an AbortSignal that fires after the deadline; if the work has not settled by
   * then, the promise rejects with `timedOut()` (and the work's late outcome is ignored).
   */
  run<T>(work: (signal: AbortSignal) => Promise<T>, timedOut: () => Error): Promise<T>;
};

/**
 * Deadlines for requests of `ms` each: one interval timer (a tenth of `ms`, unref'd, running
 * only while requests are in flight) expires every overdue request, instead of one timer per
 * request. A request is failed at most a tenth of `ms` after its deadline.
 */
export function createDeadlines(ms: number): Deadlines {
  const pending = new Set<Pending>();
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const entry of pending) if (entry.expiresAt <= now) entry.expire();
    if (pending.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return {
    run<T>(work: (signal: AbortSignal) => Promise<T>, timedOut: () => Error): Promise<T> {
      const controller = new AbortController();
      return new Promise<T>((resolve, reject) => {
        const entry: Pending = {
          expiresAt: Date.now() + ms,
          expire: () => {
            pending.delete(entry);
            controller.abort();
            reject(timedOut());
          },
        };
        pending.add(entry);
        if (timer === undefined) {
          timer = setInterval(sweep, Math.max(5, Math.floor(ms / 10)));
          timer.unref();
        }
        work(controller.signal).then(
          (value) => {
            pending.delete(entry);
            resolve(value);
          },
          (error: unknown) => {
            pending.delete(entry);
            reject(error);
          },
        );
      });
    },
  };
}

/** Waits `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The longest wait between reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 2000;

/** The back-off before reconnect attempt `failures` (1, 2, …): 100 ms doubling, at most 2 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), MAX_RECONNECT_DELAY_MS);
}
