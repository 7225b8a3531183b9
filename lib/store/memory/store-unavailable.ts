// The error of an embedded store write that could not be saved (disk full, I/O error, database
// closed): nothing of the request was applied, and the app may answer 503.

/** A write the embedded store refused because its database could not save it. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";

  /** `where` names the store (its directory); the cause's message says what failed. */
  constructor(where: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`embedded store ${where} could not save a write, nothing was applied: ${reason}`, {
      cause,
    });
  }
}
