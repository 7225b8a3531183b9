// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/parallel-reduce/
// (index.ts, index.test.ts). Steps created synchronously inside an async reduce, so they run in
// parallel; their results are summed.
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

const parallelReduce = inngest.createFunction(
  { id: "parallel-reduce", triggers: [{ event: "demo/parallel.reduce" }] },
  async ({ step }) => {
    const teams = Object.keys(scoresDb);

    // Fetch every team's score in parallel and add them up
    const totalScores = await teams.reduce(async (score, team) => {
      const teamScore = await step.run(
        `Get ${team} team score`,
        bodies.counted(team, () => scoresDb[team] as number),
      );

      return (await score) + teamScore;
    }, Promise.resolve(0));

    return totalScores;
  },
);

describe("parallel-reduce", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([parallelReduce]);
    await engine.send({ name: "demo/parallel.reduce" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "parallel-reduce");
  });

  it("runs in response to 'demo/parallel.reduce'", () => {
    expect(run.event.name).toBe("demo/parallel.reduce");
  });

  for (const team of ["blue", "red", "green"]) {
    it(`ran "Get ${team} team score" step`, () => {
      expect(stepOf(run, `Get ${team} team score`)).toMatchObject({
        op: "run",
        result: expect.any(Number),
      });
    });
  }

  // Not asserted upstream; fixed by the function body and memoisation.
  it("returns the total, each team's own score, each body once", () => {
    expect(run.status).toBe("completed");
    expect(run.output).toBe(150);
    expect(stepOf(run, "Get blue team score").result).toBe(50);
    expect(stepOf(run, "Get red team score").result).toBe(25);
    expect(stepOf(run, "Get green team score").result).toBe(75);
    expect(stepIds(run)).toHaveLength(3);
    expect(bodies.all()).toEqual({ blue: 1, red: 1, green: 1 });
  });
});
