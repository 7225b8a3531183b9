// JSON event data as CEL values: objects become CEL maps, arrays lists, numbers doubles (as JSON
// numbers are in Inngest's CEL environment), so expressions see the event exactly as stored.
import type { CelInput } from "@bufbuild/cel";

/** Converts a JSON value into what the CEL evaluator takes as input. */
export const toCelInput = (value: unknown): CelInput => {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toCelInput);
  if (typeof value === "object") {
    const map = new Map<string, CelInput>();
    for (const [key, item] of Object.entries(value)) map.set(key, toCelInput(item));
    return map;
  }
  return value as CelInput;
};
