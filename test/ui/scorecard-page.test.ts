// The scorecard: GET /api/scorecard lists recent runs with each stage's counts and why leads were
// let go (the reasons add up to what the stage dropped), and the streak of clean runs (a cancelled
// run breaks it); the /scorecard page in headless Chromium draws the runs over time and the stages,
// at 1440×900 and 390×844 (screenshots in test/.artifacts).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelRun } from "../../lib/pipeline/cancel-run.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { dispatchRuntime, type Json, OPERATOR_TOKEN, operatorApi } from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { ARTIFACTS, noChromium, servePages, signInAt } from "./page-harness.ts";

const TOKEN = OPERATOR_TOKEN;
let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  runtime = await dispatchRuntime({ crons: false, env: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  const run = async (campaign: string, limit: number) => {
    const record = await startRun(runtime, { campaign, mode: "sandbox", limit }, "test");
    await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 10 * 60_000 });
    return record.id;
  };
  await run("default", 40);
  const cancelled = await startRun(
    runtime,
    { campaign: "event_saastr", mode: "sandbox", limit: 10 },
    "test",
  );
  await cancelRun(runtime, cancelled.id, "Ops Lead", "wrong list");
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 10 * 60_000 });
  await run("competitor_gong", 30);
  if (!noChromium) pages = await servePages(runtime);
});

afterAll(async () => {
  await pages?.close();
  await runtime?.close();
});

describe("the scorecard", () => {
  it("GET /api/scorecard: stages, drop reasons that add up, and the clean streak", async () => {
    const { status, json } = await operatorApi(runtime)("/api/scorecard");
    expect(status).toBe(200);
    expect(json.runs.map((r: Json) => r.campaign)).toEqual([
      "competitor_gong",
      "event_saastr",
      "default",
    ]);
    expect(json.runs.map((r: Json) => r.clean)).toEqual([true, false, true]);
    expect(json.cleanStreak).toBe(1);
    const stages = json.runs[0].stages as Json[];
    expect(stages.map((s) => s.status)).toEqual(["PASS", "PASS", "PASS", "PASS", "PASS"]);
    for (const stage of stages.filter((s) => ["enrich", "verify", "segment"].includes(s.stage))) {
      const dropped = Object.values(stage.drops as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      expect(dropped).toBe(stage.countIn - stage.countOut);
    }
    const all = JSON.stringify(json.runs.map((r: Json) => r.stages.map((s: Json) => s.drops)));
    expect(all).not.toBe("[]");
    expect((await operatorApi(runtime)("/api/scorecard?limit=0")).status).toBe(400);
  });

  it.skipIf(noChromium)("the /scorecard page draws the runs and their stages", async () => {
    if (!pages) throw new Error("no browser");
    const open = (viewport: { width: number; height: number }): Promise<Page> =>
      signInAt(pages?.browser as NonNullable<typeof pages>["browser"], {
        base: pages?.base ?? "",
        path: "/scorecard",
        token: TOKEN,
        heading: "Alpha Swarm scorecard",
        ready: "main.scorecard",
        viewport,
        errors: pageErrors,
      });
    const page = await open({ width: 1440, height: 900 });
    expect(await page.locator("#chart svg g[data-run]").count()).toBe(3);
    expect(await page.locator("#runs tbody tr").count()).toBe(3);
    expect(await page.locator(".masthead").textContent()).toContain("1 clean run(s) in a row");
    expect(await page.locator("#runs").textContent()).toMatch(/\d+× /);
    await page.screenshot({ path: `${ARTIFACTS}/scorecard-1440.png`, fullPage: true });
    const mobile = await open({ width: 390, height: 844 });
    await mobile.screenshot({ path: `${ARTIFACTS}/scorecard-390.png`, fullPage: true });
    expect(
      await mobile.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
    ).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
