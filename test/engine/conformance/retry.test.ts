// Conformance: ported from inngest/inngest-js packages/inngest/src/test/integration/retry.test.ts,
// "resets attempt between steps after a successful retry": when a step succeeds after a retry,
// the next step gets a fresh retry budget, and `attempt` starts from 0 again.
import { describe, expect, it } from "vitest";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun } from "./support.ts";

describe("retry", () => {
  it("resets attempt between steps after a successful retry", async () => {
    const state = { aAttempts: [] as number[], bAttempts: [] as number[] };
    const eventName = "evt-retry";
    const fn = inngest.createFunction(
      { id: "fn", retries: 1, triggers: [{ event: eventName }] },
      async (ctx) => {
        await ctx.step.run("a", () => {
          state.aAttempts.push(ctx.attempt);
          if (state.aAttempts.length === 1) {
            throw new Error("a: error");
          }
        });
        await ctx.step.run("b", () => {
          state.bAttempts.push(ctx.attempt);
          throw new Error("b: error");
        });
      },
    );
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: eventName });
    await engine.runUntilIdle();

    expect(onlyRun(engine, "fn").status).toBe("failed");

    // Step "a" errors once, then succeeds on retry.
    expect(state.aAttempts).toEqual([0, 1]);

    // Step "b" gets a fresh retry budget (two attempts).
    expect(state.bAttempts).toEqual([0, 1]);
  });
});
