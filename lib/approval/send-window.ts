// Time inside the send window (config/sending.json: days and hours in a time zone): approval SLAs
// count only these minutes, so a card created on Friday evening is not late on Monday morning.
import type { TConfig } from "../config/schemas.ts";

type TWindow = TConfig["sending"]["send_window"];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock parts of an instant in a time zone (month 0-based). */
export function localParts(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: (parts.month ?? 1) - 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The time zone's offset from UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return (
    Date.UTC(p.year, p.month, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000
  );
}

/** The instant of a wall-clock time in a time zone (DST-aware). */
export function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const guess = Date.UTC(year, month, day, hour, minute);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** Hours and minutes of an "HH:MM" time. */
export const hm = (text: string) => text.split(":").map(Number) as [number, number];

/** Minutes of [startMs, endMs) that fall inside the send window. */
export function minutesInWindow(startMs: number, endMs: number, window: TWindow): number {
  if (endMs <= startMs) return 0;
  const [fromH, fromM] = hm(window.from);
  const [toH, toM] = hm(window.to);
  const first = localParts(startMs, window.timezone);
  let total = 0;
  for (let i = 0; ; i++) {
    const date = new Date(Date.UTC(first.year, first.month, first.day + i));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    const open = zonedTime(window.timezone, y, m, d, fromH, fromM);
    if (open >= endMs) break;
    if (!window.days.includes(date.getUTCDay())) continue;
    const close = zonedTime(window.timezone, y, m, d, toH, toM);
    total += Math.max(0, Math.min(close, endMs) - Math.max(open, startMs));
  }
  return Math.floor(total / 60_000);
}

/**
 * The instant at which `minutes` of send-window time have passed since `startMs` (the day a
 * window-minute SLA runs out); looks a year ahead at most (a window with no days never ends).
 */
export function windowDeadline(startMs: number, minutes: number, window: TWindow): number {
  // Cards of one batch share their creation time: the answer is remembered (a bounded memo).
  const key = `${startMs}|${minutes}|${window.timezone}|${window.from}|${window.to}|${window.days.join()}`;
  const known = deadlines.get(key);
  if (known !== undefined) return known;
  if (deadlines.size >= 10_000) deadlines.clear();
  const deadline = computeDeadline(startMs, minutes, window);
  deadlines.set(key, deadline);
  return deadline;
}

const deadlines = new Map<string, number>();

function computeDeadline(startMs: number, minutes: number, window: TWindow): number {
  const [fromH, fromM] = hm(window.from);
  const [toH, toM] = hm(window.to);
  const first = localParts(startMs, window.timezone);
  let left = minutes * 60_000;
  for (let i = 0; i < 366; i++) {
    const date = new Date(Date.UTC(first.year, first.month, first.day + i));
    if (!window.days.includes(date.getUTCDay())) continue;
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    const open = Math.max(zonedTime(window.timezone, y, m, d, fromH, fromM), startMs);
    const close = zonedTime(window.timezone, y, m, d, toH, toM);
    if (close <= open) continue;
    if (close - open >= left) return open + left;
    left -= close - open;
  }
  return startMs + 366 * 86_400_000;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${String(p.month + 1).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
