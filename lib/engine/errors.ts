// Errors of the embedded engine: serialising thrown values as Inngest does, deciding whether a
// failure is retried, and the engine's own error types.
import { NonRetriableError, RetryAfterError } from "inngest";

/** A thrown value as stored on a run and sent in `inngest/function.failed` events. */
export type SerializedError = { name: string; message: string; stack?: string; cause?: unknown };

/** Serialises anything thrown into `{ name, message, stack, cause }` (causes up to 5 deep). */
export const serializeError = (error: unknown, depth = 0): SerializedError => {
  if (error instanceof Error) {
    const serialized: SerializedError = { name: error.name || "Error", message: error.message };
    if (error.stack) serialized.stack = error.stack;
    if (error.cause !== undefined && depth < 5) {
      serialized.cause =
        error.cause instanceof Error ? serializeError(error.cause, depth + 1) : error.cause;
    }
    return serialized;
  }
  if (typeof error === "object" && error !== null && "message" in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return { name: typeof name === "string" ? name : "Error", message: String(message) };
  }
  return { name: "Error", message: typeof error === "string" ? error : JSON.stringify(error) };
};

/** Rebuilds an Error from its serialised form, keeping name, message and stack. */
export const deserializeError = (serialized: SerializedError): Error => {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  error.stack = serialized.stack;
  return error;
};

/** Whether an error asks Inngest never to retry (checked by class and by name, as the SDK does). */
export const isNonRetriable = (error: unknown): boolean =>
  error instanceof NonRetriableError ||
  (error instanceof Error && error.name === "NonRetriableError");

/**
 * The instant a `RetryAfterError` asks to be retried at, or undefined for other errors. Its
 * `retryAfter` is a whole number of seconds or an ISO 8601 date.
 */
export const retryAfterAt = (error: unknown, now: number): number | undefined => {
  const isRetryAfter =
    error instanceof RetryAfterError ||
    (error instanceof Error && error.name === "RetryAfterError");
  if (!isRetryAfter) return undefined;
  const { retryAfter } = error as RetryAfterError;
  if (/^\d+$/.test(retryAfter)) return now + Number(retryAfter) * 1000;
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : at;
};

/** Thrown by `send` when an event's data does not satisfy its EventType schema. */
export class EventValidationError extends Error {
  override name = "EventValidationError";
  /** Name of the rejected event. */
  readonly eventName: string;
  /** Each failing field as a dotted path (`data.lead.email`) with the schema's message. */
  readonly issues: readonly { path: string; message: string }[];

  constructor(eventName: string, issues: readonly { path: string; message: string }[]) {
    const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    super(`Invalid event "${eventName}": ${detail}`);
    this.eventName = eventName;
    this.issues = issues;
  }
}

/** The failure of a step tool the embedded engine does not implement; never retried. */
export const unsupported = (tool: string): NonRetriableError =>
  new NonRetriableError(
    `${tool} is not supported by the embedded engine; run the app against Inngest Cloud or the Inngest dev server to use it`,
  );
