// Retry timing exactly as the Inngest server computes it: the queue's default back-off table with
// jitter (inngest/inngest pkg/backoff/backoff.go, TableBackoff, used by pkg/execution/queue/process.go
// for every failed function or step attempt), the SDK's Retry-After value (the `retriable` string of
// a rejected execution, sent as the `retry-after` header) parsed and clamped as
// pkg/execution/driver/httpdriver/parse.go ParseRetry does, and the date layouts Inngest accepts
// (pkg/dateutil/dateutil.go ParseString), shared with the expression `date()` function.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** pkg/backoff.BackoffTable: the delay after the nth failed attempt, capped at the last entry. */
const BACKOFF_TABLE = [
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  20 * MINUTE,
  40 * MINUTE,
  HOUR,
  2 * HOUR,
] as const;
/** TableBackoff adds `rand.Int31n(30_000)` milliseconds. */
const JITTER_MS = 30_000;
/** consts.MaxRetryDuration / MinRetryDuration bound a Retry-After. */
const MAX_RETRY_AFTER = 24 * HOUR;
const MIN_RETRY_AFTER = SECOND;

/**
 * The delay before the next attempt after zero-based attempt `attempt` failed (the queue item's
 * `Attempt`, which Inngest increments after scheduling the retry): 15s, 30s, 1m, 2m, 5m, 10m, 20m,
 * 40m, 1h, then 2h for every later attempt, plus 0–29,999 ms of jitter drawn from `random`.
 * A Retry-After from the SDK replaces this delay (see {@link retryAtFrom}).
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(0, Math.trunc(attempt)), BACKOFF_TABLE.length - 1);
  return (BACKOFF_TABLE[index] ?? 0) + Math.floor(random() * JITTER_MS);
}

/**
 * The absolute time (ms) to retry at for an SDK retry-after value (`RetryAfterError` serialises a
 * Date as an ISO string and a duration as whole seconds, e.g. `"30"`), or undefined when the value
 * is absent or unparseable (booleans included) and the back-off table applies. As upstream: up to
 * 7 characters are tried as positive integer seconds from `now` truncated to the second, anything
 * else as a date; the result is clamped to between 1 second and 24 hours from `now`.
 */
export function retryAtFrom(retriable: unknown, now: number): number | undefined {
  const value = typeof retriable === "number" ? String(retriable) : retriable;
  if (typeof value !== "string" || value === "") return undefined;
  const second = Math.floor(now / SECOND) * SECOND;
  let at: number | undefined;
  if (value.length <= 7 && /^[+-]?\d+$/.test(value) && Number(value) > 0) {
    at = second + Number(value) * SECOND;
  } else {
    const ns = parseDateString(value);
    at = ns === undefined ? undefined : Number(ns / 1_000_000n);
  }
  if (at === undefined) return undefined;
  if (at - now > MAX_RETRY_AFTER) return second + MAX_RETRY_AFTER;
  if (at - now < MIN_RETRY_AFTER) return second + MIN_RETRY_AFTER;
  return at;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const LONG_DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const FRACTION = String.raw`(?:[.,](\d+))?`;
const ABBREVIATION = String.raw`(UTC|GMT(?:[+-]\d{1,2})?|ChST|MeST|WITA|[A-Z]{3}T?|[A-Z]{4}T|[+-]\d{2})`;

/**
 * Go layouts in dateutil.ParseString's order, as a pattern and the meaning of each capture:
 * Y year, y two-digit year, M month number, N month name, W weekday, L long weekday, D day,
 * h hour, m minute, s second, f fraction, z zone. Go accepts a fraction after any seconds field.
 */
const LAYOUTS: [RegExp, string][] = [
  [
    new RegExp(
      String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})${FRACTION}(Z|[+-]\d{2}:\d{2})$`,
    ),
    "YMDhmsfz",
  ], // RFC3339
  [
    new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})${FRACTION}$`),
    "YMDhmsf",
  ],
  [
    new RegExp(
      String.raw`^([A-Za-z]+), (\d{2}) ([A-Za-z]+) (\d{4}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} ${ABBREVIATION}$`,
    ),
    "WDNYhmsfz",
  ], // RFC1123
  [
    new RegExp(String.raw`^(\d{2}) ([A-Za-z]+) (\d{2}) (\d{1,2}):(\d{2}) ${ABBREVIATION}$`),
    "DNyhmz",
  ], // RFC822
  [/^(\d{2}) ([A-Za-z]+) (\d{2}) (\d{1,2}):(\d{2}) ([+-]\d{4})$/, "DNyhmz"], // RFC822Z
  [
    new RegExp(
      String.raw`^([A-Za-z]+), (\d{2})-([A-Za-z]+)-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} ${ABBREVIATION}$`,
    ),
    "LDNyhmsfz",
  ], // RFC850
  [
    new RegExp(
      String.raw`^([A-Za-z]+) ([A-Za-z]+) (\d{2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} ([+-]\d{4}) (\d{4})$`,
    ),
    "WNDhmsfzY",
  ], // RubyDate
  [
    new RegExp(
      String.raw`^([A-Za-z]+) ([A-Za-z]+)  ?(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} ${ABBREVIATION} (\d{4})$`,
    ),
    "WNDhmsfzY",
  ], // UnixDate
  [
    new RegExp(
      String.raw`^([A-Za-z]+) ([A-Za-z]+)  ?(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} (\d{4})$`,
    ),
    "WNDhmsfY",
  ], // ANSIC
  [
    new RegExp(String.raw`^([A-Za-z]+)  ?(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION}$`),
    "NDhmsf",
  ], // Stamp, StampMilli (year 0)
  [/^(\d{4})-(\d{2})-(\d{2})$/, "YMD"],
  [
    new RegExp(
      String.raw`^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})${FRACTION} ([+-]\d{4}) ${ABBREVIATION}$`,
    ),
    "YMDhmsfzx",
  ], // time.Time.String()
];

