// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/unhandled-step-errors/
// (index.ts, index.test.ts). A step fails after its retries and the handler does not catch it:
// the run fails and the following step never runs.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();

const unhandledStepErrors = inngest.createFunction(
  {
    id: "unhandled-step-errors",
    retries: 1,
    triggers: [{ event: "demo/unhandled.step.errors" }],
  },
  async ({ step }) => {
    await step.run(
      "a fails",
      bodies.counted("a fails", () => {
        throw new Error("A failed!");
      }),
    );

    await step.run(
      "b never runs",
      bodies.counted("b never runs", () => "b"),
    );
  },
);

describe("unhandled-step-errors", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([unhandledStepErrors], fixedBackoff);
    await engine.send({ name: "demo/unhandled.step.errors" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "unhandled-step-errors");
  });

  it("runs in response to 'demo/unhandled.step.errors'", () => {
    expect(run.event.name).toBe("demo/unhandled.step.errors");
  });

  // Upstream: FAILED with attempts: 1 (zero-based), i.e. the first try plus one retry.
  it(`ran "a fails" step and it failed, twice`, () => {
    expect(bodies.count("a fails")).toBe(2);
    const a = stepOf(run, "a fails");
    expect(a.op).toBe("run");
    expect(a.result).toBeUndefined();
    expect(a.error).toMatchObject({
      name: "Error",
      message: "A failed!",
      stack: expect.any(String),
    });
    // The dev server reports an absent cause as `cause: null`; a RunView may omit it instead.
    expect(a.error?.cause ?? null).toBeNull();
  });

  // Upstream: a FINALIZATION timeline item with status FAILED. Here: the run's final status,
  // and the error it ended with (the step's error, rethrown by the handler as a StepError).
  it("function failed", () => {
    expect(run.status).toBe("failed");
    expect(run.output).toBeUndefined();
    expect(run.error).toMatchObject({ name: "Error", message: "A failed!" });
  });

  it(`never ran "b never runs" step`, () => {
    expect(stepIds(run)).toEqual(["a fails"]);
    expect(bodies.count("b never runs")).toBe(0);
  });
});
