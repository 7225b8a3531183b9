// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/undefined-data/
// (index.ts, index.test.ts). Steps that return nothing are stored with `null` as their data.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();

const undefinedData = inngest.createFunction(
  { id: "undefined-data", triggers: [{ event: "demo/undefined.data" }] },
  async ({ step }) => {
    await step.run(
      "step1res",
      bodies.counted("step1res", () => "step1res"),
    );

    await step.run(
      "step1",
      bodies.counted("step1", () => {
        // no-op
      }),
    );

    await Promise.all([
      step.run(
        "step2res",
        bodies.counted("step2res", () => "step2res"),
      ),
      step.run(
        "step2nores",
        bodies.counted("step2nores", () => {
          // no-op
        }),
      ),
      step.run(
        "step2res2",
        bodies.counted("step2res2", () => "step2res2"),
      ),
    ]);

    await step.run(
      "step2",
      bodies.counted("step2", async () => {
        // no-op
      }),
    );

    await step.run(
      "step3",
      bodies.counted("step3", async () => {
        // no-op
      }),
    );
  },
);

describe("undefined-data", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([undefinedData]);
    await engine.send({ name: "demo/undefined.data" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "undefined-data");
  });

  it("runs in response to 'demo/undefined.data'", () => {
    expect(run.event.name).toBe("demo/undefined.data");
    expect(run.status).toBe("completed");
  });

  // Upstream asserts `{ data: null }` for each step without a return value: the data is
  // present and null, not missing.
  const expected: [string, string | null][] = [
    ["step1", null],
    ["step2res", "step2res"],
    ["step2nores", null],
    ["step2res2", "step2res2"],
    ["step2", null],
    ["step3", null],
  ];
  for (const [id, data] of expected) {
    it(`ran ${id}`, () => {
      const found = stepOf(run, id);
      expect(found.op).toBe("run");
      expect(found.error).toBeUndefined();
      if (data === null) expect(found.result).toBeNull();
      else expect(found.result).toBe(data);
    });
  }

  // Not asserted upstream; fixed by the function body: "step1res" runs too, the sequential
  // steps keep their order around the parallel group, the run returns nothing, bodies run once.
  it("keeps the sequential order around the parallel group and runs each body once", () => {
    expect(stepOf(run, "step1res").result).toBe("step1res");
    const ids = stepIds(run);
    expect(ids.slice(0, 2)).toEqual(["step1res", "step1"]);
    expect(ids.slice(2, 5).sort()).toEqual(["step2nores", "step2res", "step2res2"]);
    expect(ids.slice(5)).toEqual(["step2", "step3"]);
    expect(run.output).toBeNull();
    expect(Object.values(bodies.all())).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
