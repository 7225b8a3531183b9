// HeyReach's webhook payloads (providers.md, observed): snake_case `{ correlation_id, event_type
// (lower-case), timestamp, campaign{id,name}, sender{…}, lead{ profile_url, first_name, … },
// recent_messages[{ message, is_reply }] }`, a camelCase variant of the same, and payloads without
// an event type (a reply in the recent messages makes it a reply). Both shapes become one event.
import { hash } from "node:crypto";
import { z } from "zod";
import type { TLeadStatus } from "./lead-status.ts";
import { ZPayloadText } from "./payload-fields.ts";

const text = ZPayloadText;
/** true, "true" or 1 mean yes; anything else (null, missing, odd values) no. */
const flag = z
  .unknown()
  .optional()
  .transform((v) => v === true || v === "true" || v === 1);
const ZMessage = z.looseObject({
  message: text,
  is_reply: flag,
  isReply: flag,
  creation_time: text,
  creationTime: text,
});
const ZLead = z.looseObject({
  id: text,
  profile_url: text,
  profileUrl: text,
  first_name: text,
  firstName: text,
  last_name: text,
  lastName: text,
  company_name: text,
  companyName: text,
  email_address: text,
  emailAddress: text,
});

export const ZHeyReachWebhook = z.looseObject({
  correlation_id: text,
  correlationId: text,
  event_type: text,
  eventType: text,
  timestamp: text,
  campaign: z.looseObject({ id: text, name: text }).optional().nullable(),
  lead: ZLead.optional().nullable(),
  recent_messages: z.array(ZMessage).optional().nullable(),
  recentMessages: z.array(ZMessage).optional().nullable(),
});

/** A HeyReach event in one shape, whichever shape it arrived in. */
export type THeyReachEvent = {
  type: string;
  correlationId: string | null;
  timestamp: string | null;
  campaignId: string | null;
  profileUrl: string | null;
  email: string | null;
  name: string;
  lastMessage: string | null;
};

/** The lead status each HeyReach event implies (null: recorded on the timeline only). */
export const HEYREACH_STATUS: Readonly<Record<string, TLeadStatus | null>> = {
  connection_request_sent: "connection_sent",
  connection_request_accepted: "connected",
  message_sent: "contacted",
  message_reply_received: "replied",
  every_message_reply_received: "replied",
  inmail_sent: "contacted",
  inmail_reply_received: "replied",
  follow_sent: null,
  liked_post: null,
  viewed_profile: null,
  campaign_completed: null,
  lead_tag_updated: null,
  unknown: null,
};

export function normalizeHeyReach(payload: z.infer<typeof ZHeyReachWebhook>): THeyReachEvent {
  const lead = payload.lead ?? ZLead.parse({});
  const messages = payload.recent_messages ?? payload.recentMessages ?? [];
  // "MESSAGE_REPLY_RECEIVED", "message_reply_received" and "messageReplyReceived" alike.
  const declared = (payload.event_type ?? payload.eventType ?? "")
    .trim()
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z]+/g, "_");
  const latestMessage = messages.at(-1);
  const replied = latestMessage?.is_reply === true || latestMessage?.isReply === true;
  const known = declared in HEYREACH_STATUS ? declared : declared ? "unknown" : "";
  const type = known || (replied ? "message_reply_received" : "unknown");
  const first = lead.first_name ?? lead.firstName ?? "";
  const last = lead.last_name ?? lead.lastName ?? "";
  const latest = messages.at(-1);
  return {
    type,
    correlationId: payload.correlation_id ?? payload.correlationId ?? null,
    timestamp: payload.timestamp ?? null,
    campaignId: payload.campaign?.id ?? null,
    profileUrl: lead.profile_url ?? lead.profileUrl ?? null,
    email: lead.email_address ?? lead.emailAddress ?? null,
    name: `${first} ${last}`.trim(),
    lastMessage: latest?.message ?? null,
  };
}

/** The delivery's identity: its correlation id, else a digest of what it says. */
export function heyReachEventId(event: THeyReachEvent): string {
  const basis = event.correlationId
    ? `c|${event.correlationId}|${event.type}|${event.timestamp ?? ""}|${event.lastMessage ?? ""}`
    : [
        event.type,
        event.profileUrl ?? "",
        event.campaignId ?? "",
        event.timestamp ?? "",
        event.lastMessage ?? "",
      ].join("|");
  return `heyreach_${hash("sha256", basis, "hex").slice(0, 32)}`;
}
