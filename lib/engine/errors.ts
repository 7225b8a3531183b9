// How the engine stores a thrown value: Inngest's serialised error shape, as runs record it and as
// `inngest/function.failed` events carry it.
import { roundTrip } from "./json.ts";

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
    // An error already serialised (by the SDK): keep its stack and a JSON copy of its cause.
    const { name, message, stack, cause } = error as Record<string, unknown>;
    const serialized: SerializedError = {
      name: typeof name === "string" ? name : "Error",
      message: String(message),
    };
    if (typeof stack === "string") serialized.stack = stack;
    if (cause !== undefined) serialized.cause = roundTrip(cause);
    return serialized;
  }
  return { name: "Error", message: typeof error === "string" ? error : JSON.stringify(error) };
};
