// The pipeline API: bearer auth on /api/*, starting a run (with clear 400s for bad campaigns,
// modes and limits), and reading its scorecard.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "test-dashboard-token-0123456789abcdef";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup() {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  const app = createApp(runtime);
  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    app.request(path, {
      ...init,
      headers: {
        "content-type": "application/json",
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...init.headers,
      },
    });
  return { app, call, rt: runtime };
}

describe("bearer auth on /api/*", () => {
  it("refuses no token and a wrong token with 401, accepts the right one", async () => {
    const { call } = await setup();
    const none = await call("/api/pipeline/runs", {}, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await none.json()).toMatchObject({ error: "unauthorized" });
    expect((await call("/api/pipeline/runs", {}, `${TOKEN}x`)).status).toBe(401);
    expect(
      (await call("/api/pipeline/runs", { headers: { authorization: TOKEN } }, null)).status,
    ).toBe(401);
    expect((await call("/api/pipeline/runs")).status).toBe(200);
  });

  it("guards unknown /api routes too, and leaves /health and /api/inngest to their own rules", async () => {
    const { call } = await setup();
    expect((await call("/api/nothing-here", {}, null)).status).toBe(401);
    expect((await call("/api/nothing-here")).status).toBe(404);
    expect((await call("/health", {}, null)).status).toBe(200);
    expect((await call("/api/inngest", {}, null)).status).toBe(200);
  });

  it("generates a token when none is configured, keeps only its digest, and accepts it", async () => {
    runtime = await createTestRuntime();
    const token = runtime.dashboardToken.generated;
    expect(runtime.dashboardToken.source).toBe("generated");
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const keys = await runtime.store.redis.keys("*");
    for (const key of keys)
      expect(JSON.stringify(await runtime.store.redis.get(key))).not.toContain(token);
    const app = createApp(runtime);
    const res = await app.request("/api/pipeline/runs", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("POST /api/pipeline/runs", () => {
  it("starts a run and serves its scorecard", async () => {
    const { call, rt } = await setup();
    const res = await call("/api/pipeline/runs", {
      method: "POST",
      body: JSON.stringify({ campaign: "competitor_gong", mode: "sandbox", limit: 30 }),
    });
    expect(res.status).toBe(202);
    const { run } = await res.json();
    expect(run).toMatchObject({
      campaign: "competitor_gong",
      mode: "sandbox",
      limit: 30,
      status: "running",
    });
    await rt.engine?.runUntilIdle();
    const scorecard = await (await call(`/api/pipeline/runs/${run.id}`)).json();
    expect(scorecard.status).toBe("completed");
    expect(scorecard.stages).toHaveLength(5);
    expect(scorecard.stages[0]).toMatchObject({ stage: "scrape", status: "PASS", countOut: 30 });
    const list = await (await call("/api/pipeline/runs")).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toContain(run.id);
  });

  it("runs a campaign one run at a time: a second start while the first runs is a 409", async () => {
    const { call, rt } = await setup();
    const start = () =>
      call("/api/pipeline/runs", {
        method: "POST",
        body: JSON.stringify({ campaign: "default", mode: "sandbox", limit: 5 }),
      });
    const first = await start();
    expect(first.status).toBe(202);
    const { run } = await first.json();
    const second = await start();
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: "conflict", runId: run.id });
    const other = await call("/api/pipeline/runs", {
      method: "POST",
      body: JSON.stringify({ campaign: "event_saastr", mode: "sandbox", limit: 5 }),
    });
    expect(other.status).toBe(202);
    await rt.engine?.runUntilIdle();
    expect((await start()).status).toBe(202);
  });

  it("uses the campaign's default limit when none is given", async () => {
    const { call, rt } = await setup();
    const res = await call("/api/pipeline/runs", {
      method: "POST",
      body: JSON.stringify({ campaign: "event_saastr", mode: "sandbox" }),
    });
    expect((await res.json()).run.limit).toBe(rt.config.campaigns.event_saastr?.default_limit);
  });

  it.each<[Record<string, unknown>, string, RegExp]>([
    [
      { campaign: "nope", mode: "sandbox", limit: 5 },
      "campaign",
      /allowed: default, competitor_gong, event_saastr/,
    ],
    ...["toString", "__proto__", "constructor", "valueOf", "hasOwnProperty"].map(
      (campaign): [Record<string, unknown>, string, RegExp] => [
        { campaign, mode: "sandbox", limit: 5 },
        "campaign",
        /unknown campaign .*allowed: default, competitor_gong, event_saastr/,
      ],
    ),
    [{ campaign: "default", mode: "live", limit: 5 }, "mode", /expected sandbox or production/],
    [{ campaign: "default", mode: "sandbox", limit: 0 }, "limit", /at least 1/],
    [{ campaign: "default", mode: "sandbox", limit: 2.5 }, "limit", /whole number/],
    [{ campaign: "default", mode: "sandbox", limit: 60_000 }, "limit", /at most 50000/],
    [{ campaign: "default", mode: "sandbox", extra: 1 }, "request", /extra/],
  ])("refuses %j with a 400 naming %s", async (body, field, detail) => {
    const { call, rt } = await setup();
    const res = await call("/api/pipeline/runs", { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error).toBe("invalid_request");
    expect(json.detail).toMatch(detail);
    if (field !== "request") expect(json.field).toBe(field);
    expect(rt.engine?.runs()).toHaveLength(0);
    expect(await rt.repos.runs.recentIds()).toHaveLength(0);
  });

  it("says loudly which providers run as sandbox in production mode", async () => {
    const { call } = await setup();
    const res = await call("/api/pipeline/runs", {
      method: "POST",
      body: JSON.stringify({ campaign: "default", mode: "production", limit: 5 }),
    });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.sandboxProviders).toEqual(["Apollo", "BetterContact", "ZeroBounce"]);
    expect(body.warning).toMatch(
      /production mode, but Apollo, BetterContact, ZeroBounce run as sandbox/,
    );
  });

  it("keeps listing runs after a refused prototype-key campaign", async () => {
    const { call } = await setup();
    await call("/api/pipeline/runs", {
      method: "POST",
      body: JSON.stringify({ campaign: "toString", mode: "sandbox" }),
    });
    const list = await call("/api/pipeline/runs");
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ runs: [] });
  });

  it("answers malformed JSON and unknown runs with JSON 4xx", async () => {
    const { call } = await setup();
    const bad = await call("/api/pipeline/runs", { method: "POST", body: "{ nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request" });
    const missing = await call("/api/pipeline/runs/run_20990101_000000_abcdef");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
    expect((await call("/api/pipeline/runs/..%2Fetc")).status).toBe(400);
  });
});
