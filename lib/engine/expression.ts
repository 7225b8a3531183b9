// Inngest expressions (`if`, `cancelOn.if`, `waitForEvent.if`, `match`) as the Inngest server runs
// them: parsed, planned and evaluated by a real CEL implementation (@bufbuild/cel), with Inngest's
// own rules applied where upstream applies them (inngest/inngest pkg/expressions, inngest/expr):
// - compile-time checks as expressions.Validate (validation.go): syntax, undeclared names,
//   overloads, and for `cancelOn.if` the restrictive policy (no macros, logic functions only);
// - literal lifting (inngest/expr lift.go): quoted strings are taken raw, without escapes;
// - missing fields are unknowns that every call resolves as unknown.go does (`missing == null` and
//   `missing != "x"` are true, `size(missing)` is 0, `missing < 1` true, ...), int/double/null
//   comparisons coerce as there, `||`, `&&`, `?:` use JS-like truthiness, errors never escape;
// - Inngest's functions (exprenv/overloads.go): lowercase, uppercase, b64decode, json_parse, date,
//   now, now_plus, now_minus;
// - waits and cancels read `event` as pause interpolation (residual.go) leaves it: substituted
//   strings are compared in their Go-quoted form, unresolved fields are unknown or unbound.
import {
  type CelEnv,
  type CelInput,
  CelScalar,
  type CelUint,
  type CelValue,
  celEnv,
  celFunc,
  celList,
  celMap,
  celType,
  celUint,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  objectType,
  parse,
  plan,
} from "@bufbuild/cel";
import { parseDateString } from "./backoff.ts";

/** Thrown at compile time for an expression Inngest would refuse; names the expression and why. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
}

/**
 * What an expression sees. Trigger conditions: `event` is the incoming event. Waits and cancels:
 * `event` is the run's trigger event and `async` the incoming one; passing `async` selects
 * Inngest's pause semantics for `event`. `now` (ms) is what `now()` returns (wall clock if unset).
 */
export type ExpressionVars = { event?: unknown; async?: unknown; now?: number };

/** An expression compiled once; `evaluate` is cheap, and false (never a throw) on any error. */
export type CompiledExpression = { source: string; evaluate(vars: ExpressionVars): boolean };

/** Options of {@link compileExpression}. */
export type CompileOptions = {
  /** Apply the policy Inngest applies to `cancelOn.if`: no macros, logical functions only. */
  restrictive?: boolean;
};

type Expr = ReturnType<typeof parse>["expr"];
type Kind = Expr["exprKind"];
type Node<K extends Kind["case"]> = Extract<Kind, { case: K }>["value"];
type FuncGroup = NonNullable<ReturnType<CelEnv["funcs"]["find"]>>;
type Key = string | bigint | number;
type CelMapKey = string | bigint | boolean | CelUint;
/** A path from a variable (`event.data.x`, `event["a"][0]`), bound per evaluation; `test` = has(). */
type Access = { root: string; keys: Key[]; test?: string };
type Lifted = { text: string; vars: Map<string, Key> };

// cel-go values Inngest's evaluator handles specially, as sentinel CEL values.
const UNKNOWN = objectType("inngest.unknown"); // a missing field (types.Unknown)
const ERROR = objectType("inngest.error"); // a runtime error value (types.Err)
const UNBOUND = objectType("inngest.unbound"); // "no such attribute": variable not in the data
const NIL = objectType("inngest.nil"); // Go nil from date()/now_plus()/now_minus() on bad input
const TEST = Symbol("presence test");
/** A Go panic inside evaluation: cel-go recovers it as an error of the whole evaluation. */
class Abort extends Error {}
const abort = (): never => {
  throw new Abort();
};
const isError = (v: unknown) => v === UNKNOWN || v === ERROR || v === UNBOUND;

let clockNow = 0;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

// ---- Inngest's functions (exprenv/overloads.go) -------------------------------------------------

const timestamp = (ns: bigint) => {
  let seconds = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) [seconds, nanos] = [seconds - 1n, nanos + 1_000_000_000n];
  return { $typeName: "google.protobuf.Timestamp" as const, seconds, nanos: Number(nanos) };
};

/** dateutil.ParseInt: unix seconds, milliseconds or nanoseconds, nothing before 2000. */
const dateFromInt = (n: bigint) => {
  if (n < 946_684_800n) return NIL;
  if (n < 9_999_999_999n) return timestamp(n * 1_000_000_000n);
  if (n < 9_999_999_999_999n) return timestamp(n * 1_000_000n);
  return timestamp(n);
};

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
  d: 8.64e13,
  w: 6.048e14,
};

/** xhit/go-str2duration ParseDuration (Go durations plus `d` and `w`), in nanoseconds. */
const parseDuration = (text: string): bigint | undefined => {
  if (text === "0") return 0n;
  const body = /^[-+]?((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w))+)$/.exec(text);
  if (!body) return undefined;
  let total = 0;
  for (const [, amount, unit] of (body[1] ?? "").matchAll(
    /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/g,
  )) {
    total += Number(amount) * (DURATION_UNITS[unit ?? ""] ?? 0);
  }
  return BigInt(Math.round(text.startsWith("-") ? -total : total));
};

const shiftedNow = (text: CelValue, sign: 1n | -1n) => {
  const shift = typeof text === "string" ? parseDuration(text) : undefined;
  return shift === undefined ? NIL : timestamp(BigInt(clockNow) * 1_000_000n + sign * shift);
};

/** Go's base64.StdEncoding.DecodeString: on corrupt input, what was decoded before it. */
const b64decode = (text: string) => {
  const clean = text.replace(/[\r\n]/g, "");
  const valid = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?/.exec(clean)?.[0];
  return Buffer.from(valid ?? "", "base64").toString("utf8");
};

/** json.Unmarshal into a map: anything but a JSON object leaves it empty. */
const jsonObject = (text: string): Record<string, CelInput> => {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? (value as Record<string, CelInput>) : {};
  } catch {
    return {};
  }
};

