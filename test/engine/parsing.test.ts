// The engine's duration and instant parsers (expressions have their own suite: expression.test.ts).
import { describe, expect, it } from "vitest";
import { deadlineMs, durationMs, instantMs } from "../../lib/engine/duration.ts";

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
