// Inngest expression semantics, pinned with inngest/inngest's own cases (pkg/expressions
// expressions_test.go, unknown_test.go, validation.go) plus the quirks of literal lifting
// (inngest/expr lift.go) and pause interpolation (residual.go) the engine must reproduce.
import { describe, expect, it } from "vitest";
import {
  compileExpression,
  ExpressionError,
  matchExpression,
} from "../../lib/engine/expression.ts";

const when = (source: string, event: unknown, async?: unknown) =>
  compileExpression(source).evaluate(async === undefined ? { event } : { event, async });
const noData = { data: {} };

describe("compile-time validation (expressions.Validate)", () => {
  it.each([
    ["event.data.a ==", /found/],
    ["evnt.data.a == 1", /undeclared reference to 'evnt'/],
    ["event.data.name.lowerAscii() == 'x'", /undeclared reference to 'lowerAscii'/],
    ["size(1) > 0", /no matching overload for 'size' applied to '\(int\)'/],
    ["event.data.s.startsWith(1)", /no matching overload for 'startsWith'/],
    ["!'a'", /no matching overload for '!_'/],
    ["'a' || true", /no matching overload for '_\|\|_'/],
    ["null || event.data.b", /no matching overload for '_\|\|_' applied to '\(null_type, dyn\)'/],
    ["event.data.n - 'a' > 0", /no matching overload for '_-_'/],
    ["event.data.title.matches('\\w')", /invalid escape sequence/],
    ["google.protobuf.Timestamp{} == 1", /undeclared reference/],
  ])("refuses %j", (source, reason) => {
    const attempt = () => compileExpression(source);
    expect(attempt).toThrow(ExpressionError);
    expect(attempt).toThrow(reason);
    expect(attempt).toThrow(JSON.stringify(source));
  });

  it("names its error class", () => {
    expect(() => compileExpression("(")).toThrow(
      expect.objectContaining({ name: "ExpressionError" }),
    );
  });

  it.each([
    "event.data.n > 'a'",
    "event.data.a + 1 == 2",
    "1 == 1.0",
    "event.data.x == null // trailing comment",
    "int(event.data.s) + size(event.data.list) > 3",
  ])("accepts %j (Inngest's comparisons and + take any types)", (source) => {
    expect(() => compileExpression(source)).not.toThrow();
  });

  it("applies the restrictive policy Inngest uses for cancelOn.if", () => {
    const restrictive = (source: string) => () => compileExpression(source, { restrictive: true });
    expect(restrictive("has(event.data.x)")).toThrow(/macros are disallowed \(uses 'has'\)/);
    expect(restrictive("event.data.tags.exists(t, t == 'a')")).toThrow(/macros are disallowed/);
    expect(restrictive("size(async.data.tags) > 0")).toThrow(
      /function calls are disallowed \(uses 'size'\)/,
    );
    expect(restrictive("async.data.s.contains('x')")).toThrow(/uses 'contains'/);
    expect(restrictive("async.data.n + 1 > 2")).toThrow(/uses '_\+_'/);
    expect(
      restrictive(
        "event.data.id == async.data.id && !(async.data.kind in ['a', 'b']) && int(async.data.n) >= 2",
      ),
    ).not.toThrow();
    expect(() => compileExpression("size(async.data.tags) > 0")).not.toThrow();
  });
});

