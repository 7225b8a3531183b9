// A run whose process stopped after recording it but before its first stage has nothing that will
// ever end it: once a minute old, the server marks it failed (with the reason) instead of showing
// it as running for good. A run with a stage pending, or a young one, is left alone.
import { afterEach, describe, expect, it } from "vitest";
import { endInterruptedRuns, startRun } from "../../lib/pipeline/start-run.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("runs that nothing will end", () => {
  it("are failed once a minute old; a run with work pending is not", async () => {
    rt = await createTestRuntime();
    // Recorded, but its process stopped before it emitted `pipeline.requested`.
    await rt.repos.runs.create({
      id: "run_orphan",
      campaign: "competitor_gong",
      mode: "sandbox",
      limit: 10,
      requestedBy: "cli",
    });
    expect(await endInterruptedRuns(rt)).toEqual([]);
    rt.clock.advanceTo(rt.clock.now() + 61_000);
    expect(await endInterruptedRuns(rt)).toEqual(["run_orphan"]);
    expect(await rt.repos.runs.get("run_orphan")).toMatchObject({
      status: "failed",
      endReason: "interrupted: no stage of the run is pending any more",
    });

    // A run whose work is pending (its event waits in the engine's intake) is left alone.
    rt.engine?.stop();
    const live = await startRun(rt, { campaign: "default", mode: "sandbox", limit: 30 }, "test");
    rt.clock.advanceTo(rt.clock.now() + 61_000);
    expect(await endInterruptedRuns(rt)).toEqual([]);
    rt.engine?.start({ crons: false });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect((await rt.repos.runs.get(live.id))?.status).toBe("completed");
    // The orphan's campaign is free again.
    await startRun(rt, { campaign: "competitor_gong", mode: "sandbox", limit: 5 }, "test");
  });
});
