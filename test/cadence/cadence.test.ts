// The cadence on the virtual clock: a lead dispatched live is enrolled once and its run walks the
// 8 steps over 21 days — email steps followed through Instantly's `email_sent`, later LinkedIn
// steps sent to their HeyReach campaigns with the approved text; a LinkedIn reply on day 5 ends it
// on every channel; an out-of-office pushes the next steps back; the emergency stop (and the
// deliverability guard) holds a LinkedIn step until it is lifted; a restart in the middle resumes
// it; and the cadence API.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { approveBatch } from "../../lib/dispatch/batch-lifecycle.ts";
import { DAY_MS } from "../../lib/dispatch/day.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import {
  ALL_TIERS,
  approvedCards,
  dispatchRuntime,
  type Json,
  LIVE_PROVIDER_ENV,
  OPERATOR_TOKEN,
  operatorApi,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import type { RecordedRequest } from "../msw/recorder.ts";
import { hooks, instantlyEvent, liveOnBothChannels, SECRETS } from "../signals/support.ts";
import type { TestRuntime } from "../support/runtime.ts";

const server = useProviderServer();
const open: TestRuntime[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const runtime of open.splice(0)) await runtime.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const STEP_CAMPAIGNS = { 4: 334402, 6: 334419 };

async function cadenceRuntime(env: Record<string, string> = {}) {
  const providers = sendingProviders();
  server.use(...providers.handlers);
  const rt = await dispatchRuntime({
    config: ALL_TIERS,
    crons: false,
    env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN, ...env },
  });
  open.push(rt);
  return { rt, providers };
}

/** Runs the engine until `days` after `start` (virtual time). */
const runUntilDay = (rt: TestRuntime, start: number, days: number) =>
  rt.engine?.runUntilIdle({ until: start + days * DAY_MS, maxSteps: 100_000 });

/** The HeyReach campaign requests that carried this lead into campaign `campaignId`. */
function addedTo(requests: RecordedRequest[], campaignId: number, profileUrl: string) {
  return requests.filter((r) => {
    const body = r.body as Json | undefined;
    return (
      r.url.pathname.endsWith("/campaign/AddLeadsToCampaignV2") &&
      body?.campaignId === campaignId &&
      body.accountLeadPairs.some((p: Json) => p.lead.profileUrl === profileUrl)
    );
  });
}

