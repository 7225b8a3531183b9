// Store request deadlines: one timer watches every request in flight (not one per request), an
// overdue request fails with the caller's error shortly after its deadline and its work is told
// to stop, and a request that finishes in time is untouched.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDeadlines } from "../../lib/store/deadline.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("store request deadlines", () => {
  it("watch a hundred requests with one timer, failing the overdue ones after their deadline", async () => {
    const intervals = vi.spyOn(globalThis, "setInterval");
    const timeouts = vi.spyOn(globalThis, "setTimeout");
    const deadlines = createDeadlines(100);
    const aborted: boolean[] = [];
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        deadlines.run(
          (signal) =>
            i % 2 === 0
              ? Promise.resolve(i)
              : new Promise<number>(() => {
                  signal.addEventListener("abort", () => aborted.push(true));
                }),
          () => new Error("did not answer within 100 ms"),
        ),
      ),
    );
    const elapsed = Date.now() - started;
    expect(intervals).toHaveBeenCalledTimes(1);
    expect(timeouts).not.toHaveBeenCalled();
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(50);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed).toHaveLength(50);
    expect(failed.every((r) => r.reason.message === "did not answer within 100 ms")).toBe(true);
    expect(aborted).toHaveLength(50);
    expect(elapsed).toBeGreaterThanOrEqual(95);
  });

  it("passes on a request's own failure untouched", async () => {
    const deadlines = createDeadlines(1000);
    await expect(
      deadlines.run(
        () => Promise.reject(new Error("WRONGTYPE")),
        () => new Error("timeout"),
      ),
    ).rejects.toThrow("WRONGTYPE");
  });
});
