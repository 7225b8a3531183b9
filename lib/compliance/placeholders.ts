// Finds template leftovers in text: `{{...}}`, stray `{{` or `}}`, and mail-merge tokens such as
// `[FIRST NAME]`, `[company]`, `[first_name]`, `%FIRST_NAME%`, `%company%` or `{first_name}`.
// Bracketed words that are plainly content ("[EMEA]", "[Remote]") are not placeholders.

const FIELD = `(?:your |their )?(?:first[ _-]?name|last[ _-]?name|full[ _-]?name|name|company(?:[ _-]?name)?|title|job[ _-]?title|industry|city|email)`;

const LEFTOVERS = [
  /\{\{[^{}]*\}\}/g,
  /\{\{|\}\}/g,
  /\[\s*(?:[A-Z][A-Z0-9]*(?:[ _-][A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\]/g,
  new RegExp(String.raw`\[\s*${FIELD}\s*\]`, "gi"),
  new RegExp(`%(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|${FIELD})%`, "gi"),
  new RegExp(String.raw`(?<!\{)\{(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|${FIELD})\}(?!\})`, "gi"),
];

const MAY_HOLD_PLACEHOLDER = /[[{}%]/;

/** Every leftover placeholder in `text`, in order of appearance, without duplicates. */
export function findUnfilledPlaceholders(text: string): string[] {
  if (!MAY_HOLD_PLACEHOLDER.test(text)) return [];
  const found: Array<{ at: number; token: string }> = [];
  const covered: Array<readonly [number, number]> = [];
  for (const pattern of LEFTOVERS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (covered.some(([s, e]) => start >= s && end <= e)) continue;
      covered.push([start, end]);
      found.push({ at: start, token: match[0] });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.token))];
}

/** `text` with every placeholder-like token replaced by a space (for data put into messages). */
export function stripPlaceholders(text: string): string {
  if (!MAY_HOLD_PLACEHOLDER.test(text)) return text;
  let out = text;
  for (const pattern of LEFTOVERS) out = out.replace(pattern, " ");
  return out;
}