describe("the cadence", () => {
  it("walks all 8 steps over 21 days: email followed, LinkedIn steps 4 and 6 sent with the approved text", async () => {
    const { rt, providers } = await cadenceRuntime();
    const start = rt.now().getTime();
    const lead = await liveOnBothChannels(rt);
    const enrolled = await rt.repos.cadences.get(lead.leadId);
    expect(enrolled).toMatchObject({ status: "active", cadence: "outbound_8_step_21_day" });
    // Enrolled once although the lead was dispatched on two channels.
    const enrolments = await rt.repos.cadences.list(0, 100);
    expect(enrolments.total).toBeGreaterThan(1);
    expect(rt.engine?.runs({ functionId: "run-cadence" })).toHaveLength(enrolments.total);
    const [card] = await rt.repos.cards.getMany([enrolled?.cardId ?? ""]);
    // Instantly reports email step 1 sent.
    await hooks(rt).instantly(instantlyEvent("email_sent", lead.email, { step: 1 }));
    await runUntilDay(rt, start, 5.9); // day 7 begins 6 days after day 1
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      0,
    );
    await runUntilDay(rt, start, 24);
    for (const [step, campaignId] of Object.entries(STEP_CAMPAIGNS)) {
      const [request] = addedTo(providers.heyReach.requests, campaignId, lead.linkedinUrl);
      const pair = (request?.body as Json | undefined)?.accountLeadPairs[0];
      const approved = card?.sequence.find((s) => s.step === Number(step))?.body;
      expect(pair.lead.customUserFields).toContainEqual({ name: "message", value: approved });
    }
    const record = await rt.repos.cadences.get(lead.leadId);
    expect(record?.status).toBe("completed");
    expect(record?.steps.map((s) => [s.step, s.status])).toEqual([
      [1, "sent"],
      [2, "dispatched"],
      [3, "not_reported"],
      [4, "dispatched"],
      [5, "not_reported"],
      [6, "dispatched"],
      [7, "not_reported"],
      [8, "not_reported"],
    ]);
    const step4 = record?.steps[3];
    expect(Date.parse(step4?.at ?? "")).toBeGreaterThanOrEqual(start + 6 * DAY_MS);
    const timeline = (await rt.repos.outreach.timeline(lead.leadId)).map((t) => t.type);
    expect(timeline).toEqual(
      expect.arrayContaining(["cadence.enrolled", "cadence.step_dispatched", "cadence.completed"]),
    );
  });

  it("a LinkedIn reply on day 5 ends the cadence: no later step on any channel", async () => {
    const { rt, providers } = await cadenceRuntime();
    const start = rt.now().getTime();
    const lead = await liveOnBothChannels(rt);
    await runUntilDay(rt, start, 4.2);
    await hooks(rt).heyreach({
      correlation_id: "reply-day-5",
      event_type: "MESSAGE_REPLY_RECEIVED",
      timestamp: new Date(start + 4.2 * DAY_MS).toISOString(),
      campaign: { id: 334314 },
      lead: { profile_url: lead.linkedinUrl },
      recent_messages: [{ message: "Let's talk next week", is_reply: true }],
    });
    await runUntilDay(rt, start, 24);
    const run = rt.engine
      ?.runs({ functionId: "run-cadence" })
      .find((r) => (r.event as Json).data.leadId === lead.leadId);
    expect(run?.status).toBe("cancelled");
    for (const campaignId of Object.values(STEP_CAMPAIGNS)) {
      expect(addedTo(providers.heyReach.requests, campaignId, lead.linkedinUrl)).toHaveLength(0);
    }
    // Stopped at both providers in the signal's run.
    expect(providers.instantly.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(
      providers.heyReach.requests.filter((r) => r.url.pathname.endsWith("/StopLeadInCampaign")),
    ).toHaveLength(1);
    const record = await rt.repos.cadences.get(lead.leadId);
    expect(record).toMatchObject({
      status: "stopped",
      stopped: { by: "signal loop", reason: "heyreach message_reply_received" },
    });
    expect(record?.steps.slice(3).every((s) => s.status === "cancelled")).toBe(true);
  });

  it("an out-of-office on day 3 pushes the LinkedIn step of day 7 back by the configured delay", async () => {
    const { rt, providers } = await cadenceRuntime();
    const start = rt.now().getTime();
    const lead = await liveOnBothChannels(rt);
    await runUntilDay(rt, start, 2.1);
    const ooo = instantlyEvent("auto_reply_received", lead.email, {
      timestamp: new Date(start + 2.1 * DAY_MS).toISOString(),
      email_id: "ooo-1",
    });
    await hooks(rt).instantly(ooo);
    await hooks(rt).instantly(ooo); // a retried delivery pushes nothing more
    await runUntilDay(rt, start, 10.9);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      0,
    );
    const record = await rt.repos.cadences.get(lead.leadId);
    expect(record?.delays).toHaveLength(1);
    const enrolledAt = Date.parse(record?.startedAt ?? "");
    expect(record?.steps[3]?.dueAt).toBe(new Date(enrolledAt + 11 * DAY_MS).toISOString());
    await runUntilDay(rt, start, 11.1);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      1,
    );
  });

  it("the emergency stop holds a LinkedIn step; it goes once the stop is lifted", async () => {
    const { rt, providers } = await cadenceRuntime();
    const api = operatorApi(rt);
    const start = rt.now().getTime();
    const lead = await liveOnBothChannels(rt);
    await runUntilDay(rt, start, 5);
    const on = await api("/api/operator/emergency-stop", {
      method: "POST",
      body: { on: true, reason: "checking a complaint" },
    });
    expect(on.status).toBe(200);
    await runUntilDay(rt, start, 7.5);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      0,
    );
    expect((await rt.repos.cadences.get(lead.leadId))?.steps[3]).toMatchObject({
      status: "held",
      detail: "held by the emergency stop: checking a complaint",
    });
    await api("/api/operator/emergency-stop", {
      method: "POST",
      body: { on: false, reason: "complaint settled" },
    });
    await runUntilDay(rt, start, 8);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      1,
    );
    expect((await rt.repos.cadences.get(lead.leadId))?.steps[3]?.status).toBe("dispatched");
  });

  it("the deliverability guard holds a live LinkedIn step; it goes once a person clears the guard", async () => {
    const { rt, providers } = await cadenceRuntime();
    const api = operatorApi(rt);
    const start = rt.now().getTime();
    const lead = await liveOnBothChannels(rt);
    await runUntilDay(rt, start, 5);
    await rt.repos.guard.engage({
      kind: "account_bounce",
      scope: "outreach@alphaswarm-ai.example",
      rate: 0.04,
      sample: 50,
      detail: "2 of the last 50 sends bounced",
      at: rt.now().toISOString(),
    });
    await runUntilDay(rt, start, 7.5);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      0,
    );
    expect((await rt.repos.cadences.get(lead.leadId))?.steps[3]).toMatchObject({
      status: "held",
      detail: expect.stringMatching(/^held: deliverability guard engaged since .*account bounce/),
    });
    const cleared = await api("/api/deliverability/clear", {
      method: "POST",
      body: { reason: "bounced addresses removed" },
    });
    expect(cleared.status).toBe(200);
    // Woken by the guard's event, not the 6-hour recheck.
    await runUntilDay(rt, start, 7.55);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      1,
    );
    expect((await rt.repos.cadences.get(lead.leadId))?.steps[3]?.status).toBe("dispatched");
  });

  it("resumes after a restart in the middle: asleep until day 7, it wakes on day 7 in the new process", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-cadence-restart-"));
    dirs.push(dataDir);
    const { rt: first, providers } = await cadenceRuntime({ DATA_DIR: dataDir });
    const start = first.now().getTime();
    const lead = await liveOnBothChannels(first);
    await runUntilDay(first, start, 5);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await dispatchRuntime({
      config: ALL_TIERS,
      crons: false,
      start: new Date(start + 5 * DAY_MS),
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DATA_DIR: dataDir },
    });
    open.push(second);
    const runs = second.engine?.runs({ functionId: "run-cadence" }) ?? [];
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => r.status).every((s) => s === "sleeping" || s === "waiting")).toBe(true);
    await runUntilDay(second, start, 8);
    expect(addedTo(providers.heyReach.requests, STEP_CAMPAIGNS[4], lead.linkedinUrl)).toHaveLength(
      1,
    );
    expect((await second.repos.cadences.get(lead.leadId))?.steps[3]?.status).toBe("dispatched");
  });
});

