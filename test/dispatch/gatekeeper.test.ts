// The GATEKEEPER: a live dispatch creates batches with immutable snapshots that send nothing until
// `batch.approved` for exactly that snapshot; shadow mode makes no provider request at all; a live
// send creates a draft Instantly campaign and HeyReach list/campaign adds; duplicates and races
// send once; a batch nobody approves expires and gives its leads back.
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { approveBatch } from "../../lib/dispatch/batch-lifecycle.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  approvedCards,
  dispatchRuntime,
  type Json,
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
  if (rt?.store.transport === "redis") await rt.store.redis.flushdb();
  await rt?.close();
  rt = undefined;
});

const api = (runtime: TestRuntime) => operatorApi(runtime, "Head of Sales");

const runsOf = (runtime: TestRuntime, functionId: string) =>
  runtime.engine?.runs({ functionId }) ?? [];
const env = (extra: Record<string, string> = {}) => ({ DASHBOARD_AUTH_TOKEN: TOKEN, ...extra });

describe("gatekeeper batches", () => {
  it("live creates a batch per channel that waits for approval; approving it in shadow mode only fills the shadow queue", async () => {
    // No handler at all: any provider request fails the test.
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env(), redis: true });
    await approvedCards(rt, 12);
    const call = api(rt);
    const answer = await call("/api/operator/dispatch", {
      method: "POST",
      body: { motion: "outbound", live: true },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.mode).toBe("shadow");
    const batches = answer.json.batches as {
      id: string;
      channel: string;
      snapshotHash: string;
      leads: number;
    }[];
    expect(batches.map((b) => b.channel).sort()).toEqual(["email", "linkedin"]);
    const email = batches.find((b) => b.channel === "email");
    if (!email) throw new Error("no email batch");
    expect(email.leads).toBe(5); // the ramp's limit

    const detail = await call(`/api/operator/batches/${email.id}`);
    expect(detail.json.state.status).toBe("pending_approval");
    expect(detail.json.snapshot.leads[0].steps.length).toBe(5);
    expect(detail.json.snapshot.email.delays).toEqual([3, 6, 7, 4, 0]);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect(runsOf(rt, "send-dispatch-batch").map((r) => r.status)).toEqual(["waiting", "waiting"]);
    // Slack heard of each batch.
    const alerts = runsOf(rt, "send-alert").map((r) => r.event.data.title);
    expect(alerts).toContain(`Batch ${email.id} waits for approval`);

    for (const batch of batches) {
      const approved = await call(`/api/operator/approve-batch/${batch.id}`, {
        method: "POST",
        body: { snapshotHash: batch.snapshotHash },
      });
      expect(approved.json).toMatchObject({ status: "approved", already: false });
    }
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect(runsOf(rt, "send-dispatch-batch").map((r) => r.output)).toEqual([
      expect.objectContaining({ status: "sent", mode: "shadow" }),
      expect.objectContaining({ status: "sent", mode: "shadow" }),
    ]);
    const shadow = await call("/api/operator/shadow?limit=10");
    expect(shadow.json.total).toBeGreaterThanOrEqual(3);
    const paths = (shadow.json.entries as { request: { path: string } }[])
      .map((e) => e.request.path)
      .sort();
    expect(paths).toContain("/api/v2/campaigns");
    expect(paths).toContain("/api/v2/leads/add");
    expect(paths).toContain("/list/AddLeadsToListV2");
    const campaignBody = (shadow.json.entries as { request: { path: string; body: Json } }[]).find(
      (e) => e.request.path === "/api/v2/campaigns",
    )?.request.body;
    if (!campaignBody) throw new Error("no campaign request in the shadow queue");
    expect(campaignBody.sequences[0].steps[0]).toEqual({
      type: "email",
      delay: 3,
      variants: [{ subject: "{{subject_1}}", body: "{{body_1}}" }],
    });
    expect(campaignBody.campaign_schedule.schedules[0]).toMatchObject({
      timing: { from: "09:00", to: "17:00" },
      timezone: "America/Detroit",
    });
    // Nothing dispatched in shadow mode; the timeline says shadowed.
    expect(runsOf(rt, "record-rejection")).toEqual([]);
    const leadId = detail.json.snapshot.leads[0].leadId as string;
    const timeline = await rt.repos.outreach.timeline(leadId);
    expect(timeline.map((t) => t.type)).toContain("email.shadowed");
    // Approving again changes nothing and sends nothing more.
    const again = await call(`/api/operator/approve-batch/${email.id}`, {
      method: "POST",
      body: {},
    });
    expect(again.json).toMatchObject({ status: "sent", already: true });
  });

  it("live mode: a draft Instantly campaign with each lead's copy as variables, HeyReach list then campaign, dispatched events", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env(LIVE_PROVIDER_ENV) });
    await approvedCards(rt, 10);
    const sentEvents: { name: string; data: Record<string, unknown> }[] = [];
    rt.engine?.on("event:sent", (event) => sentEvents.push(event as never));
    const live = await runOutbound(rt, { live: true, by: "operator" });
    expect(live.mode).toBe("live");
    for (const batch of live.batches)
      await approveBatch(rt, batch.id, "Head of Sales", batch.snapshotHash);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 }); // the cadences sleep on

    const created = providers.instantly.requests.filter(
      (r) => r.url.pathname === "/api/v2/campaigns",
    );
    expect(created).toHaveLength(1);
    const adds = providers.instantly.requests.filter((r) => r.url.pathname === "/api/v2/leads/add");
    expect(adds).toHaveLength(1);
    const body = adds[0]?.body as {
      campaign_id: string;
      skip_if_in_workspace: boolean;
      leads: { email: string; custom_variables: Record<string, string> }[];
    };
    expect(body.skip_if_in_workspace).toBe(true);
    expect(body.leads).toHaveLength(5);
    expect(Object.keys(body.leads[0]?.custom_variables ?? {})).toEqual([
      "subject_1",
      "body_1",
      "subject_2",
      "body_2",
      "subject_3",
      "body_3",
      "subject_4",
      "body_4",
      "subject_5",
      "body_5",
    ]);
    expect(body.leads[0]?.custom_variables.body_1).toContain("Reply STOP to unsubscribe.");
    // The campaign stays a draft: nothing activated it.
    expect(providers.instantly.requests.some((r) => r.url.pathname.endsWith("/activate"))).toBe(
      false,
    );
    const [campaign] = await rt.repos.campaigns
      .list()
      .then((all) => all.filter((c) => c.provider === "instantly"));
    expect(campaign).toMatchObject({ status: "draft", sandbox: false, id: body.campaign_id });

    const heyReach = providers.heyReach.requests.map((r) => r.url.pathname);
    expect(heyReach[0]).toBe("/api/public/list/AddLeadsToListV2");
    expect(heyReach.slice(1).every((p) => p === "/api/public/campaign/AddLeadsToCampaignV2")).toBe(
      true,
    );

    const dispatched = sentEvents.filter((e) => e.name === "email.dispatched");
    expect(dispatched).toHaveLength(5);
    expect(dispatched[0]?.data).toMatchObject({ mode: "live", step: 1 });
    expect(sentEvents.filter((e) => e.name === "linkedin.dispatched").length).toBeGreaterThan(0);
    const status = await api(rt)("/api/operator/status");
    expect(status.json.caps.email).toEqual({ limit: 5, used: 5 });
    const lead = body.leads[0];
    const leadId = live.channels.email.wouldSend.find((u) => u.to === lead?.email)?.leadId ?? "";
    const timeline = await rt.repos.outreach.timeline(leadId);
    expect(timeline.map((t) => t.type)).toContain("email.dispatched");
    const [outreach] = await rt.repos.outreach.getMany([leadId]);
    expect(outreach?.email).toMatchObject({
      mode: "live",
      batchId: live.batches.find((b) => b.channel === "email")?.id,
    });
    // The second dispatch finds the leads in a sequence already and holds them.
    const second = await runOutbound(rt, { live: false, by: "operator" });
    expect(second.channels.email.wouldSend.map((u) => u.leadId)).not.toContain(leadId);
  });

  it("50 duplicate batch.approved events and two approvals send each lead to Instantly once", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env(LIVE_PROVIDER_ENV), redis: true });
    await approvedCards(rt, 10);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const email = live.batches.find((b) => b.channel === "email");
    if (!email) throw new Error("no email batch");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    await Promise.all([
      approveBatch(rt, email.id, "Head of Sales"),
      approveBatch(rt, email.id, "Operator"),
      ...Array.from({ length: 50 }, () =>
        rt?.emit({
          name: "batch.approved",
          data: { batchId: email.id, snapshotHash: email.snapshotHash, approvedBy: "replay" },
        }),
      ),
    ]);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const adds = providers.instantly.requests.filter((r) => r.url.pathname === "/api/v2/leads/add");
    expect(adds).toHaveLength(1);
    const body = adds[0]?.body as { leads: { email: string }[] } | undefined;
    const emails = (body?.leads ?? []).map((l) => l.email);
    expect(emails.length).toBeGreaterThan(0);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("50 duplicate email.approved events queue the card once and send it once", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: env(LIVE_PROVIDER_ENV),
    });
    const [id] = await approvedCards(rt, 1);
    const card = await rt.repos.cards.get(id ?? "");
    if (!card?.decision) throw new Error("no approved card");
    await Promise.all(
      Array.from({ length: 50 }, () =>
        rt?.emit({
          name: "email.approved",
          data: { cardId: card.id, leadId: card.leadId, approvedBy: "replay", edited: false },
        }),
      ),
    );
    await rt.engine?.runUntilIdle();
    expect(await rt.repos.cards.dispatchQueue()).toEqual([card.id]);
    await sendLive(rt);
    const adds = providers.instantly.requests.filter((r) => r.url.pathname === "/api/v2/leads/add");
    expect(adds.flatMap((r) => (r.body as { leads: unknown[] }).leads)).toHaveLength(1);
    expect(await rt.repos.cards.dispatchQueue()).toEqual([]);
  });

  it("a batch nobody approves expires and gives back its leads, counts and 'contacted today' marks", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env() });
    await approvedCards(rt, 12);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    expect(live.batches.length).toBeGreaterThan(0);
    expect((await rt.repos.ledger.counts("2026-11-24")).email).toBe(5);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 25 * 3_600_000 });
    const outputs = runsOf(rt, "send-dispatch-batch").map((r) => r.output);
    expect(outputs).toEqual(live.batches.map(() => ({ status: "expired" })));
    expect(await rt.repos.ledger.counts("2026-11-24")).toMatchObject({ email: 0, linkedin: 0 });
    const again = await runOutbound(rt, { live: false, by: "operator" });
    expect(again.channels.email.wouldSend.length).toBe(5);
    const late = await api(rt)(`/api/operator/approve-batch/${live.batches[0]?.id}`, {
      method: "POST",
      body: {},
    });
    expect(late.status).toBe(409);
    expect(late.json.detail).toMatch(/is expired: nobody approved it in time/);
  });

  it("a batch whose cards no longer match its snapshot is refused, and the wrong hash is a 409", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env() });
    await approvedCards(rt, 12);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const batch = live.batches[0];
    if (!batch) throw new Error("no batch");
    const call = api(rt);
    const wrong = await call(`/api/operator/approve-batch/${batch.id}`, {
      method: "POST",
      body: { snapshotHash: "0".repeat(64) },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.json.detail).toMatch(/is not the snapshot you approved/);
    // A card of the batch changes behind the system's back (written straight into the store).
    const read = await rt.repos.batches.get(batch.id);
    const cardId = read?.snapshot.leads[0]?.cardId ?? "";
    const card = await rt.repos.cards.get(cardId);
    if (!card) throw new Error("no card");
    const { storeKey } = await import("../../lib/store/keys.ts");
    const changed = {
      ...card,
      sequence: card.sequence.map((s) => ({ ...s, body: `${s.body}\nP.S. changed` })),
    };
    await rt.store.redis.set(storeKey("card", cardId), JSON.stringify(changed));
    const refused = await call(`/api/operator/approve-batch/${batch.id}`, {
      method: "POST",
      body: {},
    });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toBe(
      `batch ${batch.id} was refused: card ${cardId} changed since the snapshot`,
    );
    expect((await rt.repos.batches.get(batch.id))?.state.status).toBe("refused");
  });

  it("a lead suppressed or who replied after the batch was made is left out of the send", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: env(LIVE_PROVIDER_ENV),
    });
    await approvedCards(rt, 10);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const [batch] = live.batches;
    const read = await rt.repos.batches.get(batch?.id ?? "");
    const [first, second] = read?.snapshot.leads ?? [];
    if (!batch || !first || !second) throw new Error("expected a batch of two or more");
    const at = rt.now().toISOString();
    await rt.repos.suppression.add(
      { email: first.email },
      { reason: "unsubscribed", source: "instantly", at, note: null },
    );
    await rt.repos.outreach.setEngagement(second.leadId, {
      status: "replied",
      at,
      reason: "reply_received",
    });
    await approveBatch(rt, batch.id, "Head of Sales");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const add = providers.instantly.requests.find((r) => r.url.pathname === "/api/v2/leads/add");
    const sentTo = ((add?.body as Json | undefined)?.leads ?? []).map(
      (l: { email: string }) => l.email,
    );
    expect(sentTo).not.toContain(first.email);
    expect(sentTo).not.toContain(second.email);
    expect(sentTo).toHaveLength((read?.snapshot.leads.length ?? 0) - 2);
    const outcomes = (await rt.repos.batches.get(batch.id))?.state.outcomes ?? [];
    expect(outcomes.find((o) => o.leadId === first.leadId)).toMatchObject({
      handed: false,
      detail: "held at send: suppressed (unsubscribed)",
    });
    expect(outcomes.find((o) => o.leadId === second.leadId)).toMatchObject({
      handed: false,
      detail: "held at send: lead replied",
    });
  });

  it("a reply that lands while the send is under way stops the lead right after it", async () => {
    const providers = sendingProviders();
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: env(LIVE_PROVIDER_ENV),
    });
    await approvedCards(rt, 6);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const [batch] = live.batches;
    const [first] = (await rt.repos.batches.get(batch?.id ?? ""))?.snapshot.leads ?? [];
    if (!batch || !first) throw new Error("expected a batch");
    const runtime = rt;
    const deleted: string[] = [];
    server.use(
      // Instantly takes the leads, and meanwhile the first lead's reply is applied.
      http.post("https://api.instantly.ai/api/v2/leads/add", async ({ request }) => {
        const body = (await request.json()) as { leads: { email: string }[] };
        await runtime.repos.outreach.setEngagement(first.leadId, {
          status: "replied",
          at: runtime.now().toISOString(),
          reason: "reply_received",
        });
        return HttpResponse.json({
          status: "success",
          leads_uploaded: body.leads.length,
          in_blocklist: 0,
          duplicated_leads: 0,
          skipped_count: 0,
          invalid_email_count: 0,
          created_leads: body.leads.map((lead, index) => ({
            id: `lead-uuid-${index}`,
            email: lead.email,
            index,
          })),
        });
      }),
      http.delete("https://api.instantly.ai/api/v2/leads/:id", ({ params }) => {
        deleted.push(String(params.id));
        return HttpResponse.json({ id: params.id });
      }),
      ...providers.handlers,
    );
    await approveBatch(rt, batch.id, "Head of Sales");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect(deleted).toEqual(["lead-uuid-0"]);
    const timeline = (await rt.repos.outreach.timeline(first.leadId)).map((t) => t.detail);
    expect(timeline.some((d) => d.startsWith("lead replied during the send"))).toBe(true);
  });

  it("the daily sweep gives back card channels claimed by a batch that does not exist", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, env: env() });
    const [id] = await approvedCards(rt, 3);
    await rt.repos.ledger.claimUnits([`${id}:email`], "batch_20261124_deadbeef");
    expect(await rt.repos.ledger.claims()).toEqual({ [`${id}:email`]: "batch_20261124_deadbeef" });
    // The hourly judge (17:30 local and every hour) sweeps.
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 3_600_000 });
    expect(await rt.repos.ledger.claims()).toEqual({});
  });

  it("concurrent live dispatches never pass the caps nor put a lead in two batches", async () => {
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, caps: { daily: { email: 7 } } },
      env: env(),
      redis: true,
    });
    await approvedCards(rt, 40);
    const runtime = rt;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        runOutbound(
          {
            ...runtime,
            config: { ...runtime.config, ramp: { ...runtime.config.ramp, enabled: false } },
          },
          { live: true, by: "operator" },
        ),
      ),
    );
    const emailBatches = answers.flatMap((a) => a.batches.filter((b) => b.channel === "email"));
    const leads = [];
    for (const batch of emailBatches) {
      const read = await rt.repos.batches.get(batch.id);
      leads.push(...(read?.snapshot.leads.map((l) => l.cardId) ?? []));
    }
    expect(leads.length).toBeLessThanOrEqual(7);
    expect(new Set(leads).size).toBe(leads.length);
    expect((await rt.repos.ledger.counts("2026-11-24")).email).toBe(leads.length);
  });
});
