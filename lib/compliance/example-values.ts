// Placeholder and example values that must never reach a prospect: `*.example` domains and links
// (RFC 2606), example.com/.org/.net, and the shipped config's sample postal address. The shipped
// config/sending.json is made of them, so a sandbox run can show its cards; a production card
// carrying one fails compliance, and validate-env names each config value still holding one.

export const EXAMPLE_VALUE = /\.example\b|\bexample\.(com|org|net)\b|100 Example Avenue/i;

const EVERY_EXAMPLE_VALUE =
  /(?:https?:\/\/)?(?:[\w-]+\.)*(?:[\w-]+\.example|example\.(?:com|org|net))\b[^\s)]*|100 Example Avenue/gi;

/** Each distinct example value in the text, as written (links whole), in order of appearance. */
export function findExampleValues(text: string): string[] {
  const found = [...text.matchAll(EVERY_EXAMPLE_VALUE)].map((m) => m[0].replace(/[.,;:!?]+$/, ""));
  return [...new Set(found)];
}
