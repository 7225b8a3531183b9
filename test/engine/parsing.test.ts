// The engine's parsers: durations and instants, and the supported subset of Inngest expressions.
import { describe, expect, it } from "vitest";
import { deadlineMs, durationMs, instantMs } from "../../lib/engine/duration.ts";
import {
  compileExpression,
  ExpressionError,
  matchExpression,
} from "../../lib/engine/expression.ts";

describe("durations", () => {
  it.each([
    ["30s", 30_000],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["21d", 21 * 86_400_000],
    ["1d2h", 86_400_000 + 7_200_000],
    ["1h 30m", 5_400_000],
    [20, 20],
  ])("reads %j as %d ms", (input, ms) => {
    expect(durationMs(input, "sleep")).toBe(ms);
  });

  it("refuses what is not a duration, naming it", () => {
    expect(() => durationMs("soon", "step.sleep(x)")).toThrow(/step\.sleep\(x\)/);
    expect(() => durationMs(-5, "sleep")).toThrow(/non-negative/);
  });

  it("reads instants and deadlines", () => {
    expect(instantMs("2026-01-05T10:00:00Z", "at")).toBe(Date.UTC(2026, 0, 5, 10));
    expect(instantMs(new Date(5), "at")).toBe(5);
    expect(() => instantMs("not a date", "at")).toThrow(/ISO 8601/);
    expect(deadlineMs("1h", 1000, "timeout")).toBe(1000 + 3_600_000);
    expect(deadlineMs(new Date(42), 1000, "timeout")).toBe(42);
  });
});

describe("expressions", () => {
  const run = { data: { leadId: "l1", tier: 2 } };

  it("compares incoming and trigger fields, and literals, joined with &&", () => {
    const matches = compileExpression(
      "async.data.leadId == event.data.leadId && async.data.kind != 'bounce' && event.data.tier == 2",
      ["event", "async"],
    );
    expect(matches(run, { data: { leadId: "l1", kind: "reply" } })).toBe(true);
    expect(matches(run, { data: { leadId: "l1", kind: "bounce" } })).toBe(false);
    expect(matches(run, { data: { leadId: "l2", kind: "reply" } })).toBe(false);
    expect(matches(run, { data: { leadId: "l1" } })).toBe(false);
  });

  it("turns `match` into a field equality", () => {
    const matches = compileExpression(matchExpression("data.leadId"), ["event", "async"]);
    expect(matches(run, { data: { leadId: "l1" } })).toBe(true);
    expect(matches(run, { data: { leadId: "l9" } })).toBe(false);
  });

  it.each([
    "async.data.score > 3",
    "async.data.a == event.data.a || true",
    "size(async.data.items) == 1",
    "async.data.a",
    "",
  ])("refuses %j with a clear error", (source) => {
    expect(() => compileExpression(source, ["event", "async"])).toThrow(ExpressionError);
    expect(() => compileExpression(source, ["event", "async"])).toThrow(/Unsupported expression/);
  });

  it("refuses `async` where only the trigger event is in scope", () => {
    expect(() => compileExpression("async.data.a == 1", ["event"])).toThrow(/not available/);
  });
});
