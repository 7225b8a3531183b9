// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the "Deep Promise.race" case: a race between a step and a chain of two steps. Upstream drives
// the SDK request by request and asserts that whichever side wins, the loser is still reported
// (so it runs) and exactly one "wins" step follows; here the engine drives the whole run.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();
const A = bodies.counted("A", () => Promise.resolve("A"));
const B = bodies.counted("B", () => Promise.resolve("B"));
const B2 = bodies.counted("B2", () => Promise.resolve("B2"));
const AWins = bodies.counted("A wins", () => Promise.resolve("A wins"));
const BWins = bodies.counted("B wins", () => Promise.resolve("B wins"));

const fn = inngest.createFunction(
  { id: "name", triggers: [{ event: "foo" }] },
  async ({ step: { run } }) => {
    const winner = await Promise.race([run("A", A), run("B", B).then(() => run("B2", B2))]);

    if (winner === "A") {
      await run("A wins", AWins);
    } else if (winner === "B2") {
      await run("B wins", BWins);
    }
  },
);

describe("Deep Promise.race", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "name");
  });

  it("runs both sides of the race to completion, each body once", () => {
    expect(run.status).toBe("completed");
    expect(stepOf(run, "A").result).toBe("A");
    expect(stepOf(run, "B").result).toBe("B");
    expect(stepOf(run, "B2").result).toBe("B2");
    expect(bodies.count("A")).toBe(1);
    expect(bodies.count("B")).toBe(1);
    expect(bodies.count("B2")).toBe(1);
  });

  it("runs exactly one 'wins' step, consistent with the race's order", () => {
    const ids = stepIds(run);
    const wins = ids.filter((id) => id === "A wins" || id === "B wins");
    expect(wins).toHaveLength(1);
    expect(bodies.count("A wins") + bodies.count("B wins")).toBe(1);
    // B2 only starts once B has finished, so "B wins" needs B and B2 to have finished first.
    if (wins[0] === "B wins") {
      expect(ids.indexOf("B2")).toBeLessThan(ids.indexOf("B wins"));
      expect(stepOf(run, "B wins").result).toBe("B wins");
    } else {
      expect(stepOf(run, "A wins").result).toBe("A wins");
    }
    expect(run.output).toBeNull();
  });
});
