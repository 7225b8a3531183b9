// The leads by status: every lead of a run lands in the funnel where the pipeline, the Head of
// Sales, dispatch and signals left it (forward only); `GET /api/leads` filters by status, tier and
// campaign with a cursor; `GET /api/leads/funnel` counts them; bad filters are 400s naming the field.
import { afterEach, describe, expect, it } from "vitest";
import { rejectCard } from "../../lib/approval/decide.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { indexMoves } from "../../lib/store/lead-index.ts";
import {
  ALL_TIERS,
  dispatchRuntime,
  type Json,
  LIVE_PROVIDER_ENV,
  OPERATOR_TOKEN,
  operatorApi,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { hooks, liveOnBothChannels, SECRETS } from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const countOf = (funnel: Json, status: string) =>
  funnel.statuses.find((s: Json) => s.status === status)?.count;

describe("the leads by status", () => {
  it("moves forward only: a late open never undoes a reply, a drop never follows the queue", () => {
    expect(indexMoves(null, "new")).toBe(true);
    expect(indexMoves("queued", "enriched")).toBe(false);
    expect(indexMoves("replied", "opened")).toBe(false);
    expect(indexMoves("queued", "dropped")).toBe(false);
    expect(indexMoves("verified", "dropped")).toBe(true);
    expect(indexMoves("unsubscribed", "interested")).toBe(false);
  });

  it("funnel and list through the API after a run, a rejection, a live send and a reply", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: ALL_TIERS,
      crons: false,
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN },
    });
    const api = operatorApi(rt);
    // A second run whose cards wait, one of them rejected.
    const lead = await liveOnBothChannels(rt);
    await startRun(rt, { campaign: "competitor_gong", mode: "production", limit: 6 }, "test");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [pending] = await rt.repos.cards.pendingIds();
    const rejected = await rejectCard(
      rt,
      pending ?? "",
      { rejection_tag: "wrong_icp_fit" },
      "Head of Sales",
    );
    await hooks(rt).heyreach({
      correlation_id: "reply-funnel",
      event_type: "MESSAGE_REPLY_RECEIVED",
      campaign: { id: 334314 },
      lead: { profile_url: lead.linkedinUrl },
      recent_messages: [{ message: "Interested", is_reply: true }],
    });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });

    const funnel = (await api("/api/leads/funnel")).json;
    const all = (await api("/api/leads?limit=200")).json;
    expect(funnel.total).toBe(all.total);
    expect(all.leads).toHaveLength(all.total);
    expect(countOf(funnel, "replied")).toBe(1);
    expect(countOf(funnel, "rejected")).toBe(1);
    expect(countOf(funnel, "contacted")).toBe(4); // the ramp's 5 a day, one of them replied
    expect(countOf(funnel, "queued")).toBeGreaterThan(0);

    const replied = (await api("/api/leads?status=replied")).json;
    expect(replied.leads.map((l: Json) => l.id)).toEqual([lead.leadId]);
    expect(replied.leads[0]).toMatchObject({ status: "replied", campaigns: ["default"] });
    const view = (await api(`/api/leads/${lead.leadId}`)).json;
    expect(view.overallStatus).toBe("replied");
    // The whole story, in order: pipeline, approval, dispatch, cadence, webhook.
    const story = view.timeline.map((t: Json) => t.type);
    expect(story.slice(0, 5)).toEqual([
      "pipeline.found",
      "pipeline.enriched",
      "pipeline.verified",
      "pipeline.crafted",
      "approval.approved",
    ]);
    for (const later of [
      "email.dispatched",
      "cadence.enrolled",
      "heyreach.message_reply_received",
    ]) {
      expect(story.indexOf(later)).toBeGreaterThan(story.indexOf("approval.approved"));
    }
    const times = view.timeline.map((t: Json) => t.at);
    expect(times).toEqual([...times].sort());
    expect((await api("/api/leads?status=rejected")).json.leads.map((l: Json) => l.id)).toEqual([
      rejected.card.lead.id,
    ]);
    const gong = (await api("/api/leads?campaign=competitor_gong&limit=200")).json;
    expect(gong.leads.length).toBeGreaterThan(0);
    expect(gong.leads.every((l: Json) => l.campaigns.includes("competitor_gong"))).toBe(true);
    const tier1 = (await api("/api/leads?tier=tier_1&limit=200")).json;
    expect(tier1.leads.every((l: Json) => l.tier === "tier_1")).toBe(true);

    // Pages of two, by cursor, cover the list once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await api(`/api/leads?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).json;
      expect(page.leads.length).toBeLessThanOrEqual(2);
      seen.push(...page.leads.map((l: Json) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.leads.map((l: Json) => l.id));

    const bad = await api("/api/leads?status=happy");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain("status");
    expect((await api("/api/leads?tier=tier_9")).status).toBe(400);
    const unknownCampaign = await api("/api/leads?campaign=nope");
    expect(unknownCampaign.status).toBe(400);
    expect(unknownCampaign.json.detail).toContain("query.campaign");
    expect((await api("/api/leads?cursor=-1")).status).toBe(400);
  });
});
