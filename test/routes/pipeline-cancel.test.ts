// Runs end: a run can be cancelled through the API (audited), which stops its stage functions and
// frees its campaign at once; a run nothing will ever finish (its process stopped) is failed with
// the reason when its campaign is asked for again, instead of holding it for hours.
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "cancel-dashboard-token-0123456789abcd";
const START = new Date(Date.UTC(2026, 10, 24, 15, 0, 0));
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup() {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN }, start: START });
  const rt = runtime;
  const app = createApp(rt);
  const call = async (path: string, method = "GET", body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        "x-actor": "Ops Lead",
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { rt, call };
}

describe("POST /api/pipeline/runs/:id/cancel", () => {
  it("stops the run's stages, frees the campaign and is audited", async () => {
    const { rt, call } = await setup();
    const run = await startRun(
      rt,
      { campaign: "competitor_gong", mode: "sandbox", limit: 30 },
      "test",
    );
    await rt.engine?.runUntilIdle({ until: START.getTime() + 5_000 });
    expect(rt.engine?.runs({ functionId: "enrich-leads" })[0]?.status).toBe("sleeping");

    const cancelled = await call(`/api/pipeline/runs/${run.id}/cancel`, "POST", {
      reason: "wrong list",
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.run).toMatchObject({
      id: run.id,
      status: "cancelled",
      endReason: "wrong list",
    });
    await rt.engine?.runUntilIdle();
    expect(rt.engine?.runs({ functionId: "enrich-leads" })[0]?.status).toBe("cancelled");
    expect(rt.engine?.runs({ functionId: "verify-leads" })).toHaveLength(0);
    expect(rt.engine?.runs({ functionId: "craft-emails" })).toHaveLength(0);
    expect(await rt.repos.cards.pendingIds()).toHaveLength(0);
    const card = await call(`/api/pipeline/runs/${run.id}`);
    expect(card.json.status).toBe("cancelled");

    const again = await call(`/api/pipeline/runs/${run.id}/cancel`, "POST", {});
    expect(again.status).toBe(409);
    expect(again.json.error).toBe("conflict");
    const next = await call("/api/pipeline/runs", "POST", {
      campaign: "competitor_gong",
      mode: "sandbox",
      limit: 5,
    });
    expect(next.status).toBe(202);

    const audit = await call("/api/audit");
    expect(audit.json.entries).toContainEqual(
      expect.objectContaining({
        action: "cancel_run",
        runId: run.id,
        cardId: null,
        detail: "wrong list",
      }),
    );
  });

  it("answers 404 for an unknown run and 400 for a bad body", async () => {
    const { call } = await setup();
    expect(
      (await call("/api/pipeline/runs/run_20990101_000000_abcdef/cancel", "POST", {})).status,
    ).toBe(404);
    const run = await call("/api/pipeline/runs", "POST", {
      campaign: "default",
      mode: "sandbox",
      limit: 5,
    });
    const id = (run.json.run as { id: string }).id;
    expect((await call(`/api/pipeline/runs/${id}/cancel`, "POST", { reason: 5 })).status).toBe(400);
    expect((await call(`/api/pipeline/runs/${id}/cancel`, "POST", { other: 1 })).status).toBe(400);
  });
});

describe("a run nothing will finish", () => {
  it("is failed with the reason when its campaign is asked for again", async () => {
    const { rt, call } = await setup();
    // A run recorded by a process that died before any stage ran (no engine run will end it).
    await rt.repos.runs.create({
      id: "run_20261124_140000_dead00",
      campaign: "default",
      mode: "sandbox",
      limit: 5,
      requestedBy: "cli",
    });
    const started = await call("/api/pipeline/runs", "POST", {
      campaign: "default",
      mode: "sandbox",
      limit: 5,
    });
    expect(started.status).toBe(202);
    const dead = await rt.repos.runs.get("run_20261124_140000_dead00");
    expect(dead).toMatchObject({
      status: "failed",
      endReason: expect.stringMatching(/interrupted/),
    });
  });

  it("still blocks a second run while the first one's stages are pending", async () => {
    const { rt, call } = await setup();
    await startRun(rt, { campaign: "competitor_gong", mode: "sandbox", limit: 30 }, "test");
    await rt.engine?.runUntilIdle({ until: START.getTime() + 5_000 });
    const second = await call("/api/pipeline/runs", "POST", {
      campaign: "competitor_gong",
      mode: "sandbox",
    });
    expect(second.status).toBe(409);
  });
});

describe("an Inngest that cannot be reached", () => {
  it("answers 503 engine_unavailable with the reason and leaves the campaign free", async () => {
    runtime = await createTestRuntime({
      rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN, INNGEST_DEV: "http://127.0.0.1:9" },
      start: START,
    });
    expect(runtime.engineMode).toBe("inngest-dev");
    const app = createApp(runtime);
    const res = await app.request("/api/pipeline/runs", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ campaign: "default", mode: "sandbox", limit: 5 }),
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; detail: string };
    expect(body.error).toBe("engine_unavailable");
    expect(body.detail).toMatch(/inngest-dev engine did not take the run/);
    const [id] = await runtime.repos.runs.recentIds(1);
    expect(await runtime.repos.runs.get(id ?? "")).toMatchObject({
      status: "failed",
      endReason: expect.stringMatching(/did not take the run/),
    });
  }, 30_000);
});