describe("missing fields are unknowns (unknown.go handleUnknownCall)", () => {
  it.each([
    ['event.data.missing == "foo"', false],
    ["event.data.missing == null", true],
    ["event.data.missing == 0", false],
    ["event.data.a == event.data.b", false],
    ['event.data.missing != "foo"', true],
    ["event.data.missing != null", false],
    ["event.data.missing != 0", true],
    ['event.data.missing != ""', true],
    ["event.data.missing < 5", true],
    ["event.data.missing <= 5", true],
    ["5 < event.data.missing", false],
    ["event.data.missing > 5", false],
    ["event.data.missing >= 5", false],
    ["5 > event.data.missing", true],
    ["5 >= event.data.missing", true],
    ["size(event.data.missing) == 0", true],
    ["size(event.data.missing) > 0", false],
    ['event.data.missing in ["a", "b", "c"]', false],
    ['event.data.some.unknown.contains("x")', false],
    ['event.nonexistent.exists(x, x == "a")', false],
    ["!event.data.missing", false],
    ["event.data.missing.deeper == null", true],
  ])("%s → %s", (source, expected) => {
    expect(when(source, noData)).toBe(expected);
  });

  it("treats a path through null, or through a missing object, as missing", () => {
    expect(when("event.data.issue.field.another == 'another'", { data: { issue: null } })).toBe(
      false,
    );
    expect(
      when("event.data.test == true && event.data.issue.field.another != 'another'", {
        data: { test: true, issue: null },
      }),
    ).toBe(true);
    expect(when("event.data.NOPE == null", {})).toBe(true);
  });

  it("adds around a missing field, keeping the known side", () => {
    expect(
      when('event.data.name + event.data.missing == "hello"', { data: { name: "hello" } }),
    ).toBe(true);
    expect(
      when('event.data.missing + event.data.name == "hello"', { data: { name: "hello" } }),
    ).toBe(true);
  });

  it("reads has() as presence in the event", () => {
    expect(when("has(event.data.x)", { data: { x: null } })).toBe(true);
    expect(when("has(event.data.x)", noData)).toBe(false);
    expect(when("!has(event.data.x)", noData)).toBe(true);
    expect(when("has(event.data.x.y)", noData)).toBe(false);
    const expr = "!((has(event.data.a) && event.data.a) || (has(event.data.b) && event.data.b))";
    expect(when(expr, { data: { a: false, b: false } })).toBe(true);
    expect(when(expr, { data: { a: true, b: false } })).toBe(false);
  });
});

describe("null and mixed types (unknown.go zeroValArgs, cel-go heterogeneous equality)", () => {
  it.each([
    ['null == "foo"', false],
    ['"foo" != null', true],
    ['null < "foo"', true],
    ['"foo" < null', false],
    ["null < uint(5)", true],
    ["null < 5", true],
    ["5 < null", false],
    ["null > 0", false],
    ["null <= 0", true],
    ["null >= 1", false],
    ["null < 0.5", true],
    ["1 == 1.0", true],
    ['"200" == 200', false],
  ])("%s → %s", (source, expected) => {
    expect(when(source, {})).toBe(expected);
  });

  it("compares JSON numbers (doubles) with int literals", () => {
    expect(when("event.data.n == 1", { data: { n: 1 } })).toBe(true);
    expect(when("event.data.n > 3", { data: { n: 3.5 } })).toBe(true);
    expect(when("event.data.n >= 3 && event.data.n < 4", { data: { n: 3 } })).toBe(true);
    expect(
      when("event.data.int > 3.141 && event.data.float <= 2", { data: { int: 8, float: 1.111 } }),
    ).toBe(true);
    expect(when("size(event.data.tags) == event.data.n", { data: { tags: [1, 2], n: 2 } })).toBe(
      true,
    );
    expect(
      when("event.data.float > null && event.data.int > null", { data: { float: 3.1, int: 8 } }),
    ).toBe(true);
    expect(when("event.data.float <= null", { data: { float: 3.1 } })).toBe(false);
    expect(when("event.data.action > 0", { data: { action: null } })).toBe(false);
  });

  it("compares whole objects and lists by value", () => {
    const data = {
      a: { eval: "ok", num: 1.161 },
      b: { eval: "ok", num: 1.161 },
      c: { eval: "ok", num: 9 },
    };
    expect(when("event.data.a == event.data.b", { data })).toBe(true);
    expect(when("event.data.a == event.data.c", { data })).toBe(false);
    expect(when("event.data.list == [1, 'a']", { data: { list: [1, "a"] } })).toBe(true);
  });

  it("concatenates mixed types as Go's %v prints them", () => {
    const data = {
      name: "hi",
      number: 9.1,
      bool: true,
      list: [3, "ok?", true],
      obj: { name: "inngest" },
    };
    const source =
      "event.data.name + '-' + event.data.number + '-' + event.data.bool + '-' + event.data.list + '-' + event.data.obj + '-' + event.data.missing";
    expect(when(`${source} == "hi-9.1-true-[3 ok? true]-map[name:inngest]-"`, { data })).toBe(true);
    expect(when('"n=" + event.data.n == "n=1e+06"', { data: { n: 1_000_000 } })).toBe(true);
  });
});

