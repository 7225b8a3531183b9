// retryDelay: Retry-After first (seconds or HTTP date), then Apollo's exhausted windows (daily
// over hourly over minute), else a minute; never under a second.
import { describe, expect, it } from "vitest";
import { retryDelay } from "../../lib/providers/rate-limit.ts";

const NOW = Date.UTC(2025, 5, 2, 12, 0, 15, 250);
const headers = (init: Record<string, string>) => new Headers(init);

describe("retryDelay", () => {
  it("honours Retry-After in seconds", () => {
    expect(retryDelay(headers({ "retry-after": "30" }), NOW)).toEqual({
      ms: 30_000,
      reason: "Retry-After",
    });
  });

  it("honours Retry-After as an HTTP date", () => {
    const at = new Date(NOW + 90_000).toUTCString();
    const { ms } = retryDelay(headers({ "retry-after": at }), NOW);
    expect(ms).toBeGreaterThanOrEqual(89_000);
    expect(ms).toBeLessThanOrEqual(90_000);
  });

  it("prefers Retry-After over Apollo's counters", () => {
    const delay = retryDelay(headers({ "retry-after": "5", "x-daily-requests-left": "0" }), NOW);
    expect(delay.ms).toBe(5_000);
  });

  it("waits until the next minute when the minute window is used up", () => {
    const delay = retryDelay(headers({ "x-minute-requests-left": "0" }), NOW);
    expect(delay).toEqual({ ms: 44_750, reason: "minute quota used up" });
  });

  it("waits an hour for the hourly window and a day for the daily one", () => {
    const hourly = { "x-minute-requests-left": "0", "x-hourly-requests-left": "0" };
    expect(retryDelay(headers(hourly), NOW).ms).toBe(3_600_000);
    const daily = { ...hourly, "x-daily-requests-left": "0" };
    expect(retryDelay(headers(daily), NOW).ms).toBe(86_400_000);
  });

  it("ignores windows with requests left and falls back to a minute", () => {
    const delay = retryDelay(headers({ "x-minute-requests-left": "12" }), NOW);
    expect(delay).toEqual({ ms: 60_000, reason: "no retry hint" });
  });

  it("never asks for less than a second", () => {
    expect(retryDelay(headers({ "retry-after": "0" }), NOW).ms).toBe(1_000);
    const edge = Date.UTC(2025, 5, 2, 12, 0, 59, 900);
    expect(retryDelay(headers({ "x-minute-requests-left": "0" }), edge).ms).toBe(1_000);
  });
});
