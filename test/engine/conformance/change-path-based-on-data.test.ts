// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the case "change path based on data": step.waitForEvent, then a step chosen by the matched
// event's data. Upstream feeds the SDK the wait's result by hand; here the engine delivers a
// real event (or the timeout). The function waits for the same event name that triggers it, so
// the resolving event also starts a second run, which waits in turn and times out.
import { describe, expect, it, vi } from "vitest";
import type { EmbeddedEngine } from "../../../lib/engine/index.ts";
import { START, virtualEngine } from "../support.ts";
import { inngest, stepOf } from "./support.ts";

const build = () => {
  const A = vi.fn(() => "A");
  const B = vi.fn(() => "B");

  const fn = inngest.createFunction(
    { id: "name", triggers: [{ event: "foo" }] },
    async ({ step: { waitForEvent, run } }) => {
      const foo = await waitForEvent("wait-id", {
        event: "foo",
        timeout: "2h",
      });

      if (foo?.data.foo === "foo") {
        await run("A", A);
      } else if (foo?.data.foo === "bar") {
        await run("B", B);
      }
    },
  );

  return { fn, A, B };
};

/** The run started by the event whose data is `data`. */
const runFor = (engine: EmbeddedEngine, data: Record<string, unknown>) =>
  engine.runs({ functionId: "name" }).find((run) => {
    return JSON.stringify(run.event.data) === JSON.stringify(data);
  });

/** Starts a run with an event of empty data and lets it reach its wait (1s of virtual time). */
const started = async () => {
  const { fn, A, B } = build();
  const { engine } = virtualEngine([fn]);
  await engine.send({ name: "foo", data: {} });
  await engine.runUntilIdle({ until: START + 1000 });
  expect(runFor(engine, {})?.status).toBe("waiting");
  return { engine, A, B };
};

describe("change path based on data", () => {
  for (const [value, ran, skipped] of [
    ["foo", "A", "B"],
    ["bar", "B", "A"],
  ] as const) {
    it(`runs ${ran} when the matched event has data.foo = "${value}"`, async () => {
      const { engine, A, B } = await started();
      const bodies = { A, B };
      await engine.send({ name: "foo", data: { foo: value } });
      await engine.runUntilIdle();

      const run = runFor(engine, {});
      expect(run?.status).toBe("completed");
      if (!run) return;
      expect(run.steps.map((step) => step.id)).toEqual(["wait-id", ran]);
      expect(stepOf(run, "wait-id")).toMatchObject({
        op: "waitForEvent",
        result: { name: "foo", data: { foo: value } },
      });
      expect(stepOf(run, ran).result).toBe(ran);
      expect(run.output).toBeNull();
      // The resolving event also started a run of its own, which timed out: no step ran there.
      const second = runFor(engine, { foo: value });
      expect(second?.status).toBe("completed");
      expect(second?.steps).toMatchObject([{ id: "wait-id", op: "waitForEvent", result: null }]);
      expect(bodies[ran]).toHaveBeenCalledTimes(1);
      expect(bodies[skipped]).not.toHaveBeenCalled();
    });
  }

  it("runs neither step when the wait times out", async () => {
    const { engine, A, B } = await started();
    await engine.runUntilIdle();

    const run = runFor(engine, {});
    expect(run?.status).toBe("completed");
    expect(run?.steps).toMatchObject([{ id: "wait-id", op: "waitForEvent", result: null }]);
    expect((run?.endedAt ?? 0) - START).toBeGreaterThanOrEqual(2 * 60 * 60 * 1000);
    expect(A).not.toHaveBeenCalled();
    expect(B).not.toHaveBeenCalled();
  });
});