describe("truthiness of ||, && and ?: (unknown.go evalTruthyLogical)", () => {
  it.each([
    ['(event.data.a || event.data.b) == "first"', { a: "first", b: "second" }, true],
    ['(event.data.a || event.data.b) == "second"', { a: "", b: "second" }, true],
    ['(event.data.missing || event.data.b) == "found"', { b: "found" }, true],
    ['(event.data.zero || event.data.name) == "hi"', { zero: 0, name: "hi" }, true],
    ['(event.data.nil || event.data.b) == "fallback"', { nil: null, b: "fallback" }, true],
    ["(event.data.f || false) == 3.14", { f: 3.14 }, true],
    ['(event.data.a && event.data.b) == "second"', { a: "first", b: "second" }, true],
    ['(event.data.a && event.data.b) == ""', { a: "", b: "second" }, true],
    ["event.data.a || event.data.b", {}, false],
    ["event.data.flagA || event.data.flagB", { flagA: false, flagB: true }, true],
    ["event.data.flagA && event.data.flagB", { flagA: true, flagB: false }, false],
    ['(event.data.value ? "truthy" : "falsy") == "falsy"', { value: 0 }, true],
    ['(event.data.value ? "truthy" : "falsy") == "falsy"', {}, true],
    ['(event.data.value ? "truthy" : "falsy") == "truthy"', { value: "x" }, true],
    ['(event.data.value ? "truthy" : "falsy") == "truthy"', { value: [] }, true],
  ])("%s with %j → %s", (source, data, expected) => {
    expect(when(source, { data })).toBe(expected);
  });

  it("is false when the result is not the boolean true", () => {
    expect(when("event.data.name", { data: { name: "x" } })).toBe(false);
    expect(when("event.data.a && event.data.b", { data: { a: "x", b: "y" } })).toBe(false);
  });
});

describe("functions", () => {
  it.each([
    [
      "event.data.s.startsWith('ab') && event.data.s.endsWith('yz')",
      { data: { s: "ab-yz" } },
      true,
    ],
    ["event.data.s.contains('-') && !event.data.s.contains('+')", { data: { s: "ab-yz" } }, true],
    ["event.data.title.matches('^[a-z]{0,10}$')", { data: { title: "nope" } }, true],
    ["event.data.title.matches('op')", { data: { title: "nope" } }, true],
    ["matches(event.data.title, '^no')", { data: { title: "nope" } }, true],
    ["size(event.data.s) == 6 && event.data.s.size() == 6", { data: { s: "héllo!" } }, true],
    ["event.data.issue in ['Bug', 'Issue', 'Epic']", { data: { issue: "Bug" } }, true],
    ["'a' in event.data.tags && !('z' in event.data.tags)", { data: { tags: ["a", "b"] } }, true],
    ["'k' in event.data.obj", { data: { obj: { k: 1 } } }, true],
    ["event.data.tags.exists(x, x == 'd' || x == 'a')", { data: { tags: ["a", "b", "c"] } }, true],
    ["event.data.nums.all(x, x > 1)", { data: { nums: [1, 2, 3] } }, false],
    [
      "event.data.items.exists(i, i.status == 'open')",
      { data: { items: [{ id: 1 }, { status: "open" }] } },
      true,
    ],
    [
      "event.data.items.filter(i, has(i.status)).size() == 1",
      { data: { items: [{ id: 1 }, { status: "x" }] } },
      true,
    ],
    ["event.data.nums.map(n, n * 2.0) == [2.0, 4.0]", { data: { nums: [1, 2] } }, true],
    ["event.data.nums.map(n, n * 2) == [2.0, 4.0]", { data: { nums: [1, 2] } }, false],
    [
      "event.data.list[1] == 'b' && event.data['list'][0] == 'a'",
      { data: { list: ["a", "b"] } },
      true,
    ],
    ["[event.data.missing, 1].size() == 0", { data: {} }, true],
    [
      "lowercase(event.priority) == 'urgent' && uppercase('p1') == 'P1'",
      { priority: "URGENT" },
      true,
    ],
    [
      "int(event.status) >= 400 && double('1.5') == 1.5 && string(12) == '12'",
      { status: "400" },
      true,
    ],
    ['b64decode("aGkgdGhlcmUh") == "hi there!"', {}, true],
    [
      'json_parse(b64decode(event.data.e)).nested.data == "yea"',
      { data: { e: "eyJuZXN0ZWQiOnsiZGF0YSI6InllYSJ9fQ==" } },
      true,
    ],
    ["json_parse('[1]').size() == 0", {}, true],
  ])("%s with %j → %s", (source, event, expected) => {
    expect(when(source, event)).toBe(expected);
  });

  it("evaluates runtime errors to false, never throwing, and as unknowns inside calls", () => {
    expect(when("int(event.data.s) > 1", { data: { s: "abc" } })).toBe(false);
    expect(when("1 / event.data.zero == 1", { data: { zero: 0 } })).toBe(false);
    expect(when("1 / event.data.zero != 1", { data: { zero: 0 } })).toBe(true);
    expect(when("event.data.list[5] == 'x'", { data: { list: [] } })).toBe(false);
    expect(when("event.data.s.startsWith('a')", { data: { s: 5 } })).toBe(false);
  });
});

