// Placeholder and example values that must never reach a prospect: `*.example` domains and links
// (RFC 2606), example.com/.org/.net, and the shipped config's sample postal address and sender name
// ("Sam Example"). The shipped config/sending.json is made of them, so a sandbox run can show its
// cards; a production card carrying one fails compliance, and validate-env names each config value
// still holding one.

export const EXAMPLE_VALUE =
  /\.example\b|\bexample\.(com|org|net)\b|100 Example Avenue|\bSam Example\b/i;

/** One example domain or link, tried on a single whitespace-free token. */
const EXAMPLE_LINK =
  /(?:https?:\/\/)?(?:[\w-]+\.)*(?:[\w-]+\.example|example\.(?:com|org|net))\b[^\s)]*/gi;
/** The shipped config's sample phrases (lower-cased): its postal address and its sender's name. */
const SAMPLE_PHRASES = [
  { phrase: "100 example avenue", wholeWords: false },
  { phrase: "sam example", wholeWords: true },
].map((sample) => ({ ...sample, word: sample.phrase.indexOf("example") }));
const WORD = "example";
const WORD_ANY_CASE = /example/gi;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/**
 * Each distinct example value in the text, as written (links whole), in order of appearance.
 * Every value holds the word "example", so only the tokens around its occurrences are matched:
 * a message is checked at every approval, and trying the link pattern at every position of a
 * whole body costs more than all the other checks together.
 */
export function findExampleValues(text: string): string[] {
  let at = nextWord(text, 0);
  if (at === -1) return [];
  const found: string[] = [];
  // Where the text is read up to, and where the last value found ends (a value is never inside
  // another, as when the whole text is matched left to right).
  let scannedTo = 0;
  let foundTo = 0;
  while (at !== -1) {
    const sample = samplePhraseAt(text, at, foundTo);
    if (sample) {
      found.push(text.slice(sample.start, sample.end));
      scannedTo = foundTo = sample.end;
    } else if (at >= scannedTo) {
      const start = Math.max(tokenStart(text, at), scannedTo);
      const end = tokenEnd(text, at);
      for (const match of text.slice(start, end).matchAll(EXAMPLE_LINK)) {
        found.push(match[0].replace(TRAILING_PUNCTUATION, ""));
        foundTo = start + match.index + match[0].length;
      }
      scannedTo = end;
    }
    at = nextWord(text, Math.max(at + WORD.length, scannedTo));
  }
  return [...new Set(found)];
}

const isSpace = (code: number) =>
  code === 32 || code === 10 || code === 13 || code === 9 || code === 12 || code === 11;

function tokenStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && !isSpace(text.charCodeAt(start - 1))) start -= 1;
  return start;
}

function tokenEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end += 1;
  return end;
}

/** Where the word "example" (in any case) next occurs at or after `from`, or -1. */
function nextWord(text: string, from: number): number {
  WORD_ANY_CASE.lastIndex = from;
  return WORD_ANY_CASE.exec(text)?.index ?? -1;
}

/** The sample phrase whose word "example" stands at `at` (starting at or after `from`), if any. */
function samplePhraseAt(text: string, at: number, from: number) {
  for (const { phrase, word, wholeWords } of SAMPLE_PHRASES) {
    const start = at - word;
    const end = start + phrase.length;
    if (start < from || end > text.length) continue;
    if (text.slice(start, end).toLowerCase() !== phrase) continue;
    if (wholeWords && (isWordChar(text, start - 1) || isWordChar(text, end))) continue;
    return { start, end };
  }
  return null;
}

const isWordChar = (text: string, at: number) => /\w/.test(text.charAt(at));
