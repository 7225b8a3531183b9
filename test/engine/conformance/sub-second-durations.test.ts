// Conformance: ported from inngest/inngest-js packages/inngest/src/test/integration/subSecondDurations.test.ts.
// Durations travel to the server in whole seconds: a purely sub-second sleep rounds up to 1s,
// longer ones floor to whole seconds. Upstream measures real time around the sleep; here the
// handler reads the engine's virtual clock.
import { describe, expect, it } from "vitest";
import type { VirtualClock } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun } from "./support.ts";

const sleeper = (ms: number, clockOf: () => VirtualClock | undefined) => {
  const state = { beforeSleep: 0, afterSleep: 0 };
  const fn = inngest.createFunction(
    { id: "fn", retries: 0, triggers: [{ event: "evt-sub-second" }] },
    async ({ step }) => {
      state.beforeSleep ||= clockOf()?.now() ?? Number.NaN;
      await step.sleep("sleep", ms);
      state.afterSleep ||= clockOf()?.now() ?? Number.NaN;
      return "done";
    },
  );
  return { fn, state };
};

describe("sub-second durations", () => {
  it("step.sleep with a 500ms numeric duration rounds up and sleeps 1s", async () => {
    let clock: VirtualClock | undefined;
    const { fn, state } = sleeper(500, () => clock);
    const started = virtualEngine([fn]);
    clock = started.clock;
    await started.engine.send({ name: "evt-sub-second" });
    await started.engine.runUntilIdle();

    const run = onlyRun(started.engine, "fn");
    expect(run.output).toBe("done");
    const elapsed = state.afterSleep - state.beforeSleep;
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it("step.sleep with a 1500ms numeric duration floors to 1s", async () => {
    let clock: VirtualClock | undefined;
    const { fn, state } = sleeper(1500, () => clock);
    const started = virtualEngine([fn]);
    clock = started.clock;
    await started.engine.send({ name: "evt-sub-second" });
    await started.engine.runUntilIdle();

    const run = onlyRun(started.engine, "fn");
    expect(run.output).toBe("done");
    const elapsed = state.afterSleep - state.beforeSleep;
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it("step.waitForEvent with a sub-second numeric timeout times out with null", async () => {
    const state: { waitResult: unknown } = { waitResult: "unset" };
    const fn = inngest.createFunction(
      { id: "fn", retries: 0, triggers: [{ event: "evt-sub-second" }] },
      async ({ step }) => {
        state.waitResult = await step.waitForEvent("wait", {
          event: "never-sent",
          timeout: 500,
        });
        return "done";
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "evt-sub-second" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "fn");
    expect(run.output).toBe("done");
    expect(state.waitResult).toBeNull();
  });
});
