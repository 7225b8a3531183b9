// The one-line message a command prints when its store cannot be reached at start-up.
import type { StoreUnavailableError } from "../store/index.ts";

/** Why the store could not be reached, and what to check. */
export function unreachableStoreMessage(error: StoreUnavailableError): string {
  if (/WRONGPASS|NOAUTH|token was refused/.test(error.message)) {
    return `the store refused the credentials (${error.message}). Check the password in REDIS_URL, or UPSTASH_REDIS_REST_TOKEN.`;
  }
  return `the store cannot be reached (${error.message}). Check that it is running and that REDIS_URL or UPSTASH_REDIS_REST_URL/_TOKEN point at it, or unset them to use the embedded store.`;
}
