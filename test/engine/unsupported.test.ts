// What the embedded engine refuses: unsupported step tools fail the run at once with a clear error.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { virtualEngine, testClient as inngest } from "./support.ts";

const asked = eventType("test/unsupported.asked", { schema: z.object({ q: z.string() }) });

describe("unsupported step tools", () => {
  it("fails a run calling step.invoke at once instead of hanging", async () => {
    const other = inngest.createFunction({ id: "invoked", triggers: [asked] }, () => "other");
    const caller = inngest.createFunction(
      { id: "invoker", triggers: [asked], retries: 3 },
      async ({ step }) => step.invoke("call", { function: other, data: { q: "x" } }),
    );
    const { engine } = virtualEngine([other, caller]);
    await engine.send({ name: "test/unsupported.asked", data: { q: "x" } });
    await engine.runUntilIdle();
    const run = engine.runs({ functionId: "invoker" })[0];
    expect(run?.status).toBe("failed");
    expect(run?.attempts).toBe(1);
    expect(run?.error?.message).toMatch(/step\.invoke is not supported by the embedded engine/);
  });

  it("warns about function options it ignores", () => {
    const fn = inngest.createFunction(
      { id: "throttled", triggers: [asked], concurrency: 2, throttle: { limit: 1, period: "1s" } },
      () => null,
    );
    const { logger } = virtualEngine([fn]);
    expect(logger.lines).toContainEqual({
      level: "warn",
      text: 'Function "throttled": concurrency, throttle ignored by the embedded engine',
    });
  });
});
