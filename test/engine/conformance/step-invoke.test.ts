// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/step-invoke/
// (index.ts, index.test.ts). step.invoke of an event-triggered and of a cron-triggered function,
// in parallel; each invoked function sleeps a second and returns. Upstream asserts both INVOKE
// timeline items COMPLETED (their results are "not in history yet"); the handler returns the
// two results, which the run's output shows.
import { beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedEngine, RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepOf } from "./support.ts";

const cronInvokeFn = inngest.createFunction(
  { id: "step-invoke-cron", triggers: [{ cron: "59 23 31 12 *" }] },
  async ({ step }) => {
    await step.sleep("wait-a-moment", "1s");

    return {
      cronInvokeDone: true,
    };
  },
);

const eventInvokeFn = inngest.createFunction(
  { id: "step-invoke-event", triggers: [{ event: "demo/step.invoke.other" }] },
  async ({ step }) => {
    await step.sleep("wait-a-moment", "1s");

    return {
      eventInvokeDone: true,
    };
  },
);

const mainFn = inngest.createFunction(
  { id: "step-invoke", triggers: [{ event: "demo/step.invoke" }] },
  async ({ step }) => {
    return Promise.all([
      step.invoke("event-fn", { function: eventInvokeFn }),
      step.invoke("cron-fn", { function: cronInvokeFn }),
    ]);
  },
);

describe("step-invoke", () => {
  let engine: EmbeddedEngine;
  let run: RunView;

  beforeAll(async () => {
    ({ engine } = virtualEngine([mainFn, eventInvokeFn, cronInvokeFn]));
    await engine.send({ name: "demo/step.invoke" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "step-invoke");
  });

  it("runs in response to 'demo/step.invoke'", () => {
    expect(run.event.name).toBe("demo/step.invoke");
  });

  it("ran 'event-fn' step", () => {
    expect(stepOf(run, "event-fn").error).toBeUndefined();
    expect(stepOf(run, "event-fn").op).toBe("invoke");
  });

  it("ran 'cron-fn' step", () => {
    expect(stepOf(run, "cron-fn").error).toBeUndefined();
    expect(stepOf(run, "cron-fn").op).toBe("invoke");
  });

  // Not asserted upstream (results "not in history yet"); fixed by the function bodies.
  it("completes with both invoked functions' results, each invoked function run once", () => {
    expect(run.status).toBe("completed");
    expect(run.output).toEqual([{ eventInvokeDone: true }, { cronInvokeDone: true }]);
    expect(onlyRun(engine, "step-invoke-event").status).toBe("completed");
    expect(onlyRun(engine, "step-invoke-cron").status).toBe("completed");
  });
});