const { DYN, STRING } = CelScalar;
const INNGEST_FUNCTIONS = [
  celFunc("lowercase", [DYN], STRING, (s) => (typeof s === "string" ? s.toLowerCase() : "")),
  celFunc("uppercase", [DYN], STRING, (s) => (typeof s === "string" ? s.toUpperCase() : "")),
  celFunc("b64decode", [DYN], STRING, (s) => b64decode(typeof s === "string" ? s : "")),
  celFunc("json_parse", [DYN], DYN, (s) => jsonObject(typeof s === "string" ? s : "")),
  celFunc("date", [DYN], DYN, (v) => {
    if (typeof v === "bigint") return dateFromInt(v);
    const ns = typeof v === "string" ? parseDateString(v) : undefined;
    return ns === undefined ? NIL : timestamp(ns);
  }),
  celFunc("now", [], DYN, () => timestamp(BigInt(clockNow) * 1_000_000n)),
  celFunc("now_plus", [DYN], DYN, (s) => shiftedNow(s, 1n)),
  celFunc("now_minus", [DYN], DYN, (s) => shiftedNow(s, -1n)),
];

// ---- The unknown decorator (pkg/expressions/unknown.go) -----------------------------------------

const SCALAR_KINDS: Record<string, string> = {
  string: "string",
  number: "double",
  bigint: "int",
  boolean: "bool",
};
const kindOf = (v: CelValue): string => {
  const scalar = SCALAR_KINDS[typeof v];
  if (scalar) return scalar;
  if (v === null) return "null_type";
  return v === UNKNOWN ? "unknown" : v === ERROR || v === UNBOUND ? "error" : celType(v).name;
};
const ZERO: Record<string, CelValue> = { int: 0n, uint: celUint(0n), double: 0, string: "" };
const COMPARABLE = new Set(["bool", "bytes", "double", "int", "string", "uint"]);
const ORDERING = new Set(["_<_", "_<=_", "_>_", "_>=_"]);

/** Go's %v of a CEL value, used when `+` concatenates mixed types. */
const goString = (v: unknown, nested = false): string => {
  if (v === null) return nested ? "<nil>" : "NULL_VALUE";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    const [mantissa, exponent = "0"] = v.toExponential().split("e");
    const exp = Number(exponent);
    if (exp >= -4 && exp < 6) return Object.is(v, -0) ? "-0" : String(v);
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (isCelUint(v)) return String(v.value);
  if (isCelList(v)) return `[${[...v].map((item) => goString(item, true)).join(" ")}]`;
  if (isCelMap(v)) {
    const entries = [...v.entries()].map(([k, x]) => [goString(k, true), goString(x, true)]);
    entries.sort(([a = ""], [b = ""]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, x]) => `${k}:${x}`).join(" ")}]`;
  }
  return String(v);
};

/** unknown.go handleUnknownCall: the value of a call that got an unknown or error argument. */
const onUnknown = (
  name: string,
  a0: CelValue | undefined,
  a1: CelValue | undefined,
  nullArg: boolean,
) => {
  switch (name) {
    case "_+_":
      return a0 !== UNKNOWN && a0 !== undefined
        ? a0
        : a1 !== UNKNOWN && a1 !== undefined
          ? a1
          : false;
    case "_==_":
      return nullArg;
    case "_!=_":
      return !nullArg;
    case "_<_":
    case "_<=_":
      return isError(a0);
    case "_>_":
    case "_>=_":
      return !isError(a0);
    case "size":
      return 0n;
    default:
      return false;
  }
};

/** unknown.go runtimeUnknownCall around one standard or Inngest function. */
const decorate = (
  name: string,
  std: FuncGroup,
  id: number,
  target: CelValue | undefined,
  args: CelValue[],
): CelValue => {
  const all = target === undefined ? args : [target, ...args];
  let t0 = "";
  let t1 = "";
  for (const v of all) {
    if (v === NIL) abort();
    const kind = kindOf(v);
    if (t0 === "") t0 = kind;
    else if (t1 === "" && kind !== t0) t1 = kind;
  }
  const has = (kind: string) => t0 === kind || t1 === kind;
  const native = (callTarget = target, callArgs = args): CelValue => {
    const result = std.call(id, callTarget, callArgs);
    return result === undefined || isCelError(result) ? ERROR : result;
  };
  const [a0, a1] = all;
  const troubled = has("unknown") || has("error");
  if (t1 === "" && !troubled) return native();
  if (t1 !== "" && !troubled) {
    const result = native();
    if (result !== ERROR) return result;
    if (name === "_+_") return goString(a0) + goString(a1);
    if (!has("null_type") || all.length !== 2) return result;
  }
  if (troubled) {
    if (a0 === UNBOUND || a1 === UNBOUND) return all.find(isError) ?? ERROR;
    return onUnknown(name, a0, a1, has("null_type"));
  }
  if (name === "_==_") return false;
  if (name === "_!=_") return true;
  if (!ORDERING.has(name)) return native();
  // Null against another type: the null becomes that type's zero value (zeroValArgs); Go's
  // Comparer assertion on the left operand panics when it is not comparable.
  const zero = ZERO[t0 === "null_type" ? t1 : t0];
  const [l = null, r = null] = all.map((v) => (v === null && zero !== undefined ? zero : v));
  if (!COMPARABLE.has(kindOf(l)) && !kindOf(l).startsWith("google.protobuf.")) abort();
  return native(undefined, [l, r]);
};

// ---- Inngest's evaluation of `&&`, `||`, `?:`, field access and comprehensions -----------------

/** unknown.go isTruthy. */
const truthy = (v: CelValue): boolean => {
  if (v === null || v === NIL || isError(v)) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v !== "";
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "number") return v !== 0;
  return isCelUint(v) ? v.value !== 0n : true;
};

const EMPTY = celList([]);
const guard = (v: CelValue | undefined): CelValue => (v === NIL ? abort() : (v ?? ERROR));

const INTERNAL: Record<string, (args: CelValue[]) => CelValue> = {
  "@and": ([a = null, b = null]) =>
    typeof a === "boolean" && typeof b === "boolean" ? a && b : truthy(a) ? b : a,
  "@or": ([a = null, b = null]) =>
    typeof a === "boolean" && typeof b === "boolean" ? a || b : truthy(a) ? a : b,
  "@truthy": ([v = null]) => truthy(v),
  "@nsf": ([v]) => v !== UNKNOWN && v !== ERROR && v !== false,
  "@get": ([x, field]) => {
    const value = guard(x);
    if (isError(value)) return value;
    return isCelMap(value) && typeof field === "string" ? (value.get(field) ?? ERROR) : ERROR;
  },
  "@index": ([x, key]) => {
    const [value, k] = [guard(x), guard(key)];
    if (isError(value)) return value;
    if (isError(k)) return k;
    if (isCelList(value)) {
      const i = typeof k === "bigint" ? Number(k) : isCelUint(k) ? Number(k.value) : k;
      return typeof i === "number" && Number.isInteger(i) && i >= 0
        ? (value.get(i) ?? ERROR)
        : ERROR;
    }
    const mapKey = isCelUint(k) || ["string", "bigint", "boolean", "number"].includes(typeof k);
    return isCelMap(value) && mapKey ? (value.get(k as string) ?? ERROR) : ERROR;
  },
  "@has": ([x, field]) => {
    const value = guard(x);
    if (isError(value)) return value;
    return isCelMap(value) && typeof field === "string" ? value.has(field) : ERROR;
  },
  // cel-go evalList / evalMap: a literal with an unknown or error inside is that unknown or error.
  "@list": (items) => items.find(isError) ?? celList(items.map(guard)),
  "@map": (items) => {
    const failed = items.find(isError);
    if (failed) return failed;
    const entries = new Map<CelMapKey, CelValue>();
    for (let i = 0; i < items.length; i += 2) {
      const key = guard(items[i]);
      const mapKey = typeof key === "number" && Number.isInteger(key) ? BigInt(key) : key;
      const valid = isCelUint(mapKey) || ["string", "bigint", "boolean"].includes(typeof mapKey);
      if (!valid || entries.has(mapKey as CelMapKey)) return ERROR;
      entries.set(mapKey as CelMapKey, guard(items[i + 1]));
    }
    return celMap(entries);
  },
  "@range": ([r]) => (isCelList(guard(r)) || isCelMap(r) ? (r as CelValue) : EMPTY),
  "@fold": ([r, result = null]) =>
    isCelList(guard(r)) || isCelMap(r) ? result : isError(r) ? (r as CelValue) : ERROR,
};

const STD = celEnv({ funcs: INNGEST_FUNCTIONS });
const groups = new Map<string, FuncGroup | undefined>();
const group = (name: string, call: FuncGroup["call"]): FuncGroup => ({
  name,
  *[Symbol.iterator]() {},
  call,
});
/** Every call goes through the decorator; Inngest's control functions are called directly. */
const find = (name: string): FuncGroup | undefined => {
  if (groups.has(name)) return groups.get(name);
  const internal = INTERNAL[name];
  const std = internal ? undefined : STD.funcs.find(name);
  const found = internal
    ? group(name, (_id, _target, args) => internal(args))
    : std && group(name, (id, target, args) => decorate(name, std, id, target, args));
  groups.set(name, found);
  return found;
};
const ENV: CelEnv = Object.create(STD, {
  funcs: { value: Object.create(STD.funcs, { find: { value: find } }) },
});

// ---- Source handling: comments and escapes (cel-go lexer), literal lifting (expr lift.go) -------

const ESCAPE =
  /\\(?:[abfnrtv\\'"`?]|[xX][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-3][0-7]{2})|\\/g;

