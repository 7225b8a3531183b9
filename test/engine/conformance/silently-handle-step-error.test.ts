// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the case "silently handle step error": a step that throws a string is retried (default retries:
// 3), then rejects in the handler, whose .catch runs a recovery step; the run resolves with both
// results. Upstream asserts the failed step's error as `serializeError("B failed message")` with
// any stack, and the final `function-resolved` data ["A", "B failed"].
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun, stepOf, tally } from "./support.ts";

// Upstream's vi.fn() bodies, counted with a tally: vitest clears mock calls before each test.
const bodies = tally();
const A = bodies.counted("A", () => "A");
const B = bodies.counted("B", () => {
  throw "B failed message";
});
const BFailed = bodies.counted("B failed", () => "B failed");

const fn = inngest.createFunction(
  { id: "name", triggers: [{ event: "foo" }] },
  async ({ step: { run } }) => {
    return Promise.all([run("A", A), run("B", B).catch(() => run("B failed", BFailed))]);
  },
);

describe("silently handle step error", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "name");
  });

  it("records B as failed with the thrown string as its message", () => {
    expect(stepOf(run, "B").error).toMatchObject({
      name: "Error",
      message: "B failed message",
      stack: expect.any(String),
    });
  });

  it("retries B (default retries: 3) and runs A and 'B failed' once", () => {
    expect(bodies.all()).toEqual({ A: 1, B: 4, "B failed": 1 });
  });

  it("resolves with both results", () => {
    expect(run.status).toBe("completed");
    expect(stepOf(run, "A").result).toBe("A");
    expect(stepOf(run, "B failed").result).toBe("B failed");
    expect(run.output).toEqual(["A", "B failed"]);
  });
});
