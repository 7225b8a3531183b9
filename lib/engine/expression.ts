// The subset of Inngest (CEL) expressions the embedded engine evaluates: equality comparisons of
// `event.` / `async.` fields and literals, joined with `&&`. Anything else is refused up front.

/** Names usable in an expression: `event` is the run's trigger event, `async` the incoming one. */
export type ExpressionScope = "event" | "async";

/** A compiled expression; `async` is absent for trigger conditions. */
export type Predicate = (event: unknown, async?: unknown) => boolean;

type Operand =
  | { kind: "path"; root: ExpressionScope; keys: string[] }
  | { kind: "literal"; value: unknown };
type Comparison = { left: Operand; op: "==" | "!="; right: Operand };
type Token =
  | { kind: "path"; root: ExpressionScope; keys: string[] }
  | { kind: "literal"; value: unknown }
  | { kind: "op"; value: "==" | "!=" | "&&" };

/** Thrown when an expression is outside the supported subset. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
}

const SUPPORTED =
  'the embedded engine supports only comparisons such as `async.data.a == event.data.b` or `async.data.x == "literal"` (== or !=), joined with &&';

const PATH = /^(event|async)((?:\.[A-Za-z_$][\w$]*)+)/;
const NUMBER = /^-?\d+(?:\.\d+)?(?![\w.])/;
const KEYWORD = /^(true|false|null)(?![\w$])/;

const readString = (source: string, start: number): { value: string; end: number } | undefined => {
  const quote = source[start];
  let value = "";
  for (let index = start + 1; index < source.length; index++) {
    const char = source[index];
    if (char === quote) return { value, end: index + 1 };
    if (char === "\\") {
      index++;
      const escaped = source[index];
      if (escaped === undefined) return undefined;
      value += escaped === "n" ? "\n" : escaped === "t" ? "\t" : escaped;
    } else {
      value += char;
    }
  }
  return undefined;
};

const tokenize = (source: string, fail: (reason: string) => never): Token[] => {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const rest = source.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const op = /^(==|!=|&&)/.exec(rest);
    if (op) {
      tokens.push({ kind: "op", value: op[1] as "==" | "!=" | "&&" });
      index += 2;
      continue;
    }
    const path = PATH.exec(rest);
    if (path) {
      const keys = (path[2] ?? "").slice(1).split(".");
      tokens.push({ kind: "path", root: path[1] as ExpressionScope, keys });
      index += path[0].length;
      continue;
    }
    if (rest[0] === '"' || rest[0] === "'") {
      const string = readString(source, index);
      if (!string) fail("unterminated string literal");
      tokens.push({ kind: "literal", value: string.value });
      index = string.end;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "literal", value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const keyword = KEYWORD.exec(rest);
    if (keyword) {
      const word = keyword[1];
      tokens.push({ kind: "literal", value: word === "null" ? null : word === "true" });
      index += keyword[0].length;
      continue;
    }
    fail(`unexpected ${JSON.stringify(rest.slice(0, 12))}`);
  }
  return tokens;
};

const parse = (tokens: Token[], fail: (reason: string) => never): Comparison[] => {
  const comparisons: Comparison[] = [];
  let index = 0;
  const operand = (): Operand => {
    const token = tokens[index++];
    if (token?.kind === "path" || token?.kind === "literal") return token;
    return fail(
      token ? `expected a field or literal, got "${String(token.value)}"` : "unexpected end",
    );
  };
  for (;;) {
    const left = operand();
    const op = tokens[index++];
    if (op?.kind !== "op" || op.value === "&&") fail("expected == or !=");
    const right = operand();
    if (left.kind === "literal" && right.kind === "literal") fail("a comparison needs a field");
    comparisons.push({ left, op: op.value, right });
    const next = tokens[index++];
    if (next === undefined) return comparisons;
    if (next.kind !== "op" || next.value !== "&&") fail("expected && between comparisons");
  }
};

const resolve = (operand: Operand, event: unknown, async: unknown): unknown => {
  if (operand.kind === "literal") return operand.value;
  let value: unknown = operand.root === "event" ? event : async;
  for (const key of operand.keys) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
};

const equal = (a: unknown, b: unknown): boolean =>
  a === b ||
  (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));

/**
 * Compiles `source` into a predicate. A missing field makes its comparison false, as a CEL
 * "no such key" error does. Throws {@link ExpressionError} for anything outside the subset or
 * naming a scope not in `scopes`.
 */
export const compileExpression = (
  source: string,
  scopes: readonly ExpressionScope[],
): Predicate => {
  const fail = (reason: string): never => {
    throw new ExpressionError(
      `Unsupported expression ${JSON.stringify(source)}: ${reason}; ${SUPPORTED}.`,
    );
  };
  const comparisons = parse(tokenize(source, fail), fail);
  for (const { left, right } of comparisons) {
    for (const side of [left, right]) {
      if (side.kind === "path" && !scopes.includes(side.root)) {
        fail(`"${side.root}" is not available here (only ${scopes.join(", ")})`);
      }
    }
  }
  return (event, async) =>
    comparisons.every(({ left, op, right }) => {
      const a = resolve(left, event, async);
      const b = resolve(right, event, async);
      if (a === undefined || b === undefined) return false;
      return op === "==" ? equal(a, b) : !equal(a, b);
    });
};

/** The expression Inngest derives from a `match: "data.id"` option. */
export const matchExpression = (match: string): string => `async.${match} == event.${match}`;
