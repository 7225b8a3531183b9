// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/promise-race/
// (index.ts, index.test.ts). Two steps raced with Promise.race; a third step names the winner.
// Inngest still runs the losing step (the SDK re-reports it until it has completed; see the
// "Promise.race" cases of packages/inngest/src/components/InngestFunction.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();

const promiseRace = inngest.createFunction(
  { id: "promise-race", triggers: [{ event: "demo/promise.race" }] },
  async ({ step }) => {
    const winner = await Promise.race([
      step.run(
        "Step A",
        bodies.counted("Step A", () => "A"),
      ),
      step.run(
        "Step B",
        bodies.counted("Step B", () => "B"),
      ),
    ]);

    await step.run(
      "Step C",
      bodies.counted("Step C", () => `${winner} is the winner!`),
    );
  },
);

describe("promise-race", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([promiseRace]);
    await engine.send({ name: "demo/promise.race" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "promise-race");
  });

  it("runs in response to 'demo/promise.race'", () => {
    expect(run.event.name).toBe("demo/promise.race");
    expect(run.status).toBe("completed");
  });

  it("ran Step A", () => {
    expect(stepOf(run, "Step A")).toMatchObject({ op: "run", result: "A" });
  });

  it("ran Step B", () => {
    expect(stepOf(run, "Step B")).toMatchObject({ op: "run", result: "B" });
  });

  it("ran Step C", () => {
    const output = stepOf(run, "Step C").result;
    const winner =
      output === "A is the winner!" ? "A" : output === "B is the winner!" ? "B" : undefined;
    expect(["A", "B"]).toContain(winner);
  });

  // Not asserted upstream; fixed by the function body and memoisation.
  it("runs each step body once and returns nothing", () => {
    expect(stepIds(run).sort()).toEqual(["Step A", "Step B", "Step C"]);
    expect(bodies.all()).toEqual({ "Step A": 1, "Step B": 1, "Step C": 1 });
    expect(run.output).toBeNull();
  });
});