/** Blanks `//` comments (which @bufbuild/cel does not take) and rejects escapes cel-go rejects. */
const scan = (source: string): string => {
  let text = "";
  for (let i = 0; i < source.length; ) {
    if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? source.length : end;
      text += " ".repeat(stop - i);
      i = stop;
      continue;
    }
    const c = source[i] ?? "";
    if (c !== '"' && c !== "'") {
      text += c;
      i++;
      continue;
    }
    const raw = /(?:^|[^\w])[bB]?[rR][bB]?$/.test(text);
    const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    let j = i + quote.length;
    while (j < source.length && !source.startsWith(quote, j))
      j += !raw && source[j] === "\\" ? 2 : 1;
    const body = source.slice(i + quote.length, j);
    if (!raw && [...body.matchAll(ESCAPE)].some(([match]) => match === "\\")) {
      throw new ExpressionError(
        `invalid escape sequence in string literal ${source.slice(i, j + 1)}`,
      );
    }
    text += source.slice(i, j + quote.length);
    i = j + quote.length;
  }
  return text;
};

const isIdentChar = (c: string) => /^[A-Za-z0-9_]$/.test(c);
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const GO_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

/** The inside of Go's strconv.Quote(text). */
const goQuote = (text: string): string => {
  if (/^[ !#-[\]-~]*$/.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return out;
};

/** Go's strconv.FormatFloat(f, 'f', -1, 64). */
const plainFloat = (n: number): string => {
  const [digits = "", exponent = "0"] = n.toExponential().replace("-", "").split("e");
  const [whole = "", fraction = ""] = digits.split(".");
  const shift = Number(exponent);
  const all = whole + fraction;
  const point = whole.length + shift;
  const text =
    point <= 0
      ? `0.${"0".repeat(-point)}${all}`
      : point >= all.length
        ? all + "0".repeat(point - all.length)
        : `${all.slice(0, point)}.${all.slice(point)}`;
  return (n < 0 ? "-" : "") + text;
};

/**
 * inngest/expr liftLiterals: strings (raw, escapes untouched) and numbers become `vars.a`..`vars.z`
 * so that one compiled program serves many literals. Undefined when the source mentions `vars.`
 * (never lifted); throws where the Go lifter panics (an unterminated string).
 */
const lift = (source: string): Lifted | undefined => {
  if (source.includes("vars.")) return undefined;
  const vars = new Map<string, Key>();
  let out = "";
  let prev = "";
  let depth = 0;
  let comment = false;
  let i = 0;
  const add = (value: Key) => {
    if (vars.size >= 26) {
      const text =
        typeof value === "string"
          ? `"${goQuote(value)}"`
          : typeof value === "number"
            ? plainFloat(value)
            : String(value);
      out += text;
      prev = text.slice(-1);
      return;
    }
    const name = String.fromCharCode(97 + vars.size);
    vars.set(name, value);
    out += `vars.${name}`;
    prev = name;
  };
  const write = (text: string) => {
    out += text;
    prev = text.slice(-1);
  };
  const digits = () => {
    while (/\d/.test(source[i] ?? "")) i++;
  };
  const number = (start: number, float: boolean) => {
    const text = source.slice(start, i);
    const value = float ? Number(text) : BigInt(text);
    const valid = float ? Number.isFinite(value) : (value as bigint) < 2n ** 63n;
    if (valid) add(value);
    else write(text);
  };
  while (i < source.length) {
    const c = source[i++] ?? "";
    if (comment && c === "\n") comment = false;
    if (comment) continue;
    if (c === "/" && source[i] === "/") {
      comment = true;
    } else if (c === '"' || c === "'") {
      const start = i;
      while (i < source.length && source[i] !== c)
        i += source[i] === "\\" && source[i + 1] === c ? 2 : 1;
      if (i >= source.length) throw new Error("unable to parse quoted string");
      add(source.slice(start, i++));
    } else if (c === "." && !isIdentChar(prev) && /\d/.test(source[i] ?? "")) {
      const start = i - 1;
      digits();
      if (/[eE]/.test(source[i] ?? "")) {
        i++;
        if (/[+-]/.test(source[i] ?? "")) i++;
        digits();
      }
      number(start, true);
    } else if (/\d/.test(c) && !isIdentChar(prev)) {
      const start = i - 1;
      if (depth > 0 || (c === "0" && /[A-Za-z]/.test(source[i] ?? ""))) {
        write(c);
        continue;
      }
      digits();
      if (/[uU]/.test(source[i] ?? "")) {
        i++;
        write(source.slice(start, i));
        continue;
      }
      let float = false;
      if (source[i] === "." && /\d/.test(source[i + 1] ?? "")) {
        float = true;
        i++;
        digits();
      }
      if (/[eE]/.test(source[i] ?? "")) {
        i++;
        if (/[+-]/.test(source[i] ?? "")) i++;
        digits();
        const text = source.slice(start, i);
        if (/^\d+(?:\.\d+)?[eE][+-]?\d+$/.test(text)) number(start, true);
        else write(text);
        continue;
      }
      number(start, float);
    } else {
      if (c === "[") depth++;
      if (c === "]") depth--;
      write(c);
    }
  }
  return { text: out.trim(), vars };
};

// ---- Compile-time checks (expressions.Validate: cel-go Compile + ValidationPolicy) ---------------

type Overload = { target?: string; params: string[]; result: string };
const CMP = "*,*>bool";
const ARITH = "int,int>int uint,uint>uint double,double>double";
const STRING_TEST = "string.string>bool";
const TIME_PART = "timestamp.>int timestamp.string>int";
const CLOCK_PART = `${TIME_PART} duration.>int`;
/** The declarations of Inngest's CEL environment: `[target.]params>result`, `*` any type. */
const SIGNATURES = new Map<string, Overload[]>(
  Object.entries({
    "!_": "bool>bool",
    "-_": "int>int double>double",
    "_-_": `${ARITH} timestamp,timestamp>duration timestamp,duration>timestamp duration,duration>duration`,
    "_*_": ARITH,
    "_/_": ARITH,
    "_%_": "int,int>int uint,uint>uint",
    "_&&_": "bool,bool>bool",
    "_||_": "bool,bool>bool",
    "_?_:_": "bool,*,*>*",
    "_[_]": "list,int>* map,*>*",
    "@in": "*,list>bool *,map>bool",
    "@not_strictly_false": "bool>bool",
    "_+_": "*,*>*",
    "_==_": CMP,
    "_!=_": CMP,
    "_<_": CMP,
    "_<=_": CMP,
    "_>_": CMP,
    "_>=_": CMP,
    size: "string>int bytes>int list>int map>int string.>int bytes.>int list.>int map.>int",
    contains: STRING_TEST,
    startsWith: STRING_TEST,
    endsWith: STRING_TEST,
    matches: `string,string>bool ${STRING_TEST}`,
    int: "int>int uint>int double>int string>int timestamp>int duration>int",
    uint: "uint>uint int>uint double>uint string>uint",
    double: "double>double int>double uint>double string>double",
    string:
      "string>string bool>string bytes>string double>string duration>string int>string timestamp>string uint>string",
    bytes: "bytes>bytes string>bytes",
    bool: "bool>bool string>bool",
    timestamp: "timestamp>timestamp int>timestamp string>timestamp",
    duration: "duration>duration int>duration string>duration",
    dyn: "*>*",
    type: "*>type",
    getFullYear: TIME_PART,
    getMonth: TIME_PART,
    getDayOfYear: TIME_PART,
    getDayOfMonth: TIME_PART,
    getDate: TIME_PART,
    getDayOfWeek: TIME_PART,
    getHours: CLOCK_PART,
    getMinutes: CLOCK_PART,
    getSeconds: CLOCK_PART,
    getMilliseconds: CLOCK_PART,
    lowercase: "string>string",
    uppercase: "string>string",
    b64decode: "string>string",
    json_parse: "string>*",
    date: "*>timestamp",
    now: ">timestamp",
    now_plus: "string>timestamp",
    now_minus: "string>timestamp",
  }).map(([name, text]) => [
    name,
    text.split(" ").map((overload) => {
      const [call = "", result = ""] = overload.split(">");
      const dot = call.indexOf(".");
      const params = (dot < 0 ? call : call.slice(dot + 1)).split(",").filter(Boolean);
      return dot < 0 ? { params, result } : { target: call.slice(0, dot), params, result };
    }),
  ]),
);
const CONSTANT_TYPES: Record<string, string> = {
  boolValue: "bool",
  bytesValue: "bytes",
  doubleValue: "double",
  int64Value: "int",
  uint64Value: "uint",
  stringValue: "string",
  nullValue: "null_type",
};
const VARIABLES = new Set(["event", "async", "vars"]);
const TYPE_NAMES = new Set("int uint double bool string bytes list map null_type type".split(" "));
/** validation.go: what the restrictive policy (`cancelOn.if`) allows. */
const LOGIC_FUNCTIONS = new Set(
  "_?_:_ _&&_ _||_ !_ _==_ _!=_ _<_ _<=_ _>_ _>=_ _[_] @in int uint double".split(" "),
);

const fits = (actual: string, declared: string) =>
  declared === "*" || actual === "dyn" || actual === declared;

/** Type-checks as cel-go does against Inngest's declarations; returns the static type. */
const check = (e: Expr, scope: ReadonlySet<string>): string => {
  const k = e.exprKind;
  switch (k.case) {
    case "constExpr":
      return CONSTANT_TYPES[k.value.constantKind.case ?? ""] ?? "dyn";
    case "identExpr": {
      const { name } = k.value;
      if (scope.has(name)) return "dyn";
      if (VARIABLES.has(name)) return "map";
      if (TYPE_NAMES.has(name)) return "type";
      throw new ExpressionError(`undeclared reference to '${name}'`);
    }
    case "selectExpr": {
      const type = k.value.operand ? check(k.value.operand, scope) : "dyn";
      if (!fits(type, "map"))
        throw new ExpressionError(`type '${type}' does not support field selection`);
      return k.value.testOnly ? "bool" : "dyn";
    }
    case "listExpr":
      for (const element of k.value.elements) check(element, scope);
      return "list";
    case "structExpr":
      if (k.value.messageName)
        throw new ExpressionError(`undeclared reference to '${k.value.messageName}'`);
      for (const entry of k.value.entries) {
        if (entry.keyKind.case === "mapKey") check(entry.keyKind.value, scope);
        if (entry.value) check(entry.value, scope);
      }
      return "map";
    case "comprehensionExpr": {
      const c = k.value;
      const range = c.iterRange ? check(c.iterRange, scope) : "dyn";
      if (!["list", "map", "dyn"].includes(range)) {
        throw new ExpressionError(
          `expression of type '${range}' cannot be range of a comprehension`,
        );
      }
      if (c.accuInit) check(c.accuInit, scope);
      const inner = new Set([...scope, c.iterVar, c.iterVar2, c.accuVar]);
      for (const part of [c.loopCondition, c.loopStep, c.result]) if (part) check(part, inner);
      return "dyn";
    }
    case "callExpr": {
      const name = k.value.function;
      const overloads = SIGNATURES.get(name);
      if (!overloads) throw new ExpressionError(`undeclared reference to '${name}'`);
      const target = k.value.target ? check(k.value.target, scope) : undefined;
      const args = k.value.args.map((arg) => check(arg, scope));
      const matching = overloads.filter(
        (o) =>
          (o.target === undefined) === (target === undefined) &&
          (target === undefined || fits(target, o.target ?? "")) &&
          o.params.length === args.length &&
          o.params.every((param, i) => fits(args[i] ?? "", param)),
      );
      if (matching.length === 0) {
        const on = target === undefined ? "" : `${target}.`;
        throw new ExpressionError(
          `found no matching overload for '${name}' applied to '${on}(${args.join(", ")})'`,
        );
      }
      const result = matching[0]?.result ?? "*";
      return result !== "*" && matching.every((o) => o.result === result) ? result : "dyn";
    }
    default:
      return "dyn";
  }
};

/** validation.go validateAST with DefaultRestrictiveValidationPolicy. */
const violations = (e: Expr, found: string[]): string[] => {
  const k = e.exprKind;
  if (k.case === "comprehensionExpr") found.push("macros are disallowed");
  if (k.case === "selectExpr") {
    if (k.value.testOnly) found.push("macros are disallowed (uses 'has')");
    if (k.value.operand) violations(k.value.operand, found);
  }
  if (k.case === "callExpr") {
    const name = k.value.function;
    if (!LOGIC_FUNCTIONS.has(name)) found.push(`function calls are disallowed (uses '${name}')`);
    for (const arg of k.value.args) violations(arg, found);
  }
  return found;
};

// ---- Planning: rewrite the AST onto Inngest's evaluation, then plan it once ---------------------

const node = (kind: Kind): Expr => ({ $typeName: "cel.expr.Expr", id: 0n, exprKind: kind });
const ident = (name: string) =>
  node({ case: "identExpr", value: { $typeName: "cel.expr.Expr.Ident", name } });
const call = (fn: string, args: Expr[], target?: Expr) =>
  node({
    case: "callExpr",
    value: { $typeName: "cel.expr.Expr.Call", function: fn, args, ...(target ? { target } : {}) },
  });
const constant = (value: Key | boolean | null): Expr => {
  const constantKind: Node<"constExpr">["constantKind"] =
    typeof value === "string"
      ? { case: "stringValue", value }
      : typeof value === "bigint"
        ? { case: "int64Value", value }
        : typeof value === "number"
          ? { case: "doubleValue", value }
          : typeof value === "boolean"
            ? { case: "boolValue", value }
            : { case: "nullValue", value: 0 };
  return node({ case: "constExpr", value: { $typeName: "cel.expr.Constant", constantKind } });
};

/** pkg/expressions/attrs.go parseUsedAttributes: the paths whose absence makes a field unknown. */
const trackedPaths = (root: Expr): string[][] => {
  const paths = new Map<string, string[]>();
  const stack = [root];
  for (let e = stack.shift(); e; e = stack.shift()) {
    const k = e.exprKind;
    if (k.case === "comprehensionExpr" && k.value.iterRange) stack.push(k.value.iterRange);
    if (k.case === "callExpr") stack.push(...k.value.args);
    if (k.case !== "selectExpr") continue;
    const path: string[] = [];
    let operand: Expr | undefined = e;
    while (operand?.exprKind.case === "selectExpr") {
      path.unshift(operand.exprKind.value.field);
      operand = operand.exprKind.value.operand;
    }
    const o = operand?.exprKind;
    if (o?.case === "identExpr") path.unshift(o.value.name);
    else if (o?.case === "callExpr" && o.value.function === "_[_]" && o.value.args.length === 2) {
      const [container, index] = o.value.args;
      const key =
        index?.exprKind.case === "constExpr" ? index.exprKind.value.constantKind.value : "";
      const name = container?.exprKind.case === "identExpr" ? container.exprKind.value.name : "";
      path.unshift(name, typeof key === "string" ? key : "");
    }
    if (path.length > 1) paths.set(JSON.stringify(path), path);
  }
  return [...paths.values()];
};

type Program = {
  run: ReturnType<typeof plan>;
  accesses: Access[];
  tracked: string[][];
  lifted: Map<string, Key> | undefined;
  /** The comparison tree pause interpolation re-serialises, if the expression is one. */
  tree: PredicateTree | undefined;
};
type BuildOptions = {
  /** Build what waits and cancels evaluate (with the predicate tree of the re-serialisation). */
  pause?: boolean;
  /** String literals arrive Go-quoted (pause interpolation re-serialises, then lifts, the source). */
  quote?: boolean;
  /** Tracked paths, when they must come from the lifted form of the source. */
  tracked?: string[][];
};

/** Plans `text` (the lifted source) with every construct routed through Inngest's semantics. */
const build = (
  text: string,
  lifted: Map<string, Key> | undefined,
  options: BuildOptions = {},
): Program | undefined => {
  let parsed: Expr;
  try {
    parsed = parse(text).expr;
  } catch {
    return undefined;
  }
  const accesses: Access[] = [];
  const names = new Map<string, string>();
  const liftedValue = (e: Expr, scope: ReadonlySet<string>): { value: Key } | undefined => {
    const k = e.exprKind;
    if (k.case !== "selectExpr" || k.value.testOnly || !lifted?.has(k.value.field))
      return undefined;
    const o = k.value.operand?.exprKind;
    if (o?.case !== "identExpr" || o.value.name !== "vars" || scope.has("vars")) return undefined;
    const value = lifted.get(k.value.field);
    return value === undefined ? undefined : { value };
  };
  const keyOf = (e: Expr | undefined, scope: ReadonlySet<string>): Key | undefined => {
    if (!e) return undefined;
    const k = e.exprKind;
    if (k.case !== "constExpr") return liftedValue(e, scope)?.value;
    const { value } = k.value.constantKind;
    if (typeof value === "string" || typeof value === "bigint") return value;
    return typeof value === "number" && Number.isInteger(value) ? value : undefined;
  };
  /** A chain of field and constant-index accesses from a variable, or undefined. */
  const chain = (e: Expr, scope: ReadonlySet<string>): Access | undefined => {
    const keys: Key[] = [];
    for (let at: Expr | undefined = e; at; ) {
      const k: Kind = at.exprKind;
      if (k.case === "identExpr")
        return scope.has(k.value.name) ? undefined : { root: k.value.name, keys };
      if (k.case === "selectExpr" && !k.value.testOnly && !liftedValue(at, scope)) {
        keys.unshift(k.value.field);
        at = k.value.operand;
      } else if (
        k.case === "callExpr" &&
        k.value.function === "_[_]" &&
        k.value.args.length === 2
      ) {
        const key = keyOf(k.value.args[1], scope);
        if (key === undefined) return undefined;
        keys.unshift(key);
        at = k.value.args[0];
      } else return undefined;
    }
    return undefined;
  };
  const bind = (access: Access): Expr => {
    const id = JSON.stringify([
      access.root,
      access.test,
      ...access.keys.map((key) => `${typeof key}:${key}`),
    ]);
    let name = names.get(id);
    if (!name) {
      name = `@a${accesses.length}`;
      names.set(id, name);
      accesses.push(access);
    }
    return ident(name);
  };
  const rewrite = (e: Expr, scope: ReadonlySet<string>): Expr => {
    const k = e.exprKind;
    const rw = (child: Expr) => rewrite(child, scope);
    switch (k.case) {
      case "constExpr": {
        const { value } = k.value.constantKind;
        return options.quote && typeof value === "string" ? constant(goQuote(value)) : e;
      }
      case "identExpr":
        return scope.has(k.value.name) ? e : bind({ root: k.value.name, keys: [] });
      case "selectExpr": {
        const value = liftedValue(e, scope);
        if (value) return constant(value.value);
        const operand = k.value.operand ?? e;
        if (k.value.testOnly) {
          const base = chain(operand, scope);
          return base
            ? bind({ ...base, test: k.value.field })
            : call("@has", [rw(operand), constant(k.value.field)]);
        }
        const path = chain(e, scope);
        return path ? bind(path) : call("@get", [rw(operand), constant(k.value.field)]);
      }
      case "callExpr": {
        const { function: fn, args, target } = k.value;
        const path = fn === "_[_]" ? chain(e, scope) : undefined;
        if (path) return bind(path);
        const renamed = {
          "_[_]": "@index",
          "_&&_": "@and",
          "_||_": "@or",
          "@not_strictly_false": "@nsf",
        }[fn];
        if (renamed) return call(renamed, args.map(rw));
        if (fn === "_?_:_")
          return call(
            fn,
            args.map((arg, i) => (i === 0 ? call("@truthy", [rw(arg)]) : rw(arg))),
          );
        if (fn === "matches" && !target && args.length === 2 && args[0]) {
          return call(fn, args.slice(1).map(rw), rw(args[0]));
        }
        return call(fn, args.map(rw), target && rw(target));
      }
      case "listExpr":
        return call("@list", k.value.elements.map(rw));
      case "structExpr":
        return call(
          "@map",
          k.value.entries.flatMap((entry) =>
            entry.keyKind.case === "mapKey" && entry.value
              ? [rw(entry.keyKind.value), rw(entry.value)]
              : [],
          ),
        );
      case "comprehensionExpr": {
        const c = k.value;
        const inner = new Set([...scope, c.iterVar, c.iterVar2, c.accuVar]);
        const range = c.iterRange ? rw(c.iterRange) : constant(null);
        const step = (part: Expr | undefined) => (part ? rewrite(part, inner) : constant(null));
        return node({
          case: "comprehensionExpr",
          value: {
            ...c,
            iterRange: call("@range", [range]),
            ...(c.accuInit ? { accuInit: rw(c.accuInit) } : {}),
            loopCondition: step(c.loopCondition),
            loopStep: step(c.loopStep),
            result: call("@fold", [range, step(c.result)]),
          },
        });
      }
      default:
        return e;
    }
  };
  return {
    run: plan(ENV, rewrite(parsed, new Set())),
    accesses,
    tracked: options.tracked ?? trackedPaths(parsed),
    lifted,
    tree: options.pause ? predicateTree(parsed, lifted, options.quote === true) : undefined,
  };
};

// ---- Pause re-serialisation (expressions.Interpolate → inngest/expr parser Node.String) ---------

/** An operand Inngest's predicate parser reads: a variable path, or a literal. */
type Operand = { path: Access } | { literal: unknown };
type PredicateTree =
  | { join: "and" | "or"; left: PredicateTree; right: PredicateTree }
  | { op: "_==_" | "_!=_"; a: Operand; b: Operand };

const operandOf = (e: Expr | undefined, lifted: Map<string, Key> | undefined, quote: boolean) => {
  const k = e?.exprKind;
  if (k?.case === "constExpr") {
    const { case: kind, value } = k.value.constantKind;
    if (kind === "nullValue") return { literal: null };
    if (kind === "stringValue") return { literal: quote ? goQuote(value) : value };
    const scalar = kind === "int64Value" || kind === "doubleValue" || kind === "boolValue";
    return scalar ? { literal: value } : undefined;
  }
  const keys: string[] = [];
  let at = e;
  while (at?.exprKind.case === "selectExpr" && !at.exprKind.value.testOnly) {
    keys.unshift(at.exprKind.value.field);
    at = at.exprKind.value.operand;
  }
  if (at?.exprKind.case !== "identExpr" || keys.length === 0) return undefined;
  const root = at.exprKind.value.name;
  const [first = ""] = keys;
  if (root === "vars" && keys.length === 1 && lifted?.has(first))
    return { literal: lifted.get(first) };
  return root === "event" || root === "async" ? { path: { root, keys } } : undefined;
};

/**
 * The expression as a tree of `==`/`!=` comparisons joined by `&&`/`||`: the shape Inngest's
 * predicate parser re-serialises without loss. Anything else is left to plain evaluation.
 */
const predicateTree = (
  e: Expr,
  lifted: Map<string, Key> | undefined,
  quote: boolean,
): PredicateTree | undefined => {
  const k = e.exprKind;
  if (k.case !== "callExpr" || k.value.target || k.value.args.length !== 2) return undefined;
  const { function: fn, args } = k.value;
  const [l, r] = args;
  if ((fn === "_&&_" || fn === "_||_") && l && r) {
    const left = predicateTree(l, lifted, quote);
    const right = predicateTree(r, lifted, quote);
    return left && right && { join: fn === "_&&_" ? "and" : "or", left, right };
  }
  if (fn !== "_==_" && fn !== "_!=_") return undefined;
  const a = operandOf(l, lifted, quote);
  const b = operandOf(r, lifted, quote);
  return a && b && ("path" in a || "path" in b) ? { op: fn, a, b } : undefined;
};

/** A value read from event data as a CEL value (the sentinels pass through). */
const celValue = (v: unknown): CelValue => {
  if (Array.isArray(v)) return celList(v);
  if (isError(v) || v === NIL || !isObject(v)) return v as CelValue;
  return celMap(new Map(Object.entries(v) as [string, CelInput][]));
};

const compare = (op: string, a: unknown, b: unknown): boolean =>
  find(op)?.call(0, undefined, [celValue(a), celValue(b)]) === true;

/**
 * What a wait or cancel evaluates once Inngest has interpolated the trigger event into it: known
 * comparisons fold to true/false, and when a trigger field is missing the expression is re-printed
 * from its predicate tree, where `event.x OP async.y` becomes `async.y OP null` and
 * `event.x OP literal` becomes `null OP literal`, with literals quoted once more. Undefined when
 * nothing is re-printed (plain evaluation then gives Inngest's answer).
 */
const reserialised = (
  tree: PredicateTree,
  read: (access: Access) => unknown,
): boolean | undefined => {
  const value = (o: Operand) => ("path" in o ? read(o.path) : o.literal);
  const missingEvent = (o: Operand) => "path" in o && o.path.root === "event" && isError(value(o));
  const known = (o: Operand) => !("path" in o) || (o.path.root === "event" && !missingEvent(o));
  const prune = (t: PredicateTree): boolean | PredicateTree => {
    if ("op" in t) return known(t.a) && known(t.b) ? compare(t.op, value(t.a), value(t.b)) : t;
    const [left, right] = [prune(t.left), prune(t.right)];
    const [absorbing, neutral] = t.join === "and" ? [false, true] : [true, false];
    if (left === absorbing || right === absorbing) return absorbing;
    if (left === neutral) return right;
    if (right === neutral) return left;
    return { ...t, left: left as PredicateTree, right: right as PredicateTree };
  };
  const pruned = prune(tree);
  if (typeof pruned === "boolean") return pruned;
  const hasMissing = (t: PredicateTree): boolean =>
    "op" in t ? missingEvent(t.a) || missingEvent(t.b) : hasMissing(t.left) || hasMissing(t.right);
  if (!hasMissing(pruned)) return undefined;
  /** A literal as Predicate.String prints it, lifted raw again. */
  const relifted = (v: unknown): unknown => {
    if (typeof v === "string") return goQuote(v);
    if (Array.isArray(v)) return null;
    return isObject(v) ? abort() : v;
  };
  const isIdent = (o: Operand) => "path" in o && (o.path.root === "async" || missingEvent(o));
  /** A re-printed identifier: a missing trigger field is no longer in the data. */
  const identValue = (o: Operand) => (missingEvent(o) ? UNKNOWN : value(o));
  const evaluateLeaf = ({ op, a, b }: Extract<PredicateTree, { op: string }>): boolean => {
    const [ident, other] = isIdent(a) ? [a, b] : [b, a];
    if (isIdent(other)) {
      return missingEvent(ident)
        ? compare(op, identValue(other), null)
        : compare(op, identValue(ident), identValue(other));
    }
    const literal = relifted(value(other));
    return compare(op, missingEvent(ident) ? null : identValue(ident), literal);
  };
  const walk = (t: PredicateTree): boolean =>
    "op" in t
      ? evaluateLeaf(t)
      : t.join === "and"
        ? walk(t.left) && walk(t.right)
        : walk(t.left) || walk(t.right);
  try {
    return walk(pruned);
  } catch {
    return false;
  }
};

// ---- Evaluation-time data: Data.Get existence, attribute patterns, pause interpolation ----------

/** Data.Get: does the path exist through JSON objects (a null leaf exists)? */
const exists = (roots: Record<string, unknown>, path: string[]): boolean => {
  let value: unknown = roots;
  for (const key of path) {
    if (!isObject(value) || !Object.hasOwn(value, key) || value[key] === undefined) return false;
    value = value[key];
  }
  return true;
};

/** cel-go matchesUnknownPatterns: an access is unknown if a missing tracked path overlaps it. */
const overlaps = (access: Access, path: string[]): boolean => {
  if (path[0] !== access.root) return false;
  const quals: (Key | typeof TEST)[] =
    access.test === undefined ? access.keys : [...access.keys, TEST];
  const shared = Math.min(quals.length, path.length - 1);
  for (let i = 0; i < shared; i++) if (quals[i] !== path[i + 1]) return false;
  return true;
};

const step = (value: unknown, key: Key): unknown => {
  if (typeof key === "string")
    return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  const index = Number(key);
  return Array.isArray(value) && Number.isInteger(index) && index >= 0 ? value[index] : undefined;
};

/** Substituted pause literals are re-lifted raw, so their strings read as Go-quoted text. */
const quoted = (value: unknown): unknown => {
  if (typeof value === "string") return goQuote(value);
  if (Array.isArray(value)) return value.map(quoted);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [goQuote(k), quoted(v)]));
  return value;
};

