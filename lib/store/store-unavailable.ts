// The error of a store that cannot serve a request right now, on any transport: a Redis that does
// not answer within the command timeout or is down, an Upstash REST API that is unreachable or
// refuses the token, an embedded database that cannot save a write. The app answers 503
// store_unavailable with the message, which never holds a secret.
import { MAX_RECONNECT_DELAY_MS } from "./deadline.ts";

/**
 * The header of a 503 store_unavailable answer: the store is tried again at least this often, so
 * asking again after it is worth it.
 */
export const STORE_RETRY_AFTER = { "Retry-After": String(MAX_RECONNECT_DELAY_MS / 1000) };

/** The store could not serve the request; what was asked may be retried once it is back. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

/** The embedded store could not save a write (disk full, I/O error): nothing of it was applied. */
export function embeddedWriteFailed(where: string, cause: unknown): StoreUnavailableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StoreUnavailableError(
    `embedded store ${where} could not save a write, nothing was applied: ${reason}`,
    { cause },
  );
}
