// How long to wait after a 429: `Retry-After` when the provider sends it (seconds or an HTTP date),
// else Apollo's per-window counters (minute → next minute, hourly → an hour, daily → a day), else
// a minute.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type RetryDelay = { ms: number; reason: string };

const exhausted = (headers: Headers, name: string): boolean => headers.get(name)?.trim() === "0";

/** The delay a 429 response asks for, at least one second. */
export function retryDelay(headers: Headers, now: number): RetryDelay {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      return {
        ms: Math.max(SECOND, Math.ceil(Number(retryAfter)) * SECOND),
        reason: "Retry-After",
      };
    }
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return { ms: Math.max(SECOND, at - now), reason: "Retry-After" };
  }
  if (exhausted(headers, "x-daily-requests-left"))
    return { ms: DAY, reason: "daily quota used up" };
  if (exhausted(headers, "x-hourly-requests-left")) {
    return { ms: HOUR, reason: "hourly quota used up" };
  }
  if (exhausted(headers, "x-minute-requests-left")) {
    return { ms: Math.max(SECOND, MINUTE - (now % MINUTE)), reason: "minute quota used up" };
  }
  return { ms: MINUTE, reason: "no retry hint" };
}
