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

type TLocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

const HOUR_MS = 3_600_000;
/** A zone's offset per UTC hour, or null for an hour in which it changes (a DST switch). */
const hourOffsets = new Map<string, number | null>();
const HOUR_OFFSETS_MAX = 4096;

/**
 * The wall-clock parts of an instant in a time zone (month 0-based). Intl's formatter answers
 * for the zone's offset once per hour of time asked about; within an hour whose offset does not
 * change, the parts are the instant shifted by it (every approval and card view asks, and the
 * formatter costs more than the rest of a decision's arithmetic).
 */
export function localParts(ms: number, timeZone: string): TLocalParts {
  const offset = steadyOffset(ms, timeZone);
  if (offset === null) return formattedParts(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth(),
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The zone's offset throughout the UTC hour of `ms`, or null when it changes within it. */
function steadyOffset(ms: number, timeZone: string): number | null {
  const hour = Math.floor(ms / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR_MS, timeZone);
    const last = exactOffset((hour + 1) * HOUR_MS - 1000, timeZone);
    offset = first === last ? first : null;
    if (hourOffsets.size >= HOUR_OFFSETS_MAX) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

/** The wall-clock parts of an instant in a time zone, as Intl formats them. */
function formattedParts(ms: number, timeZone: string): TLocalParts {
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
  return steadyOffset(ms, timeZone) ?? exactOffset(ms, timeZone);
}

/** The time zone's offset from UTC at an instant, in ms, as Intl formats it. */
function exactOffset(ms: number, timeZone: string): number {
  const p = formattedParts(ms, timeZone);
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