/**
 * The value of one access: unknown when a missing tracked path overlaps it, unbound when its
 * variable is absent, else the data's value or an error. In a pause (`pause`), `event` fields were
 * interpolated at pause creation: those that resolved became literals (re-lifted raw, hence
 * `quote`), the others stayed `event.` references to a variable the pause data lacks.
 */
const resolve = (
  access: Access,
  roots: Record<string, unknown>,
  missing: string[][],
  pause: boolean,
  quote: boolean,
): unknown => {
  if (missing.some((path) => overlaps(access, path))) return UNKNOWN;
  if (!Object.hasOwn(roots, access.root) || roots[access.root] === undefined) return UNBOUND;
  const interpolated = pause && access.root === "event";
  let value: unknown = roots[access.root];
  for (const key of access.keys) {
    value = step(value, key);
    if (value === undefined) return interpolated ? UNBOUND : ERROR;
  }
  if (access.test !== undefined) {
    if (!isObject(value)) return interpolated ? UNBOUND : ERROR;
    value = Object.hasOwn(value, access.test) && value[access.test] !== undefined;
  }
  return interpolated && quote ? quoted(value) : value;
};

/**
 * Compiles an Inngest expression. Throws {@link ExpressionError} naming the expression when Inngest
 * would refuse it (syntax, undeclared variable or function, no matching overload, and with
 * `restrictive` any macro or non-logical function).
 */
