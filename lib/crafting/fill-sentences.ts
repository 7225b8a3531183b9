// Fills a template sentence by sentence, keeping the evidence behind each personalised one: a
// sentence that uses an unbacked variable (a fact the data lacks or does not trust enough) is
// left out, and a sentence using variables with evidence becomes a claim carried on the card.
import type { TClaim, TEvidence } from "./evidence.ts";
import { fillTemplate, type TFillSite, type TVariables, variablesIn } from "./fill-template.ts";

/** What a lead's text is filled from. */
export type TFillContext = {
  variables: TVariables;
  evidence: Readonly<Record<string, readonly TEvidence[]>>;
  unbacked: ReadonlySet<string>;
};

const SENTENCE_BREAK = /(?<=[.!?])\s+/;

/** Whether every variable of the text is backed (it may be written). */
export function isBacked(text: string, context: TFillContext): boolean {
  return variablesIn(text).every((name) => !context.unbacked.has(name));
}

/** The evidence behind a piece of template text, each fact once. */
function evidenceIn(text: string, context: TFillContext): TEvidence[] {
  const found = new Map<string, TEvidence>();
  for (const name of variablesIn(text)) {
    for (const evidence of context.evidence[name] ?? []) {
      found.set(`${evidence.field}\u0000${evidence.value}`, evidence);
    }
  }
  return [...found.values()];
}

/**
 * The template filled, line by line and sentence by sentence, without the sentences that need an
 * unbacked fact; each kept sentence that rests on evidence is returned as a claim.
 */
export function fillSentences(
  text: string,
  context: TFillContext,
  site: TFillSite,
): { text: string; claims: TClaim[] } {
  const claims: TClaim[] = [];
  const lines = text.split("\n").map((line) => {
    const kept: string[] = [];
    for (const sentence of line.split(SENTENCE_BREAK)) {
      if (!isBacked(sentence, context)) continue;
      const filled = fillTemplate(sentence, context.variables, site);
      const evidence = evidenceIn(sentence, context);
      if (evidence.length > 0) claims.push({ text: filled.trim(), evidence });
      kept.push(filled);
    }
    return kept.join(" ");
  });
  return { text: lines.join("\n"), claims };
}

/** A one-line text (a subject) filled, with its claim; null when it needs an unbacked fact. */
export function fillLine(
  text: string,
  context: TFillContext,
  site: TFillSite,
): { text: string; claims: TClaim[] } | null {
  if (!isBacked(text, context)) return null;
  const filled = fillTemplate(text, context.variables, site);
  const evidence = evidenceIn(text, context);
  return { text: filled, claims: evidence.length > 0 ? [{ text: filled, evidence }] : [] };
}
