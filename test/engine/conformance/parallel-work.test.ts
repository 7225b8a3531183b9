// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/parallel-work/
// (index.ts, index.test.ts). A chain of three sequential steps runs in parallel with three
// parallel steps; both results are returned together.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { finishedBefore, inngest, onlyRun, stepOf, tally } from "./support.ts";

const bodies = tally();

const parallelWork = inngest.createFunction(
  { id: "parallel-work", triggers: [{ event: "demo/parallel.work" }] },
  async ({ step }) => {
    // Run some steps in sequence to add up scores
    const getScore = async () => {
      let score = await step.run(
        "First score",
        bodies.counted("First score", () => 1),
      );
      score += await step.run(
        "Second score",
        bodies.counted("Second score", () => 2),
      );
      score += await step.run(
        "Third score",
        bodies.counted("Third score", () => 3),
      );

      return score;
    };

    // Retrieve some fruits in parallel and return them as an array
    const getFruits = async () => {
      return Promise.all([
        step.run(
          "Get apple",
          bodies.counted("Get apple", () => "Apple"),
        ),
        step.run(
          "Get banana",
          bodies.counted("Get banana", () => "Banana"),
        ),
        step.run(
          "Get orange",
          bodies.counted("Get orange", () => "Orange"),
        ),
      ]);
    };

    // Run both of the above functions in parallel and return the results
    return Promise.all([getScore(), getFruits().then((fruits) => fruits.join(", "))]);
  },
);

describe("parallel-work", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([parallelWork]);
    await engine.send({ name: "demo/parallel.work" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "parallel-work");
  });

  it("runs in response to 'demo/parallel.work'", () => {
    expect(run.event.name).toBe("demo/parallel.work");
    expect(run.status).toBe("completed");
  });

  for (const scoreStep of ["First", "Second", "Third"]) {
    const stepName = `${scoreStep} score`;
    it(`ran "${stepName}" step`, () => {
      expect(stepOf(run, stepName)).toMatchObject({ op: "run", result: expect.any(Number) });
    });
  }

  for (const fruit of ["Apple", "Banana", "Orange"]) {
    const stepName = `Get ${fruit.toLowerCase()}`;
    it(`ran "${stepName}" step`, () => {
      expect(stepOf(run, stepName)).toMatchObject({ op: "run", result: fruit });
    });
  }

  // Not asserted upstream; fixed by the function body: the score chain is sequential, the
  // output is [1 + 2 + 3, the joined fruits], and memoised bodies never run twice.
  it("keeps the score chain in order, returns both results and runs each body once", () => {
    expect(finishedBefore(run, "First score", "Second score")).toBe(true);
    expect(finishedBefore(run, "Second score", "Third score")).toBe(true);
    expect(run.output).toEqual([6, "Apple, Banana, Orange"]);
    expect(run.steps).toHaveLength(6);
    expect(Object.values(bodies.all())).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
