// The deliverability guard from the outside: Instantly's webhooks report sends and two bounces
// from one sending account; the signal loop engages the guard at once (alerted), which pauses the
// active campaign sending from that account, holds the next live dispatch and a campaign's
// activation, and shows in the operator's status and GET /api/deliverability — until a person
// clears it with a reason (audited; a missing reason is refused, a second clear is a conflict).
// The KPIs of the run show its ICP matching from the pipeline and its sends from the webhooks.
import { afterEach, describe, expect, it } from "vitest";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import {
  approvedCards,
  dispatchRuntime,
  type Json,
  LIVE_PROVIDER_ENV,
  OPERATOR_TOKEN,
  operatorApi,
  sendingProviders,
  sendLive,
  useProviderServer,
} from "../dispatch/support.ts";
import { hooks, instantlyEvent, SECRETS } from "../signals/support.ts";
import type { TestRuntime } from "../support/runtime.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

/** Past the ramp, so a day's dispatch sends 8 leads (two accounts send two) and leaves some. */
const GRADUATED = {
  ramp: { enabled: false },
  caps: { daily: { email: 8 } },
} as const;

describe("the deliverability guard", () => {
  it("engages on an account's second bounce, holds live dispatch, pauses its campaign, and is cleared by a person", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: GRADUATED,
      crons: false,
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN },
    });
    await approvedCards(rt, 16);
    const live = await sendLive(rt);
    const call = operatorApi(rt);
    const [campaign] = (await rt.repos.campaigns.list()).filter((c) => c.provider === "instantly");
    if (!campaign) throw new Error("expected an Instantly campaign");
    expect(campaign.accounts?.length).toBeGreaterThan(0);
    expect(
      (await call(`/api/operator/campaigns/${campaign.id}/activate`, { method: "POST" })).status,
    ).toBe(200);

    // Instantly reports every email sent, from the lead's account.
    const units = live.channels.email.wouldSend;
    const hook = hooks(rt);
    for (const [i, unit] of units.entries()) {
      const sent = instantlyEvent("email_sent", unit.to as string, {
        email_account: unit.account,
        timestamp: new Date(Date.parse("2026-11-24T15:10:00Z") + i * 60_000).toISOString(),
      });
      expect((await hook.instantly(sent)).status).toBe(202);
    }
    await rt.engine?.runUntilIdle();
    const account = units[0]?.account as string;
    const sameAccount = units.filter((u) => u.account === account);
    expect(sameAccount.length).toBeGreaterThanOrEqual(2);

    // One bounce from that account: 1 of its last 50 sends is 2%, not over the limit.
    const bounce = (to: string) =>
      hook.instantly(
        instantlyEvent("email_bounced", to, {
          email_account: account,
          timestamp: "2026-11-24T16:30:00Z",
        }),
      );
    await bounce(sameAccount[0]?.to as string);
    await rt.engine?.runUntilIdle();
    expect((await rt.repos.guard.state()).engaged).toBe(false);

    // The second engages the guard at once, and the campaign sending from it is paused.
    await bounce(sameAccount[1]?.to as string);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const deliverability = await call("/api/deliverability");
    expect(deliverability.json.guard).toMatchObject({
      engaged: true,
      triggers: [{ kind: "account_bounce", scope: account, rate: 0.04 }],
      reason: expect.stringContaining(`account bounce (${account})`),
    });
    expect(deliverability.json.accounts).toContainEqual(
      expect.objectContaining({ account, bounced: 2, overLimit: true }),
    );
    expect((await rt.repos.campaigns.get("instantly", campaign.id))?.status).toBe("paused");
    expect(
      providers.instantly.requests.some((r) =>
        r.url.pathname.endsWith(`/campaigns/${campaign.id}/pause`),
      ),
    ).toBe(true);
    const alerts = (rt.engine?.runs({ functionId: "send-alert" }) ?? []).map(
      (r) => r.event.data as Json,
    );
    expect(alerts.map((a) => a.title)).toContain(
      "Deliverability guard engaged: live dispatch is held",
    );

    // Live dispatch is held, and so is activating the campaign again.
    rt.clock.advance(24 * 3_600_000);
    const held = await runOutbound(rt, { live: true, by: "operator" });
    expect(held.considered).toBeGreaterThan(0);
    expect(held.batches).toEqual([]);
    expect(held.heldByLayer).toEqual({ deliverability_guard: held.considered });
    const refused = await call(`/api/operator/campaigns/${campaign.id}/activate`, {
      method: "POST",
    });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/deliverability guard engaged/);
    expect((await call("/api/operator/status")).json.deliverabilityGuard.engaged).toBe(true);

    // Only a person clears it, and only with a reason.
    const noReason = await call("/api/deliverability/clear", { method: "POST", body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.json.detail).toMatch(/body\.reason/);
    const cleared = await call("/api/deliverability/clear", {
      method: "POST",
      body: { reason: "Bounced addresses removed; the account's DNS checked" },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.json.guard).toMatchObject({
      engaged: false,
      cleared: { by: "Ops Lead (via API token)", triggers: [{ kind: "account_bounce" }] },
    });
    expect(
      (await call("/api/deliverability/clear", { method: "POST", body: { reason: "again" } }))
        .status,
    ).toBe(409);
    const audit = await call("/api/audit?limit=5");
    expect(audit.json.entries[0]).toMatchObject({
      action: "clear_deliverability_guard",
      actor: "Ops Lead (via API token)",
      detail: "Bounced addresses removed; the account's DNS checked",
      before: { engaged: true },
    });
    const resumed = await runOutbound(rt, { live: true, by: "operator" });
    expect(resumed.heldByLayer.deliverability_guard).toBeUndefined();
    expect(resumed.batches.length).toBeGreaterThan(0);

    // The KPIs: the run's ICP matching from its segment stage, the sends and bounces from Instantly.
    const kpis = await call("/api/kpis?from=2026-11-24&to=2026-11-25");
    const run = (await call("/api/scorecard?limit=1")).json.runs[0] as Json;
    const segment = (run.stages as Json[]).find((s) => s.stage === "segment") as Json;
    const day1 = kpis.json.days[0] as Json;
    expect(day1.counts).toMatchObject({ emailed: units.length, emails: units.length, bounced: 2 });
    expect(kpis.json.total.counts.scored).toBeGreaterThanOrEqual(segment.countIn);
    expect(kpis.json.total.rates.icp_match_rate.value).toBeGreaterThan(0);
  });
});
