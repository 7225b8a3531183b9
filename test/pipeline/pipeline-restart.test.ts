// A pipeline run stopped in the middle of a stage (enrich, asleep between BetterContact polls)
// completes after the app starts again on the same embedded store: nothing is lost, nothing runs
// twice, and the campaign is free again once it ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const START = new Date(Date.UTC(2026, 10, 24, 9, 0, 0));
const open: TestRuntime[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const runtime of open.splice(0)) await runtime.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const runtimeAt = async (dataDir: string, start: Date) => {
  const runtime = await createTestRuntime({
    rawEnv: { DATA_DIR: dataDir },
    start,
    startCrons: false,
  });
  open.push(runtime);
  return runtime;
};

describe("a pipeline run across a restart", () => {
  it("resumes mid-enrich and completes with every card once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-pipeline-restart-"));
    dirs.push(dataDir);
    const first = await runtimeAt(dataDir, START);
    const run = await startRun(
      first,
      { campaign: "competitor_gong", mode: "sandbox", limit: 30 },
      "test",
    );
    await first.engine?.runUntilIdle({ until: START.getTime() + 5_000 });
    const before = await first.repos.runs.scorecard(run.id);
    expect(before?.status).toBe("running");
    expect(before?.stages.find((s) => s.stage === "scrape")?.status).toBe("PASS");
    expect(before?.stages.find((s) => s.stage === "enrich")?.status).toBe("PENDING");
    expect(first.engine?.runs({ functionId: "enrich-leads" })[0]?.status).toBe("sleeping");
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await runtimeAt(dataDir, new Date(START.getTime() + 6_000));
    expect(second.engine?.runs({ functionId: "enrich-leads" })[0]?.status).toBe("sleeping");
    await second.engine?.runUntilIdle();
    const after = await second.repos.runs.scorecard(run.id);
    expect(after?.status).toBe("completed");
    expect(after?.stages.map((s) => s.status)).toEqual(["PASS", "PASS", "PASS", "PASS", "PASS"]);
    const crafted = after?.stages.find((s) => s.stage === "craft")?.countOut ?? 0;
    expect(crafted).toBeGreaterThan(0);
    expect(await second.repos.cards.pendingIds()).toHaveLength(crafted);
    const again = await startRun(
      second,
      { campaign: "competitor_gong", mode: "sandbox", limit: 5 },
      "test",
    );
    expect(again.id).not.toBe(run.id);
  });
});