export function compileExpression(
  source: string,
  options: CompileOptions = {},
): CompiledExpression {
  let text: string;
  try {
    text = scan(source);
    const parsed = parse(text).expr;
    check(parsed, new Set());
    const found = options.restrictive ? violations(parsed, []) : [];
    if (found.length > 0) throw new ExpressionError(`validation failed: ${found.join("; ")}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(`Invalid expression ${JSON.stringify(source)}: ${reason}`);
  }
  // Trigger conditions evaluate the lifted source (NewExpressionEvaluator). Waits and cancels
  // evaluate what Interpolate made of it: the unlifted source re-printed (strings Go-quoted), then
  // lifted; expressions that never mention `event.` are left as they are.
  const interpolates = source.includes("event.");
  let lifted: Lifted | undefined;
  let program: Program | undefined;
  try {
    lifted = lift(source);
    program = build(lifted?.text ?? text, lifted?.vars);
  } catch {
    program = undefined;
  }
  const quote = !source.includes("vars.");
  const pauseProgram = interpolates
    ? build(text, undefined, {
        pause: true,
        quote,
        ...(program ? { tracked: program.tracked } : {}),
      })
    : program;
  const names = (p: Program | undefined) => p?.accesses.map((_, i) => `@a${i}`) ?? [];
  const [triggerNames, pauseNames] = [names(program), names(pauseProgram)];
  const liftedVars = lifted && Object.fromEntries(lifted.vars);
  const evaluate = (vars: ExpressionVars): boolean => {
    const pause = vars.async !== undefined;
    const active = pause ? pauseProgram : program;
    if (!active) return false;
    clockNow = vars.now ?? Date.now();
    const roots: Record<string, unknown> = {
      event: pause && !interpolates ? undefined : vars.event,
      async: vars.async,
      vars: liftedVars,
    };
    const missing = active.tracked.filter((path) => !exists(roots, path));
    const read = (access: Access) => resolve(access, roots, missing, pause, quote);
    if (pause && interpolates && active.tree) {
      const settled = reserialised(active.tree, read);
      if (settled !== undefined) return settled;
    }
    const bindings: Record<string, unknown> = {};
    const bound = pause ? pauseNames : triggerNames;
    for (const [i, access] of active.accesses.entries()) bindings[bound[i] ?? ""] = read(access);
    try {
      return active.run(bindings as never) === true;
    } catch {
      return false;
    }
  };
  return { source, evaluate };
}

/** The expression the Inngest SDK sends for `match: "data.x"`: `event.data.x == async.data.x`. */
export function matchExpression(field: string): string {
  return `event.${field} == async.${field}`;
}
