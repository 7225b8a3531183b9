// Text normalisation shared by the scoring factors: word-bounded matching of titles and
// keywords, and technology keys that compare "HubSpot", "hubspot" and "uses_hubspot" alike.

const NON_WORD = /[^\p{L}\p{N}]+/gu;
const NON_KEY = /[^a-z0-9]+/g;
const EDGE_UNDERSCORES = /^_+|_+$/g;

/** Lower-cased words joined by single spaces and padded with one space each side (" vp of sales "). */
export function wordText(text: string | null | undefined): string {
  if (!text) return " ";
  return ` ${text.toLowerCase().replace(NON_WORD, " ").trim()} `;
}

/** Whether `padded` (from wordText) contains `phrase` (also from wordText) as whole words. */
export function hasWords(padded: string, phrase: string): boolean {
  return phrase.length > 2 && padded.includes(phrase);
}

/** A technology's comparison key: lower case, runs of other characters as one underscore. */
export function techKey(name: string): string {
  return name.toLowerCase().replace(NON_KEY, "_").replace(EDGE_UNDERSCORES, "");
}

/** A fraction for reasons: at most two decimals, no trailing zeros ("0.9", "0.45", "1"). */
export function formatFraction(value: number): string {
  return String(Math.round(value * 100) / 100);
}
