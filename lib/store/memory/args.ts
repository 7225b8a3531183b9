// Argument parsing and number formatting with Redis's rules (integers, doubles, score ranges, order).
import { CommandError, MIN_MAX_NOT_FLOAT, NOT_FLOAT, NOT_INTEGER, SYNTAX } from "./errors.ts";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const INFINITY = /^([+-]?)inf(inity)?$/i;

/** The argument at `index`; arity checks guarantee it exists. */
export function at(args: readonly string[], index: number): string {
  const value = args[index];
  if (value === undefined) throw new CommandError(SYNTAX);
  return value;
}

/** Parses a signed 64-bit integer the way Redis's string2ll does (no spaces, "+" or leading zeros). */
export function parseInt64(text: string, error: string = NOT_INTEGER): bigint {
  if (text.length > 20 || !INTEGER.test(text) || text === "-0") throw new CommandError(error);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) throw new CommandError(error);
  return value;
}

/** Digits an integer may have to be added as a JS number exactly (sums stay below 2^53). */
const SAFE_DIGITS = 15;
/** The bound a bigint's magnitude stays under to be added as a JS number (SAFE_DIGITS digits). */
const SAFE_BOUND = 10n ** BigInt(SAFE_DIGITS);

/** True for an integer's text short enough to be added as a JS number exactly (below 2^53). */
const isShortInteger = (text: string) =>
  text.length <= SAFE_DIGITS && INTEGER.test(text) && text !== "-0";

/** `text` when it is a 64-bit integer (cheaply for a short one); NOT_INTEGER otherwise. */
export function int64Text(text: string): string {
  if (!isShortInteger(text)) parseInt64(text);
  return text;
}

/**
 * `base` (stored text, or undefined for 0) plus `delta` (an argument's text, or a number the
 * command gives) as Redis's INCRBY/HINCRBY do: the sum's text and value. A delta that is not an
 * integer fails first, then a base that is not (`baseError`), then a sum outside 64 bits
 * (`overflow`). Short integers, the counters' every day, are added as numbers, without BigInt.
 */
export function addInt64(
  base: string | undefined,
  delta: string | bigint,
  baseError: string,
  overflow: string,
): { text: string; value: number } {
  const shortDelta =
    typeof delta === "bigint" ? delta > -SAFE_BOUND && delta < SAFE_BOUND : isShortInteger(delta);
  if (shortDelta && (base === undefined || isShortInteger(base))) {
    const value = (base === undefined ? 0 : Number(base)) + Number(delta);
    return { text: String(value), value };
  }
  const by = typeof delta === "bigint" ? delta : parseInt64(delta);
  const next = (base === undefined ? 0n : parseInt64(base, baseError)) + by;
  if (!fitsInt64(next)) throw new CommandError(overflow);
  return { text: next.toString(), value: Number(next) };
}

/** True when the bigint fits a signed 64-bit integer. */
export function fitsInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

/** Parses a 64-bit integer argument into a JS number (indexes, counts, seconds). */
export function parseInteger(text: string, error: string = NOT_INTEGER): number {
  if (isShortInteger(text)) return Number(text);
  return Number(parseInt64(text, error));
}

/** Parses a double like Redis: decimal or exponent forms, ±inf; never NaN, overflow or underflow. */
export function parseDouble(text: string, error: string = NOT_FLOAT): number {
  const infinity = INFINITY.exec(text);
  if (infinity) return infinity[1] === "-" ? -Infinity : Infinity;
  if (!DECIMAL.test(text)) throw new CommandError(error);
  const value = Number(text);
  if (!Number.isFinite(value)) throw new CommandError(error);
  if (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0] ?? "")) throw new CommandError(error);
  return value;
}

/** Formats a double as Redis ≥ 7.2 replies it: shortest round-trip digits, "inf" and "-inf". */
export function formatDouble(value: number): string {
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  return String(value);
}

/** One end of a score range: `5`, `(5` (exclusive), `-inf`, `+inf`. */
export type ScoreBound = { value: number; exclusive: boolean };

/** Parses a ZRANGEBYSCORE-style bound; bad input gives `ERR min or max is not a float`. */
export function parseScoreBound(text: string): ScoreBound {
  const exclusive = text.startsWith("(");
  const value = parseDouble(exclusive ? text.slice(1) : text, MIN_MAX_NOT_FLOAT);
  return { value, exclusive };
}

/** True when `score` is at or above `min` (respecting exclusivity). */
export function aboveMin(score: number, min: ScoreBound): boolean {
  return min.exclusive ? score > min.value : score >= min.value;
}

/** True when `score` is at or below `max` (respecting exclusivity). */
export function belowMax(score: number, max: ScoreBound): boolean {
  return max.exclusive ? score < max.value : score <= max.value;
}

/** Orders strings by their UTF-8 bytes, as Redis compares members (memcmp). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Resolves Redis start/stop indexes (negative counts from the end) into a clamped [from, to]. */
export function indexRange(
  start: number,
  stop: number,
  length: number,
): [from: number, to: number] | null {
  const from = Math.max(start < 0 ? length + start : start, 0);
  const to = Math.min(stop < 0 ? length + stop : stop, length - 1);
  if (from > to || from >= length) return null;
  return [from, to];
}

/** Case-insensitive match of an option keyword. */
export function isOption(text: string, option: string): boolean {
  return text.toUpperCase() === option;
}
