// Cron triggers exactly as Inngest runs them. Parsing follows pkg/inngest/trigger.go
// (CronTrigger.Validate: robfig/cron/v3 with Minute|Hour|Dom|Month|Dow, so five fields, no seconds
// and no `@daily`/`@every` descriptors, an optional `TZ=Area/City ` or `CRON_TZ=` prefix, UTC
// otherwise). The next tick is a port of robfig/cron/v3 spec.go SpecSchedule.Next over Go's
// time.Date normalisation, so daylight saving behaves as upstream: a time inside the spring-forward
// gap does not fire that day, and a time inside the repeated fall-back hour fires twice.

/** A parsed cron trigger. */
export type CronSchedule = {
  /** The cron string exactly as declared, sent as `data.cron` of the timer event. */
  expression: string;
  /** The first tick strictly after `after` (ms since the epoch), if there is one within 5 years. */
  next(after: number): number | undefined;
};

type Bounds = { min: number; max: number; names?: readonly string[] };
type Spec = { minute: bigint; hour: bigint; dom: bigint; month: bigint; dow: bigint; zone: string };
type Wall = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** robfig's starBit: the field was `*` or `?` (decides whether day-of-month and -week AND or OR). */
const STAR = 1n << 63n;
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
};
const DOW: Bounds = { min: 0, max: 6, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

const atoi = (text: string): number => {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`failed to parse int from ${text}`);
  const value = Number(text);
  if (value < 0) throw new Error(`negative number (${value}) not allowed: ${text}`);
  return value;
};

const parseValue = (text: string, bounds: Bounds): number => {
  const named = bounds.names?.indexOf(text.toLowerCase()) ?? -1;
  return named > 0 || (named === 0 && bounds === DOW) ? named : atoi(text);
};

/** robfig getRange: `*`, `?`, `n`, `a-b`, each optionally `/step`. */
const range = (expr: string, bounds: Bounds): bigint => {
  const [span = "", stepText, ...extraSlash] = expr.split("/");
  const [low = "", high, ...extraHyphen] = span.split("-");
  if (extraSlash.length > 0) throw new Error(`too many slashes: ${expr}`);
  let start: number;
  let end: number;
  let star = 0n;
  if (low === "*" || low === "?") {
    [start, end, star] = [bounds.min, bounds.max, STAR];
  } else {
    if (extraHyphen.length > 0) throw new Error(`too many hyphens: ${expr}`);
    start = parseValue(low, bounds);
    end = high === undefined ? start : parseValue(high, bounds);
  }
  let step = 1;
  if (stepText !== undefined) {
    step = atoi(stepText);
    if (high === undefined && star === 0n) end = bounds.max;
    if (step > 1) star = 0n;
  }
  if (start < bounds.min)
    throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  let bits = star;
  for (let value = start; value <= end; value += step) bits |= 1n << BigInt(value);
  return bits;
};

const field = (text: string, bounds: Bounds): bigint =>
  text
    .split(",")
    .filter((part) => part !== "")
    .reduce((bits, part) => bits | range(part, bounds), 0n);

/** robfig Parser.Parse: the zone prefix, then exactly five whitespace-separated fields. */
const parse = (expression: string): Spec => {
  let spec = expression;
  let zone = "UTC";
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) throw new Error("a time zone prefix must be followed by the schedule");
    zone = checkZone(spec.slice(spec.indexOf("=") + 1, space));
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith("@")) throw new Error(`parser does not accept descriptors: ${spec}`);
  const fields = spec.split(/\s+/).filter((part) => part !== "");
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}`);
  const [minute = "", hour = "", dom = "", month = "", dow = ""] = fields;
  return {
    minute: field(minute, MINUTES),
    hour: field(hour, HOURS),
    dom: field(dom, DOM),
    month: field(month, MONTHS),
    dow: field(dow, DOW),
    zone,
  };
};

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the server's zone (UTC on Inngest's
 * servers), else an IANA name, matched case-sensitively.
 */
const checkZone = (name: string): string => {
  if (name === "" || name === "UTC" || name === "Local") return "UTC";
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`provided bad location ${name}`);
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    throw new Error(`provided bad location ${name}`);
  }
  return name;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of instant `ms` in `zone` (Go's t.In(loc) fields). */
const wall = (ms: number, zone: string): Wall => {
  if (zone === "UTC") {
    const date = new Date(ms);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    };
  }
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
};

/** A wall clock read as if it were UTC, normalising overflow (month 13, day 32) as Go does. */
const asUtc = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
};

const offset = (ms: number, zone: string): number => {
  const w = wall(ms, zone);
  return asUtc(w.year, w.month, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
};

/**
 * Go's time.Date(..., loc): take the zone offset in force at the wall clock read as UTC, and if the
 * resulting instant falls in another zone period, the offset of that period instead.
 */
const goDate = (
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
) => {
  const local = asUtc(year, month, day, hour, minute, second);
  return local - offset(local - offset(local, zone), zone);
};

const has = (bits: bigint, value: number) => (bits & (1n << BigInt(value))) !== 0n;

/** robfig dayMatches: both day fields must match if either is a star, otherwise either may. */
const dayMatches = (spec: Spec, w: Wall): boolean => {
  const weekday = new Date(asUtc(w.year, w.month, w.day)).getUTCDay();
  const dom = has(spec.dom, w.day);
  const dow = has(spec.dow, weekday);
  return (spec.dom & STAR) !== 0n || (spec.dow & STAR) !== 0n ? dom && dow : dom || dow;
};

/** robfig/cron/v3 SpecSchedule.Next, step for step (the seconds field is always 0). */
const nextTick = (spec: Spec, after: number): number | undefined => {
  const { zone } = spec;
  let t = Math.floor(after / 1000) * 1000 + 1000;
  let added = false;
  const yearLimit = wall(t, zone).year + 5;
  wrap: for (;;) {
    let w = wall(t, zone);
    if (w.year > yearLimit) return undefined;
    while (!has(spec.month, w.month)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, 1);
        w = wall(t, zone);
      }
      t = goDate(zone, w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
      w = wall(t, zone);
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(spec, w)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, w.day);
        w = wall(t, zone);
      }
      t = goDate(zone, w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
      w = wall(t, zone);
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
        w = wall(t, zone);
      }
      if (w.day === 1) continue wrap;
    }
    while (!has(spec.hour, w.hour)) {
      if (!added) {
        added = true;
        t = goDate(zone, w.year, w.month, w.day, w.hour);
      }
      t += 3_600_000;
      w = wall(t, zone);
      if (w.hour === 0) continue wrap;
    }
    while (!has(spec.minute, w.minute)) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000;
      }
      t += 60_000;
      w = wall(t, zone);
      if (w.minute === 0) continue wrap;
    }
    while (w.second !== 0) {
      if (!added) {
        added = true;
        t = Math.floor(t / 1000) * 1000;
      }
      t += 1000;
      w = wall(t, zone);
      if (w.second === 0) continue wrap;
    }
    return t;
  }
};

/**
 * Parses an Inngest cron string; throws an Error naming the expression when Inngest would refuse
 * it (wrong field count, out-of-range value, descriptor, unknown zone).
 */
export const parseCron = (expression: string): CronSchedule => {
  let spec: Spec;
  try {
    spec = parse(expression);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Invalid cron trigger ${JSON.stringify(expression)}: ${reason}`);
  }
  return { expression, next: (after) => nextTick(spec, after) };
};

/** The reason Inngest would refuse `expression` as a cron trigger, or undefined when it is valid. */
export const validateCron = (expression: string): string | undefined => {
  try {
    parseCron(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};
