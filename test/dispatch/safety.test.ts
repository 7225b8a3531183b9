// The emergency stop during a batch (nothing more is sent, and campaigns this system activated
// are paused at both providers), campaign activation as a person's act, provider failures (429
// retried after its delay, 401 a clear failure that is not retried), and the operator API's
// answers to bad input.
import { afterEach, describe, expect, it } from "vitest";
import { approveBatch } from "../../lib/dispatch/batch-lifecycle.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import { createApp } from "../../routes/app.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  approvedCards,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  OPERATOR_TOKEN,
  operatorApi,
  sendingProviders,
  sendLive,
  useProviderServer,
} from "./support.ts";

const TOKEN = OPERATOR_TOKEN;
const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const api = (runtime: TestRuntime) => operatorApi(runtime, "Ops Lead");
const env = { DASHBOARD_AUTH_TOKEN: TOKEN, ...LIVE_PROVIDER_ENV };
const runsOf = (runtime: TestRuntime, functionId: string) =>
  runtime.engine?.runs({ functionId }) ?? [];

describe("emergency stop and provider failures", () => {
  it("an emergency stop during a batch sends nothing more and pauses every campaign we activated", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env });
    await approvedCards(rt, 10);
    const call = api(rt);
    // A first batch goes out, and a person activates its campaign.
    await sendLive(rt);
    const [campaign] = (await rt.repos.campaigns.list()).filter((c) => c.provider === "instantly");
    if (!campaign) throw new Error("no campaign");
    const activated = await call(`/api/operator/campaigns/${campaign.id}/activate`, {
      method: "POST",
    });
    expect(activated.status).toBe(200);
    expect(activated.json.campaign).toMatchObject({
      status: "active",
      activatedBy: "Ops Lead (via API token)",
    });

    // The next day's batch is approved, and the stop is switched on before it sends.
    rt.clock.advance(24 * 3_600_000);
    const second = await runOutbound(rt, { live: true, by: "operator" });
    expect(second.batches.length).toBeGreaterThan(0);
    const requestsBefore = providers.instantly.requests.length;
    const heyReachBefore = providers.heyReach.requests.length;
    const stop = await call("/api/operator/emergency-stop", {
      method: "POST",
      body: { on: true, reason: "spam complaints" },
    });
    expect(stop.json).toMatchObject({
      on: true,
      sources: ["switch"],
      reason: "spam complaints",
      by: "Ops Lead (via API token)",
    });
    for (const batch of second.batches) await approveBatch(rt, batch.id, "Head of Sales");
    // A minute on: the sends and the pauses (unbounded, it would live out the cadences' 21 days).
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });

    const held = second.batches.map((b) => rt?.repos.batches.get(b.id));
    for (const read of await Promise.all(held))
      expect(read?.state).toMatchObject({
        status: "held",
        reason: "emergency stop: spam complaints",
      });
    const newInstantly = providers.instantly.requests
      .slice(requestsBefore)
      .map((r) => r.url.pathname);
    expect(newInstantly).toEqual([`/api/v2/campaigns/${campaign.id}/pause`]);
    const newHeyReach = providers.heyReach.requests
      .slice(heyReachBefore)
      .map((r) => r.url.pathname);
    expect(newHeyReach.every((p) => p === "/api/public/campaign/Pause")).toBe(true);
    expect(newHeyReach.length).toBeGreaterThan(0);
    expect((await rt.repos.campaigns.get("instantly", campaign.id))?.status).toBe("paused");
    // Audited, alerted, and on /health.
    const audit = await rt.repos.audit.list({ limit: 10, offset: 0 });
    expect(audit.entries.map((e) => e.action)).toContain("emergency_stop");
    expect(runsOf(rt, "send-alert").map((r) => r.event.data.title)).toContain(
      "Emergency stop switched ON",
    );
    const health = await createApp(rt).request("/health");
    expect(((await health.json()) as { emergencyStop: boolean }).emergencyStop).toBe(true);
    // Activation is refused while the stop holds; turning it off needs a reason too.
    const refused = await call(`/api/operator/campaigns/${campaign.id}/activate`, {
      method: "POST",
    });
    expect(refused.status).toBe(409);
    const noReason = await call("/api/operator/emergency-stop", {
      method: "POST",
      body: { on: false },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.detail).toMatch(/body\.reason/);
  });

  it("Instantly's 429 is retried after its delay; a 401 fails at once with a clear reason", async () => {
    const providers = sendingProviders({
      ghl: { contacts: {} },
      instantly: { rateLimitOnce: true, retryAfterSeconds: 30 },
    });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env,
    });
    await approvedCards(rt, 6);
    await sendLive(rt);
    const [run] = runsOf(rt, "send-dispatch-batch");
    expect(run?.output).toMatchObject({ status: "sent", mode: "live" });
    const creates = providers.instantly.requests.filter(
      (r) => r.url.pathname === "/api/v2/campaigns",
    );
    expect(creates).toHaveLength(2); // the 429, then the retry
    await rt.close();

    const refusing = sendingProviders({ ghl: { contacts: {} }, instantly: { unauthorized: true } });
    server.resetHandlers(...refusing.handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env,
    });
    await approvedCards(rt, 6);
    const again = await sendLive(rt);
    const [failed] = runsOf(rt, "send-dispatch-batch");
    expect(failed?.status).toBe("failed");
    expect(refusing.instantly.requests).toHaveLength(1);
    // The batch ends as failed and, nothing having been sent, gives its leads back.
    const [batch] = again.batches;
    expect((await rt.repos.batches.get(batch?.id ?? ""))?.state).toMatchObject({
      status: "failed",
      progress: "none",
    });
    expect((await rt.repos.ledger.counts("2026-11-24")).email).toBe(0);
    expect(await rt.repos.ledger.claims()).toEqual({});
    expect(JSON.stringify(failed?.error)).toMatch(/INSTANTLY_API_KEY/);
    expect(JSON.stringify(failed?.error)).not.toContain(LIVE_PROVIDER_ENV.INSTANTLY_API_KEY);
    // The failure counts as an error of the ramp's day.
    expect((await rt.repos.ramp.activity("2026-11-24")).errors).toBe(1);
  });

  it("a campaign that cannot be paused does not keep the others sending, and raises a CRITICAL alert", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env });
    const at = rt.now().toISOString();
    const record = {
      name: "c",
      batchIds: [],
      sandbox: false,
      createdAt: at,
      activatedAt: at,
      activatedBy: "x",
      pausedAt: null,
      pausedReason: null,
      status: "active" as const,
    };
    // An Instantly campaign someone deleted at Instantly (404 on pause), then a HeyReach one.
    await rt.repos.campaigns.save({ ...record, provider: "instantly", id: "gone-campaign" });
    await rt.repos.campaigns.save({ ...record, provider: "heyreach", id: "334314" });
    await api(rt)("/api/operator/emergency-stop", {
      method: "POST",
      body: { on: true, reason: "complaints" },
    });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect((await rt.repos.campaigns.get("heyreach", "334314"))?.status).toBe("paused");
    expect((await rt.repos.campaigns.get("instantly", "gone-campaign"))?.status).toBe("active");
    const alerts = runsOf(rt, "send-alert").map((r) => r.event.data);
    expect(
      alerts.find((a) => a.title === "Emergency stop: campaigns could not be paused"),
    ).toMatchObject({
      severity: "CRITICAL",
      detail: expect.stringContaining("instantly:gone-campaign"),
    });
  });

  it("a stop set in env pauses our active campaigns within 15 minutes", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env: { ...env, EMERGENCY_STOP: "true" } });
    const at = rt.now().toISOString();
    await rt.repos.campaigns.save({
      provider: "heyreach",
      id: "334364",
      name: "c",
      batchIds: [],
      sandbox: false,
      createdAt: at,
      activatedAt: at,
      activatedBy: "x",
      pausedAt: null,
      pausedReason: null,
      status: "active",
    });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 16 * 60_000 });
    expect(await rt.repos.campaigns.get("heyreach", "334364")).toMatchObject({
      status: "paused",
      pausedReason: "emergency stop: EMERGENCY_STOP is set",
    });
    expect(providers.heyReach.requests.map((r) => r.url.pathname)).toEqual([
      "/api/public/campaign/Pause",
    ]);
  });

  it("the operator API refuses bad input with the reason", async () => {
    rt = await dispatchRuntime({ env: { DASHBOARD_AUTH_TOKEN: TOKEN } });
    const call = api(rt);
    const cases: [string, { method?: string; body?: unknown; raw?: string }, number, RegExp][] = [
      [
        "/api/operator/dispatch",
        { method: "POST", body: { motion: "inbound" } },
        400,
        /body\.motion/,
      ],
      [
        "/api/operator/dispatch",
        { method: "POST", body: { motion: "cadence" } },
        400,
        /runs by itself/,
      ],
      [
        "/api/operator/dispatch",
        { method: "POST", body: { motion: "outbound", live: "yes" } },
        400,
        /body\.live: expected true or false/,
      ],
      ["/api/operator/dispatch", { method: "POST", raw: "{not json" }, 400, /JSON/i],
      [
        "/api/operator/approve-batch/nope",
        { method: "POST", body: {} },
        400,
        /expected a batch id/,
      ],
      [
        "/api/operator/approve-batch/batch_20261124_deadbeef",
        { method: "POST", body: {} },
        404,
        /no batch/,
      ],
      [
        "/api/operator/emergency-stop",
        { method: "POST", body: { on: "true", reason: "x" } },
        400,
        /body\.on/,
      ],
      [
        "/api/operator/campaigns/unknown-id/activate",
        { method: "POST" },
        404,
        /no Instantly campaign/,
      ],
      ["/api/operator/shadow?limit=0", {}, 400, /query\.limit/],
      [
        "/api/operator/suppressions",
        { method: "POST", body: { note: "asked" } },
        400,
        /email or a linkedinUrl/,
      ],
    ];
    for (const [path, init, status, detail] of cases) {
      const res = await call(path, init);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(String(res.json.detail)).toMatch(detail);
    }
    const dry = await call("/api/operator/dispatch", {
      method: "POST",
      body: { motion: "outbound" },
    });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ live: false, considered: 0, batches: [] });
    const status = await call("/api/operator/status");
    expect(status.json).toMatchObject({
      shadowMode: true,
      dryRunDefault: true,
      ramp: { active: true, streak: 0 },
    });
  });
});