/** Offset in minutes of a zone field: `Z`, `±hh:mm`, `±hhmm`, `GMT±h`; other abbreviations are 0. */
const zoneOffset = (zone: string): number => {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric)
    return (numeric[1] === "-" ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  const gmt = /^GMT([+-]\d{1,2})$/.exec(zone);
  return gmt ? Number(gmt[1]) * 60 : 0;
};

const fromLayout = (match: RegExpExecArray, order: string): bigint | undefined => {
  const field = { Y: 0, M: 1, D: 1, h: 0, m: 0, s: 0, f: "", z: 0 };
  for (const [index, letter] of [...order].entries()) {
    const text = match[index + 1];
    if (text === undefined) continue;
    const lower = text.toLowerCase();
    if (letter === "Y") field.Y = Number(text);
    else if (letter === "y") field.Y = Number(text) + (Number(text) >= 69 ? 1900 : 2000);
    else if (letter === "M") field.M = Number(text);
    else if (letter === "N") field.M = MONTHS.indexOf(lower) + 1;
    else if (letter === "W" && !DAYS.includes(lower)) return undefined;
    else if (letter === "L" && !LONG_DAYS.includes(lower)) return undefined;
    else if (letter === "D") field.D = Number(text);
    else if (letter === "h") field.h = Number(text);
    else if (letter === "m") field.m = Number(text);
    else if (letter === "s") field.s = Number(text);
    else if (letter === "f") field.f = text;
    else if (letter === "z") field.z = zoneOffset(text);
  }
  const daysInMonth = new Date(Date.UTC(2000, field.M, 0)).getUTCDate();
  const leap = field.Y % 4 === 0 && (field.Y % 100 !== 0 || field.Y % 400 === 0);
  const lastDay = field.M === 2 ? (leap ? 29 : 28) : daysInMonth;
  if (field.M < 1 || field.M > 12 || field.D < 1 || field.D > lastDay) return undefined;
  if (field.h > 23 || field.m > 59 || field.s > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(field.Y, field.M - 1, field.D);
  date.setUTCHours(field.h, field.m - field.z, field.s, 0);
  const nanos = BigInt(`${field.f}000000000`.slice(0, 9));
  return BigInt(date.getTime()) * 1_000_000n + nanos;
};

/**
 * Parses a date string as Inngest's pkg/dateutil.ParseString does (RFC3339, `2006-01-02T15:04:05`
 * in UTC, RFC1123, RFC822(Z), RFC850, RubyDate, UnixDate, ANSIC, Stamp, `2006-01-02`, and Go's
 * `time.Time.String()` layout); zone abbreviations other than `GMT±h` count as UTC, as they do on
 * a UTC server. Returns nanoseconds since the epoch, or undefined when no layout matches.
 */
export function parseDateString(input: string): bigint | undefined {
  for (const [pattern, order] of LAYOUTS) {
    const match = pattern.exec(input);
    if (match) return fromLayout(match, order);
  }
  return undefined;
}
