// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/promise-all/
// (index.ts, index.test.ts). Two steps in parallel with Promise.all, then a step using both.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();

const promiseAll = inngest.createFunction(
  { id: "promise-all", triggers: [{ event: "demo/promise.all" }] },
  async ({ step }) => {
    const [one, two] = await Promise.all([
      step.run(
        "Step 1",
        bodies.counted("Step 1", () => 1),
      ),
      step.run(
        "Step 2",
        bodies.counted("Step 2", () => 2),
      ),
    ]);

    return step.run(
      "Step 3",
      bodies.counted("Step 3", () => one + two),
    );
  },
);

describe("promise-all", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([promiseAll]);
    await engine.send({ name: "demo/promise.all" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "promise-all");
  });

  it("runs in response to 'demo/promise.all'", () => {
    expect(run.event.name).toBe("demo/promise.all");
    expect(run.status).toBe("completed");
  });

  it("ran Step 1", () => {
    expect(stepOf(run, "Step 1")).toMatchObject({ op: "run", result: 1 });
  });

  it("ran Step 2", () => {
    expect(stepOf(run, "Step 2")).toMatchObject({ op: "run", result: 2 });
  });

  it("ran Step 3", () => {
    expect(stepOf(run, "Step 3")).toMatchObject({ op: "run", result: 3 });
  });

  // Not asserted upstream, but fixed by the function body: Step 3 needs both results, the
  // handler returns Step 3's result, and a memoised step body never runs twice.
  it("finishes Step 3 last, returns its result, and runs each body once", () => {
    expect(stepIds(run)).toHaveLength(3);
    expect(stepIds(run).at(-1)).toBe("Step 3");
    expect(run.output).toBe(3);
    expect(bodies.all()).toEqual({ "Step 1": 1, "Step 2": 1, "Step 3": 1 });
  });
});
