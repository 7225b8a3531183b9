// Key expressions of function options (`idempotency`, `concurrency.key`): CEL expressions over the
// trigger event whose value, not truth, matters. Evaluated by the same CEL implementation as `if`
// expressions; a key that cannot be evaluated is absent, as Inngest then applies no key.
import { celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { toCelInput } from "./cel-values.ts";
import { ExpressionError } from "./expression.ts";

/** A compiled key expression. */
export type CompiledKey = {
  source: string;
  /** The key as a string, or undefined when the expression has no value for this event. */
  evaluate(vars: { event: unknown }): string | undefined;
};

const env = celEnv();

const render = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return String(value);
  }
  return undefined;
};

/** Compiles a key expression; throws ExpressionError naming it when it does not parse. */
export function compileKey(source: string): CompiledKey {
  let program: ReturnType<typeof plan>;
  try {
    program = plan(env, parse(source));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(`Invalid key expression ${JSON.stringify(source)}: ${reason}`);
  }
  return {
    source,
    evaluate: ({ event }) => {
      try {
        const result = program({ event: toCelInput(event) } as never);
        return isCelError(result) ? undefined : render(result);
      } catch {
        return undefined;
      }
    },
  };
}