describe("timestamps (exprenv date, now, now_plus, now_minus)", () => {
  const now = Date.UTC(2026, 0, 10, 12);
  const at = (source: string, event: unknown) => compileExpression(source).evaluate({ event, now });

  it("parses the layouts of pkg/dateutil and compares timestamps", () => {
    expect(
      at("date(event.from) + duration('6h35m10s') == date('2020-01-01T18:35:10')", {
        from: "2020-01-01T12:00:00",
      }),
    ).toBe(true);
    expect(at("date('2026-01-10T13:00:00+01:00') == date('2026-01-10')", {})).toBe(false);
    expect(
      at("date('2026-01-10T13:00:00+01:00') == date('Sat, 10 Jan 2026 12:00:00 GMT')", {}),
    ).toBe(true);
    expect(at("date('2026-01-10T12:00:00.5Z') > date('2026-01-10T12:00:00Z')", {})).toBe(true);
    expect(at("date(1767960000) == date(1767960000000)", {})).toBe(true);
  });

  it("reads now() from the evaluation clock, with Go and day/week durations", () => {
    expect(
      at("date(event.at) < now() && date(event.at) > now_minus('1d')", {
        at: "2026-01-10T01:00:00Z",
      }),
    ).toBe(true);
    expect(at("now_plus('1w') == date('2026-01-17T12:00:00Z')", {})).toBe(true);
    expect(at("now_minus('1h30m') == date('2026-01-10T10:30:00Z')", {})).toBe(true);
    expect(at("now().getHours() == 12", {})).toBe(true);
  });

  it("fails the whole expression when date() cannot read its input (a Go nil)", () => {
    // date() takes strings and ints only; JSON numbers are doubles, so Inngest's evaluation
    // panics and the expression is false even where `|| true` would rescue an ordinary error.
    expect(at("date(event.ts) > now() || true", { ts: 1767960000000 })).toBe(false);
    expect(at("date('not a date') == now() || true", {})).toBe(false);
    expect(at("now_plus('soon') > now() || true", {})).toBe(false);
  });
});

describe("literal lifting (inngest/expr lift.go)", () => {
  it("takes quoted strings raw, without processing escapes", () => {
    expect(when('event.data.s == "a\\nb"', { data: { s: "a\\nb" } })).toBe(true);
    expect(when('event.data.s == "a\\nb"', { data: { s: "a\nb" } })).toBe(false);
    expect(when("event.data.s.matches('^\\\\d$')", { data: { s: "5" } })).toBe(false);
    expect(when("event.data.s.matches('^\\\\d$')", { data: { s: "\\d" } })).toBe(true);
  });

  it("processes escapes normally when the source mentions vars. (lifting is skipped)", () => {
    expect(when('event.data.s == "a\\nb" || event.data.vars.x == 1', { data: { s: "a\nb" } })).toBe(
      true,
    );
  });

  it("keeps numbers, including more literals than lifting names", () => {
    const many = Array.from({ length: 30 }, (_, i) => `event.data.n != ${i + 100}`).join(" && ");
    expect(when(`${many} && event.data.s == "x\\ty"`, { data: { n: 1, s: "x\\ty" } })).toBe(true);
    expect(when("event.data.n == 2.5e1 && event.data.m == .5", { data: { n: 25, m: 0.5 } })).toBe(
      true,
    );
  });
});

