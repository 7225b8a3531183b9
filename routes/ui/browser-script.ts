// Turns typed browser modules into one plain script, with no build step: each exported function
// declaration's source text (types already stripped by Node, or by Vitest) joined in one scope,
// then the entry called. Browser modules may import only types; they reach each other's functions
// by name (`declare const f: typeof Other.f`), which is why every function is a named declaration.

type BrowserFunction = (...args: never[]) => unknown;

/** A strict-mode IIFE holding every function of the given modules, calling `entry` at the end. */
export function browserScript(modules: readonly Record<string, unknown>[], entry: string): string {
  const sources: string[] = [];
  const names = new Set<string>();
  for (const module of modules) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== "function") {
        throw new Error(`browser module export ${name} is not a function`);
      }
      const source = (value as BrowserFunction).toString();
      if (!/^(async\s+)?function\*?\s+[\w$]+\s*\(/.test(source) || value.name !== name) {
        throw new Error(`browser module export ${name} must be a named function declaration`);
      }
      // A value import would be rewritten by a transform (Vitest's) or simply be missing here.
      if (/__vi_import_|__vite_ssr_/.test(source)) {
        throw new Error(`browser function ${name} uses a value import; import only types`);
      }
      sources.push(source);
      names.add(name);
    }
  }
  if (!names.has(entry))
    throw new Error(`browser script entry ${entry} is not among the functions`);
  return `"use strict";\n(() => {\n${sources.join("\n\n")}\n\n${entry}();\n})();\n`;
}
