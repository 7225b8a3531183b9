// End to end through the API on the embedded engine: a pipeline run, the Head of Sales' approvals,
// the operator's live dispatch, the batch approval, and the requests Instantly and HeyReach
// receive (msw, in their documented shapes); then each lead's status and timeline.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  dispatchRuntime,
  type Json,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  useProviderServer,
} from "./support.ts";

const TOKEN = "e2e-dashboard-token-0123456789abcdef";
const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("pipeline → approval → dispatch → batch approval → providers", () => {
  it("runs the whole outbound path through the API", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: ALL_TIERS,
      env: { DASHBOARD_AUTH_TOKEN: TOKEN, ...LIVE_PROVIDER_ENV },
    });
    const app = createApp(rt);
    const call = async (
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; json: Json }> => {
      const res = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-type": "application/json",
          "x-actor": "Dana",
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Json };
    };

    expect(
      (
        await call("POST", "/api/pipeline/runs", {
          campaign: "default",
          mode: "production",
          limit: 8,
        })
      ).status,
    ).toBe(202);
    await rt.engine?.runUntilIdle();
    const pending = (await call("GET", "/api/emails/pending?limit=50")).json.cards as {
      id: string;
    }[];
    expect(pending.length).toBeGreaterThan(4);
    for (const card of pending)
      expect((await call("POST", `/api/emails/${card.id}/approve`, {})).status).toBe(200);
    await rt.engine?.runUntilIdle();

    const dry = await call("POST", "/api/operator/dispatch", { motion: "outbound" });
    expect(dry.json.live).toBe(false);
    const live = await call("POST", "/api/operator/dispatch", { motion: "outbound", live: true });
    const batches = live.json.batches as { id: string; channel: string; snapshotHash: string }[];
    expect(batches.map((b) => b.channel).sort()).toEqual(["email", "linkedin"]);
    expect(providers.instantly.requests).toEqual([]); // nothing before the gatekeeper
    for (const batch of batches) {
      expect(
        (
          await call("POST", `/api/operator/approve-batch/${batch.id}`, {
            snapshotHash: batch.snapshotHash,
          })
        ).status,
      ).toBe(200);
    }
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 }); // the cadences sleep on

    const instantly = providers.instantly.requests.map((r) => `${r.method} ${r.url.pathname}`);
    expect(instantly).toEqual(["POST /api/v2/campaigns", "POST /api/v2/leads/add"]);
    const campaign = providers.instantly.requests[0]?.body as Json;
    expect(campaign.name).toMatch(/^Alpha Swarm outbound 2026-11-24 batch_/);
    expect(campaign.email_list.length).toBeGreaterThan(0);
    expect(campaign.stop_on_reply).toBe(true);
    expect(campaign.daily_limit).toBe(25);
    const heyReach = providers.heyReach.requests.map((r) => `${r.method} ${r.url.pathname}`);
    expect(heyReach[0]).toBe("POST /api/public/list/AddLeadsToListV2");
    const pair = (providers.heyReach.requests[1]?.body as Json | undefined)?.accountLeadPairs[0];
    expect(pair.lead.profileUrl).toMatch(/linkedin\.com\/in\//);
    expect(pair.lead.customUserFields.map((f: { name: string }) => f.name)).toEqual([
      "step2_message",
      "step4_message",
      "step6_message",
    ]);

    const sentBatch = (await call("GET", `/api/operator/batches/${batches[0]?.id}`)).json;
    expect(sentBatch.state.status).toBe("sent");
    const leadId = sentBatch.snapshot.leads[0].leadId as string;
    const [outreach] = await rt.repos.outreach.getMany([leadId]);
    expect(outreach?.engagement).toMatchObject({ status: "contacted" });
    const timeline = (await rt.repos.outreach.timeline(leadId)).map((t) => t.type);
    expect(timeline).toContain(`${batches[0]?.channel}.dispatched`);
    const status = (await call("GET", "/api/operator/status")).json;
    expect(status.pendingBatches).toEqual([]);
  });
});