describe("waits and cancels: event as pause interpolation leaves it", () => {
  it("matches with Inngest's `match` expression", () => {
    const match = matchExpression("data.leadId");
    expect(match).toBe("event.data.leadId == async.data.leadId");
    expect(when(match, { data: { leadId: "l1" } }, { data: { leadId: "l1" } })).toBe(true);
    expect(when(match, { data: { leadId: "l1" } }, { data: { leadId: "l2" } })).toBe(false);
    expect(when(match, { data: { leadId: "l1" } }, { data: {} })).toBe(false);
  });

  it("compares the trigger's strings in their Go-quoted form (they are re-lifted raw)", () => {
    const match = matchExpression("data.key");
    expect(when(match, { data: { key: 'a"b' } }, { data: { key: 'a"b' } })).toBe(false);
    expect(when(match, { data: { key: 'a"b' } }, { data: { key: 'a\\"b' } })).toBe(true);
    expect(when(match, { data: { key: "é ünï" } }, { data: { key: "é ünï" } })).toBe(true);
  });

  it("re-prints a comparison with a missing trigger field as Inngest's Interpolate does", () => {
    // `event.data.leadId == async.data.leadId` becomes `async.data.leadId == null`.
    const match = matchExpression("data.leadId");
    expect(when(match, noData, noData)).toBe(true);
    expect(when(match, noData, { data: { leadId: null } })).toBe(true);
    expect(when(match, noData, { data: { leadId: "l1" } })).toBe(false);
    expect(when("event.data.x != async.data.x", noData, { data: { x: 1 } })).toBe(true);
    expect(when("event.data.x != async.data.x", noData, noData)).toBe(false);
    const reply = 'event.data.leadId == async.data.leadId && async.data.kind == "reply"';
    expect(when(reply, noData, { data: { kind: "reply" } })).toBe(true);
    expect(when(reply, noData, { data: { kind: "open" } })).toBe(false);
    expect(when('event.data.x == "a" || async.data.y == 1', noData, { data: { y: 1 } })).toBe(true);
    expect(when('event.data.x != "a" && async.data.y == 1', noData, { data: { y: 2 } })).toBe(
      false,
    );
  });

  it("quotes string literals once more when it re-prints", () => {
    const said = "event.data.x == async.data.x && async.data.s == 'say \"hi\"'";
    const once = 'say \\"hi\\"';
    const twice = 'say \\\\\\"hi\\\\\\"';
    expect(when(said, { data: { x: 1 } }, { data: { x: 1, s: once } })).toBe(true);
    expect(when(said, noData, { data: { s: once } })).toBe(false);
    expect(when(said, noData, { data: { s: twice } })).toBe(true);
  });

  it("folds comparisons the trigger event decides before anything is re-printed", () => {
    const gated = 'event.data.plan == "pro" && event.data.leadId == async.data.leadId';
    expect(when(gated, { data: { plan: "free" } }, noData)).toBe(false);
    expect(when(gated, { data: { plan: "pro" } }, noData)).toBe(true);
    expect(when(gated, { data: { plan: "pro", leadId: "l1" } }, { data: { leadId: "l1" } })).toBe(
      true,
    );
  });

  it("reads source strings as the re-printed (Go-quoted) text, not raw as in trigger conditions", () => {
    const apostrophe = "event.data.s == 'it\\'s'";
    expect(when(apostrophe, { data: { s: "it's" } })).toBe(false);
    expect(when(apostrophe, { data: { s: "it\\'s" } })).toBe(true);
    const pause =
      "event.data.id == async.data.id && async.data.s == 'it\\'s' && async.data.e == '\\u00e9'";
    const run = { data: { id: 1 } };
    expect(when(pause, run, { data: { id: 1, s: "it's", e: "é" } })).toBe(true);
    expect(when(pause, run, { data: { id: 1, s: "it\\'s", e: "é" } })).toBe(false);
  });

  it("evaluates `async` conditions with a missing `async` as unknowns in trigger conditions", () => {
    expect(when("async.data.x == null", noData)).toBe(true);
    expect(when("async.data.x == 'a'", noData)).toBe(false);
  });

  it("evaluates cancel conditions over both events", () => {
    const cancel = compileExpression(
      "event.data.leadId == async.data.leadId && async.data.kind in ['reply', 'bounce']",
      { restrictive: true },
    );
    const run = { data: { leadId: "l1" } };
    expect(cancel.evaluate({ event: run, async: { data: { leadId: "l1", kind: "reply" } } })).toBe(
      true,
    );
    expect(cancel.evaluate({ event: run, async: { data: { leadId: "l1", kind: "open" } } })).toBe(
      false,
    );
  });
});

describe("performance", () => {
  it("compiles once and evaluates 100,000 times cheaply", () => {
    const compiled = compileExpression("event.data.a == async.data.a && async.data.n > 3");
    const event = {
      name: "lead/enrolled",
      data: { a: "lead-1", campaign: "c1", steps: [1, 2, 3] },
    };
    const incoming = Array.from({ length: 100 }, (_, i) => ({
      data: { a: i % 2 ? "lead-1" : "lead-2", n: i % 7 },
    }));
    let hits = 0;
    const started = performance.now();
    for (let i = 0; i < 100_000; i++)
      if (compiled.evaluate({ event, async: incoming[i % 100] })) hits++;
    const elapsed = performance.now() - started;
    console.info(
      `100,000 evaluations in ${elapsed.toFixed(0)} ms (${(elapsed / 100).toFixed(2)} µs each)`,
    );
    expect(hits).toBe(21_000);
    expect(elapsed).toBeLessThan(3_000);
  });
});
