// Fills `{{variable}}` placeholders from a variables map in one pass and refuses to return text
// that still holds a placeholder or a stray brace; inserts snippets that carry placeholders.
import { UnfilledVariableError } from "./unfilled-variable-error.ts";

/** Variable name → the text it stands for. */
export type TVariables = Readonly<Record<string, string>>;

/** Where a template is being filled, for the error that names it. */
export type TFillSite = { step: number; template: string; part: "subject" | "body" };

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The variables a piece of template text uses, in order. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}
const LEFTOVER = /\{\{([^{}]*)\}\}|\{\{|\}\}/g;

/** `text` with every placeholder replaced; throws UnfilledVariableError naming what is left. */
export function fillTemplate(text: string, variables: TVariables, site: TFillSite): string {
  const missing: string[] = [];
  const filled = text.replace(PLACEHOLDER, (placeholder, name: string) => {
    if (Object.hasOwn(variables, name)) return variables[name] as string;
    if (!missing.includes(name)) missing.push(name);
    return placeholder;
  });
  if (missing.length > 0) throw new UnfilledVariableError(site, missing);
  if (filled.includes("{{") || filled.includes("}}")) {
    throw new UnfilledVariableError(site, leftovers(filled));
  }
  return filled;
}

/**
 * `text` with the placeholders named in `snippets` replaced by the snippets' own text (which may
 * hold placeholders in turn); every other placeholder is left for fillTemplate.
 */
export function insertSnippets(text: string, snippets: TVariables): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) =>
    Object.hasOwn(snippets, name) ? (snippets[name] as string) : placeholder,
  );
}

function leftovers(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(LEFTOVER)) {
    const name = match[1] === undefined ? `stray "${match[0]}"` : match[1].trim() || "(empty)";
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
