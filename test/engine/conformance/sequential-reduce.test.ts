// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/sequential-reduce/
// (index.ts, index.test.ts). Steps created one after another inside an async reduce.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const scoresDb: Record<string, number> = {
  blue: 50,
  red: 25,
  green: 75,
};

const bodies = tally();

const sequentialReduce = inngest.createFunction(
  { id: "sequential-reduce", triggers: [{ event: "demo/sequential.reduce" }] },
  async ({ step }) => {
    const teams = Object.keys(scoresDb);

    // Fetch every team's score sequentially and add them up
    const totalScores = await teams.reduce(async (score, team) => {
      const currentScore = await score;

      const teamScore = await step.run(
        `Get ${team} team score`,
        bodies.counted(team, () => scoresDb[team] as number),
      );

      return currentScore + teamScore;
    }, Promise.resolve(0));

    return totalScores;
  },
);

describe("sequential-reduce", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([sequentialReduce]);
    await engine.send({ name: "demo/sequential.reduce" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "sequential-reduce");
  });

  it("runs in response to 'demo/sequential.reduce'", () => {
    expect(run.event.name).toBe("demo/sequential.reduce");
  });

  for (const team of ["blue", "red", "green"]) {
    it(`ran "Get ${team} team score" step`, () => {
      expect(stepOf(run, `Get ${team} team score`)).toMatchObject({
        op: "run",
        result: expect.any(Number),
      });
    });
  }

  it("Returned total score", () => {
    expect(run.status).toBe("completed");
    expect(run.output).toEqual(150);
  });

  // Not asserted upstream; fixed by the function body: each step awaits the previous total.
  it("runs the steps in order, each body once", () => {
    expect(stepIds(run)).toEqual([
      "Get blue team score",
      "Get red team score",
      "Get green team score",
    ]);
    expect(bodies.all()).toEqual({ blue: 1, red: 1, green: 1 });
  });
});
