// Time inputs of the step tools: durations ("30s", "1d2h", ms numbers, Temporal.Duration) and
// instants (Date, ISO strings, epoch ms, Temporal.Instant / ZonedDateTime), as milliseconds.
import { durationToMs } from "inngest";

const hasEpochMilliseconds = (input: unknown): input is { epochMilliseconds: number } =>
  typeof input === "object" &&
  input !== null &&
  typeof (input as { epochMilliseconds?: unknown }).epochMilliseconds === "number";

/**
 * A length of time in ms, parsed as Inngest does (`ms` strings and compound strings such as
 * "1d2h"). Unlike Inngest Cloud, sub-second durations are kept, not rounded up to 1s.
 * Throws an error naming `what` when the input is not a duration.
 */
export const durationMs = (input: unknown, what: string): number => {
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) {
      throw new Error(`${what} must be a non-negative number of milliseconds, got ${input}`);
    }
    return Math.ceil(input);
  }
  if (typeof input === "string" || (typeof input === "object" && input !== null)) {
    return durationToMs(input, { name: `${what} (${JSON.stringify(input)})` });
  }
  throw new Error(`${what} must be a duration such as "30s", "2h", "1d2h" or a number of ms`);
};

/** An instant in ms since the epoch, from a Date, an ISO string, epoch ms or a Temporal instant. */
export const instantMs = (input: unknown, what: string): number => {
  let ms = Number.NaN;
  if (input instanceof Date) ms = input.getTime();
  else if (typeof input === "number") ms = input;
  else if (typeof input === "string") ms = Date.parse(input);
  else if (hasEpochMilliseconds(input)) ms = input.epochMilliseconds;
  if (!Number.isFinite(ms)) {
    throw new Error(`${what} must be a Date, an ISO 8601 string or epoch ms, got ${String(input)}`);
  }
  return ms;
};

/**
 * A deadline in ms since the epoch: absolute for a Date or Temporal instant, otherwise `now`
 * plus the duration (as `timeout` options of waitForEvent and cancelOn are read).
 */
export const deadlineMs = (input: unknown, now: number, what: string): number =>
  input instanceof Date || hasEpochMilliseconds(input)
    ? instantMs(input, what)
    : now + durationMs(input, what);
