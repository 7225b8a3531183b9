// The dispatch day: caps, the ramp and "never twice in a day" count days in the send window's time
// zone, so a day starts at local midnight whatever the server's zone and across DST changes.
import { hm, localParts, zonedTime } from "../approval/send-window.ts";
import type { TConfig } from "../config/schemas.ts";

/** A day in milliseconds (calendar arithmetic on instants: cadence days, decay, revival). */
export const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** The local date, weekday (0 = Sunday) and minute of the day of an instant in a time zone. */
export function localTime(at: Date, timeZone: string) {
  const p = localParts(at.getTime(), timeZone);
  return {
    day: `${p.year}-${pad(p.month + 1)}-${pad(p.day)}`,
    weekday: new Date(Date.UTC(p.year, p.month, p.day)).getUTCDay(),
    minutes: p.hour * 60 + p.minute,
  };
}

/** The dispatch day (YYYY-MM-DD in the send window's time zone) of an instant. */
export function dispatchDay(at: Date, config: Pick<TConfig, "sending">): string {
  return localTime(at, config.sending.send_window.timezone).day;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hm(hhmm);
  return h * 60 + m;
};

/** True inside the send window (its days, from `from` to `to`, local time). */
export function insideSendWindow(at: Date, config: Pick<TConfig, "sending">): boolean {
  const window = config.sending.send_window;
  const local = localTime(at, window.timezone);
  return (
    window.days.includes(local.weekday) &&
    local.minutes >= minutesOf(window.from) &&
    local.minutes < minutesOf(window.to)
  );
}

/** The calendar day `delta` days after (or before) a YYYY-MM-DD day. */
export function shiftDay(day: string, delta: number): string {
  const [y = 1970, m = 1, d = 1] = day.split("-").map(Number);
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d + delta); // Date.UTC would read years 0–99 as 1900–1999
  return at.toISOString().slice(0, 10);
}

/** The previous calendar day of a YYYY-MM-DD day. */
export const previousDay = (day: string): string => shiftDay(day, -1);

/** The latest day whose send window has closed (today after the window's end, else yesterday). */
export function lastClosedDay(at: Date, config: Pick<TConfig, "sending">): string {
  const window = config.sending.send_window;
  const local = localTime(at, window.timezone);
  return local.minutes >= minutesOf(window.to) ? local.day : previousDay(local.day);
}

/** The instant a dispatch day ends: the next local midnight in the send window's time zone. */
export function endOfDispatchDay(day: string, config: Pick<TConfig, "sending">): number {
  const [y = 1970, m = 1, d = 1] = day.split("-").map(Number);
  return zonedTime(config.sending.send_window.timezone, y, m - 1, d + 1, 0, 0);
}
