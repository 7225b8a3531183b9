// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the case "detects RetryAfterError by name when instanceof fails": an Error named
// RetryAfterError with `retryAfter: "30"` makes the SDK answer `retriable: "30"`. The observable
// equivalent: the server retries 30 seconds later (not after the engine's backoff), until the
// default retries (3) are used up.
import { describe, expect, it } from "vitest";
import type { VirtualClock } from "../../../lib/engine/index.ts";
import { START, virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun } from "./support.ts";

describe("detects RetryAfterError by name when instanceof fails", () => {
  it("retries after the 30 seconds it asks for, then fails with it", async () => {
    let clock: VirtualClock | undefined;
    const executedAt: number[] = [];
    const fn = inngest.createFunction({ id: "Foo", triggers: [{ event: "foo" }] }, async () => {
      executedAt.push(clock?.now() ?? Number.NaN);
      const error = new Error("Simulated monorepo retry error") as Error & {
        retryAfter: string;
      };
      error.name = "RetryAfterError";
      error.retryAfter = "30";
      throw error;
    });
    const started = virtualEngine([fn], fixedBackoff);
    clock = started.clock;
    await started.engine.send({ name: "foo" });
    await started.engine.runUntilIdle();

    const run = onlyRun(started.engine, "Foo");
    expect(executedAt).toEqual([START, START + 30_000, START + 60_000, START + 90_000]);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      name: "RetryAfterError",
      message: "Simulated monorepo retry error",
    });
  });
});
