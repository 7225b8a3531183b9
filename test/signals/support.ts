// Helpers for the signal and cadence suites: the webhook secrets, the app's three webhooks as a
// provider would call them, an Instantly event of a documented shape, and a live dispatch that
// puts a lead on both channels.
import { sandboxLeadFails } from "../../lib/providers/heyreach-sandbox.ts";
import { createApp } from "../../routes/app.ts";
import { approvedCards, type Json, sendLive } from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";

export const SECRETS = {
  INSTANTLY_WEBHOOK_SECRET: "instantly-hook-secret-0123456789",
  HEYREACH_WEBHOOK_SECRET: "heyreach-hook-secret-0123456789",
  RB2B_WEBHOOK_SECRET: "rb2b-hook-secret-0123456789",
};
export function hooks(runtime: TestRuntime) {
  const app = createApp(runtime);
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return {
    instantly: (body: unknown, secret = SECRETS.INSTANTLY_WEBHOOK_SECRET) =>
      post("/webhooks/instantly", body, { "x-webhook-secret": secret }),
    heyreach: (body: unknown, secret = SECRETS.HEYREACH_WEBHOOK_SECRET) =>
      post(`/webhooks/heyreach?secret=${encodeURIComponent(secret)}`, body),
    rb2b: (body: unknown, secret = SECRETS.RB2B_WEBHOOK_SECRET) =>
      post(`/webhooks/rb2b?secret=${encodeURIComponent(secret)}`, body),
  };
}

export const instantlyEvent = (type: string, email: string, extra: Json = {}) => ({
  timestamp: "2026-11-24T16:00:00.000Z",
  event_type: type,
  workspace: "ws_1",
  campaign_id: "019942fb-54a1-73dc-89a2-5f7483674a3d",
  campaign_name: "Alpha Swarm outbound",
  lead_email: email,
  email_account: "outreach@alphaswarm-ai.example",
  step: 1,
  variant: 1,
  email_id: `email_${type}_${email}`,
  ...extra,
});

/** Dispatches live (Instantly and HeyReach answered by msw) and returns a lead sent on both channels. */
export async function liveOnBothChannels(runtime: TestRuntime) {
  await approvedCards(runtime, 8);
  const live = await sendLive(runtime);
  // A lead the HeyReach sandbox does not fail (it fails a fixed ~3% of profiles).
  const both = live.channels.email.wouldSend.find((u) =>
    live.channels.linkedin.wouldSend.some(
      (l) => l.leadId === u.leadId && l.to && !sandboxLeadFails("msw", l.to),
    ),
  );
  const linkedin = live.channels.linkedin.wouldSend.find((l) => l.leadId === both?.leadId);
  if (!both?.to || !linkedin?.to) throw new Error("expected a lead on both channels");
  return { leadId: both.leadId, email: both.to, linkedinUrl: linkedin.to };
}
