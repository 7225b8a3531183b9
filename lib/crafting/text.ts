// Turns provider data into words fit for a sentence: no braces, question marks, sentence-ending
// stops, control characters or mail-merge tokens; names in their usual case; company names without
// legal suffixes; titles without "| Company" tails.
import { stripPlaceholders } from "../compliance/placeholders.ts";

const UNSAFE = /[{}?\p{Cc}\p{Cf}]+/gu;
const SPACES = /\s+/g;
/**
 * A full stop or exclamation mark (before any closing quotes or brackets) that would end the
 * template's sentence inside a merged value: one after a word, before a space or the end.
 */
const SENTENCE_STOP = /([^\s.!]*)([.!]+)(["'”’)\]]*)(?=\s|$)/g;
/** What the call-to-action check reads as an abbreviation, not a sentence's end ("St.", "J.P."). */
const ABBREVIATION = /^\(?(?:[A-Z][a-z]{0,2}|(?:[A-Za-z]\.)+[A-Za-z]?)$/;
const LEGAL_SUFFIX =
  /[\s,]+(?:inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|gmbh|ag|plc|s\.a|sa|b\.v|bv|pty|pte|s\.r\.l|srl)\.?$/i;
const TRAILING_PUNCTUATION = /[\s,;:–—-]+$/;
const TITLE_TAIL = /\s+(?:[|@•·]|at)\s+.*$/i;
const NAME_PART = /(^|[\s'-])(\p{L})(\p{L}*)/gu;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;

/**
 * Trimmed text with no braces, question marks, control characters or placeholder tokens, no full
 * stop or exclamation mark ending a word before a space or the end unless it is an abbreviation
 * ("Yahoo!" → "Yahoo", "Acme (U.S.)" → "Acme (U.S)", "J.P. Morgan" and "St. Louis" kept: a
 * merged value never ends the template's sentence, so a question stays one question) and single
 * spaces, cut at a word to `max`.
 */
export function clean(text: string | null | undefined, max: number): string {
  if (!text) return "";
  const value = stripPlaceholders(text.replace(UNSAFE, " "))
    .replace(SPACES, " ")
    .trim()
    .replace(SENTENCE_STOP, (match, word: string, stops: string, closing: string) =>
      stops === "." && closing === "" && ABBREVIATION.test(word) ? match : `${word}${closing}`,
    )
    .trim();
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return (space > max / 2 ? cut.slice(0, space) : cut).replace(TRAILING_PUNCTUATION, "");
}

/** A first name in its usual case: "JOHN" and "john" become "John"; "McKenzie" is kept. */
export function personName(name: string, max: number): string {
  const value = clean(name, max);
  if (HAS_LOWER.test(value) && HAS_UPPER.test(value)) return value;
  return value
    .toLowerCase()
    .replace(
      NAME_PART,
      (_, sep: string, first: string, rest: string) => sep + first.toUpperCase() + rest,
    );
}

/** "Acme, Inc." → "Acme"; never strips a name down to nothing. */
export function companyName(name: string, max: number): string {
  let value = clean(name, max);
  let stripped = value.replace(LEGAL_SUFFIX, "");
  while (stripped !== value && stripped !== "") {
    value = stripped;
    stripped = value.replace(LEGAL_SUFFIX, "");
  }
  return value;
}

/** "VP Sales | Acme" → "VP Sales"; null when there is no title. */
export function jobTitle(title: string | null, max: number): string | null {
  const value = clean(title, max * 2).replace(TITLE_TAIL, "");
  return value === "" ? null : clean(value, max);
}

/** The first word of a person's name ("Sam" of "Sam Example"), as they sign a short message. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

/** "Acme's", or "Systems'" for a name ending in s. */
export function possessive(name: string): string {
  return name.endsWith("s") || name.endsWith("S") ? `${name}'` : `${name}'s`;
}

/** "web_summit" → "Web Summit". */
export function titleCaseKey(key: string): string {
  return key
    .split("_")
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}
