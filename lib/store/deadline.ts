// A request to the store that must finish within the command timeout, on any transport.

/** Milliseconds a store request may take by default (STORE_TIMEOUT_MS overrides it). */
export const DEFAULT_STORE_TIMEOUT_MS = 2000;

/**
 * Runs `work` with an AbortSignal that fires after `ms`; if the work has not settled by then, the
 * returned promise rejects with `timedOut()` (and the work's own late outcome is ignored).
 */
export function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  timedOut: () => Error,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller.abort();
      reject(timedOut());
    }, ms);
    work(controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
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

/** The back-off before reconnect attempt `failures` (1, 2, …): 100 ms doubling, at most 2 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 2000);
}
