// Retry timing as the Inngest server computes it: pkg/backoff TableBackoff with jitter, the SDK's
// Retry-After parsed and clamped as pkg/execution/driver/httpdriver/parse.go ParseRetry, and the
// date layouts of pkg/dateutil.ParseString.
import { RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { parseDateString, retryAtFrom, retryDelayMs } from "../../lib/engine/backoff.ts";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe("retryDelayMs (pkg/backoff TableBackoff)", () => {
  it("follows Inngest's table after each zero-based attempt, capped at 2 hours", () => {
    const noJitter = () => 0;
    const schedule = Array.from({ length: 13 }, (_, attempt) => retryDelayMs(attempt, noJitter));
    expect(schedule).toEqual([
      15 * S,
      30 * S,
      M,
      2 * M,
      5 * M,
      10 * M,
      20 * M,
      40 * M,
      H,
      2 * H,
      2 * H,
      2 * H,
      2 * H,
    ]);
  });

  it("adds 0 to 29,999 ms of jitter", () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(15 * S + 15_000);
    expect(retryDelayMs(0, () => 0.999_999_9)).toBe(15 * S + 29_999);
    for (let i = 0; i < 1000; i++) {
      const delay = retryDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(2 * M);
      expect(delay).toBeLessThan(2 * M + 30_000);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it("treats out-of-range attempts as the nearest table entry", () => {
    expect(retryDelayMs(-1, () => 0)).toBe(15 * S);
    expect(retryDelayMs(1000, () => 0)).toBe(2 * H);
    expect(retryDelayMs(2.7, () => 0)).toBe(M);
  });
});

describe("retryAtFrom (httpdriver ParseRetry)", () => {
  const now = Date.parse("2026-01-05T10:00:00.400Z");
  const second = Date.parse("2026-01-05T10:00:00Z");

  it("reads what the SDK's RetryAfterError serialises", () => {
    expect(new RetryAfterError("slow down", 30_000).retryAfter).toBe("30");
    expect(new RetryAfterError("slow down", "1m").retryAfter).toBe("60");
    expect(new RetryAfterError("slow down", 1_500).retryAfter).toBe("2");
    const date = new Date("2026-01-05T10:05:00.000Z");
    expect(new RetryAfterError("slow down", date).retryAfter).toBe("2026-01-05T10:05:00.000Z");

    expect(retryAtFrom(new RetryAfterError("x", 30_000).retryAfter, now)).toBe(second + 30 * S);
    expect(retryAtFrom(new RetryAfterError("x", date).retryAfter, now)).toBe(date.getTime());
  });

  it("counts seconds from the current second, for up to seven characters", () => {
    expect(retryAtFrom("1", now)).toBe(second + S);
    expect(retryAtFrom(45, now)).toBe(second + 45 * S);
    expect(retryAtFrom("+45", now)).toBe(second + 45 * S);
    expect(retryAtFrom("12345678", now)).toBeUndefined();
  });

  it("clamps to between one second and a day from now", () => {
    expect(retryAtFrom("9999999", now)).toBe(second + 24 * H);
    expect(retryAtFrom("2026-03-01T00:00:00Z", now)).toBe(second + 24 * H);
    expect(retryAtFrom("2026-01-05T09:00:00Z", now)).toBe(second + S);
    expect(retryAtFrom("2026-01-05T10:00:01.000Z", now)).toBe(second + S);
  });

  it("leaves everything else to the back-off table", () => {
    for (const value of [undefined, null, true, false, "", "0", "-5", "1.5", "soon", {}]) {
      expect(retryAtFrom(value, now)).toBeUndefined();
    }
  });
});

describe("parseDateString (pkg/dateutil.ParseString)", () => {
  const ms = (input: string) => {
    const ns = parseDateString(input);
    return ns === undefined ? undefined : Number(ns / 1_000_000n);
  };
  const noon = Date.parse("2026-01-05T12:00:00Z");

  it.each([
    ["2026-01-05T12:00:00Z", noon],
    ["2026-01-05T13:30:00+01:30", noon],
    ["2026-01-05T12:00:00.250Z", noon + 250],
    ["2026-01-05T12:00:00", noon],
    ["2026-01-05", Date.parse("2026-01-05T00:00:00Z")],
    ["Mon, 05 Jan 2026 12:00:00 GMT", noon],
    ["05 Jan 26 12:00 UTC", noon],
    ["05 Jan 26 14:00 +0200", noon],
    ["Monday, 05-Jan-26 12:00:00 UTC", noon],
    ["Mon Jan 05 07:00:00 -0500 2026", noon],
    ["Mon Jan  5 12:00:00 UTC 2026", noon],
    ["Mon Jan  5 12:00:00 2026", noon],
    ["2026-01-05 12:00:00.5 +0000 UTC", noon + 500],
  ])("reads %j", (input, expected) => {
    expect(ms(input)).toBe(expected);
  });

  it("keeps nanoseconds", () => {
    expect(parseDateString("2026-01-05T12:00:00.123456789Z")).toBe(
      BigInt(noon) * 1_000_000n + 123_456_789n,
    );
  });

  it.each([
    "2026-02-30",
    "2026-01-05T24:00:00Z",
    "5 January 2026",
    "Fri, 05 Jan 2026 12:00:00",
    "tomorrow",
  ])("refuses %j", (input) => {
    expect(parseDateString(input)).toBeUndefined();
  });
});