describe("a cadence stopped by a person", () => {
  it("holds the lead's other channel: its LinkedIn batch, approved later, leaves the lead out", async () => {
    const { rt, providers } = await cadenceRuntime();
    await approvedCards(rt, 8);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const emailBatch = live.batches.find((b) => b.channel === "email");
    const linkedinBatch = live.batches.find((b) => b.channel === "linkedin");
    if (!emailBatch || !linkedinBatch) throw new Error("expected a batch per channel");
    await approveBatch(rt, emailBatch.id, "Head of Sales");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const snapshot = (await rt.repos.batches.get(linkedinBatch.id))?.snapshot;
    const lead = snapshot?.leads[0];
    if (!lead?.linkedinUrl) throw new Error("expected a LinkedIn lead");
    const stop = await operatorApi(rt)(`/api/cadence/${lead.leadId}/stop`, {
      method: "POST",
      body: { reason: "asked us on a call to stop" },
    });
    expect(stop.status).toBe(200);
    await approveBatch(rt, linkedinBatch.id, "Head of Sales");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const sent = (await rt.repos.batches.get(linkedinBatch.id))?.state;
    expect(sent?.outcomes.find((o) => o.leadId === lead.leadId)).toMatchObject({
      handed: false,
      detail:
        "held at send: cadence stopped by Ops Lead (via API token): asked us on a call to stop",
    });
    expect(addedTo(providers.heyReach.requests, 334314, lead.linkedinUrl)).toHaveLength(0);
  });
});

describe("the cadence API", () => {
  it("lists enrolments, shows one, and stops one (audited, stopped at the providers, once)", async () => {
    const { rt, providers } = await cadenceRuntime();
    const api = operatorApi(rt, "Ops Lead");
    const lead = await liveOnBothChannels(rt);
    const list = await api("/api/cadence/enrollments?limit=3");
    expect(list.status).toBe(200);
    expect(list.json.enrollments).toHaveLength(3);
    expect(list.json.enrolled).toBe(5); // the ramp's 5 a day
    expect(list.json.enrollments[0].next).toMatchObject({ step: 1, channel: "email" });
    const page2 = await api(`/api/cadence/enrollments?limit=3&cursor=${list.json.nextCursor}`);
    expect(page2.json.enrollments).toHaveLength(2);
    expect(page2.json.nextCursor).toBeNull();
    const one = await api(`/api/cadence/${lead.leadId}`);
    expect(one.json.steps).toHaveLength(8);

    const bad = await api(`/api/cadence/${lead.leadId}/stop`, { method: "POST", body: {} });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain("reason");
    const stop = await api(`/api/cadence/${lead.leadId}/stop`, {
      method: "POST",
      body: { reason: "asked us by phone to stop" },
    });
    expect(stop.status).toBe(200);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect(providers.instantly.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect(
      providers.heyReach.requests.filter((r) => r.url.pathname.endsWith("/StopLeadInCampaign")),
    ).toHaveLength(1);
    const run = rt.engine
      ?.runs({ functionId: "run-cadence" })
      .find((r) => (r.event as Json).data.leadId === lead.leadId);
    expect(run?.status).toBe("cancelled");
    const again = await api(`/api/cadence/${lead.leadId}/stop`, {
      method: "POST",
      body: { reason: "asked us by phone to stop" },
    });
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain("stopped");
    const stoppedOnly = await api("/api/cadence/enrollments?status=stopped");
    expect(stoppedOnly.json.enrollments.map((e: Json) => e.leadId)).toEqual([lead.leadId]);
    const audit = await api("/api/audit");
    expect(JSON.stringify(audit.json)).toContain("stop_cadence");
    expect((await api("/api/cadence/lead_00000000000000000000")).status).toBe(404);
    expect((await api("/api/cadence/nope")).status).toBe(400);
  });
});
