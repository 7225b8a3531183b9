// Every event type of providers.md, in its documented payload shape, reaches the lead it is about:
// Instantly's nineteen (the secret in X-Webhook-Secret) and HeyReach's twelve (snake_case, as it
// sends them), each accepted once and on the lead's timeline exactly once, with the status the
// transition rules give.
import { afterEach, describe, expect, it } from "vitest";
import { HEYREACH_WEBHOOK_EVENTS } from "../../lib/providers/heyreach-requests.ts";
import {
  ALL_TIERS,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { hooks, instantlyEvent, liveOnBothChannels, SECRETS } from "./support.ts";

const INSTANTLY_EVENTS = [
  "email_sent",
  "email_opened",
  "email_link_clicked",
  "link_clicked",
  "reply_received",
  "auto_reply_received",
  "email_bounced",
  "lead_unsubscribed",
  "campaign_completed",
  "account_error",
  "lead_interested",
  "lead_not_interested",
  "lead_meeting_booked",
  "lead_meeting_completed",
  "lead_closed",
  "lead_out_of_office",
  "lead_wrong_person",
  "lead_no_show",
  "lead_neutral",
];

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const count = (types: string[], type: string) => types.filter((t) => t === type).length;

describe("every documented event type", () => {
  it("Instantly's nineteen and HeyReach's twelve each land on the lead's timeline once", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: ALL_TIERS,
      crons: false,
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV },
    });
    const lead = await liveOnBothChannels(rt);
    const call = hooks(rt);
    for (const [i, type] of INSTANTLY_EVENTS.entries()) {
      const event = instantlyEvent(type, lead.email, {
        timestamp: new Date(Date.UTC(2026, 10, 24, 16, i)).toISOString(),
        reply_text_snippet: type.includes("reply") ? "Thanks, not now" : undefined,
      });
      expect((await call.instantly(event)).status).toBe(202);
    }
    for (const [i, upper] of HEYREACH_WEBHOOK_EVENTS.entries()) {
      const body = {
        correlation_id: `corr-${upper}`,
        event_type: upper.toLowerCase(),
        timestamp: new Date(Date.UTC(2026, 10, 24, 17, i)).toISOString(),
        is_inmail: upper.startsWith("INMAIL"),
        conversation_id: "conv-1",
        campaign: { id: 334314, name: "Tier 1" },
        sender: { id: 1, first_name: "Alex", last_name: "Sender" },
        lead: { id: "hr-1", profile_url: lead.linkedinUrl, first_name: "Pat", last_name: "Lee" },
        recent_messages: [
          {
            creation_time: "2026-11-24T17:00:00Z",
            message: "Hello",
            is_reply: upper.includes("REPLY"),
          },
        ],
      };
      expect((await call.heyreach(body)).status).toBe(202);
    }
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const types = (await rt.repos.outreach.timeline(lead.leadId)).map((t) => t.type);
    for (const type of INSTANTLY_EVENTS) expect(count(types, `instantly.${type}`)).toBe(1);
    for (const type of HEYREACH_WEBHOOK_EVENTS) {
      expect(count(types, `heyreach.${type.toLowerCase()}`)).toBe(1);
    }
    // The bounce came before the unsubscribe and the later "interested": nothing leaves it.
    const [outreach] = await rt.repos.outreach.getMany([lead.leadId]);
    expect(outreach?.engagement?.status).toBe("bounced");
    expect((await rt.repos.signals.parked(50)).length).toBe(0);
  });
});
