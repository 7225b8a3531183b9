// Instantly's webhook payloads (providers.md): always `timestamp, event_type, workspace,
// campaign_id, campaign_name`, often the lead's email, the sending account, step, email id, the
// reply. Parsed defensively (unknown fields kept, unknown event types recorded without a status)
// into a signal, with an identity that makes a retried delivery the same signal.
import { hash } from "node:crypto";
import { z } from "zod";
import type { TLeadStatus } from "./lead-status.ts";
import { ZPayloadText } from "./payload-fields.ts";

const text = ZPayloadText;

export const ZInstantlyWebhook = z.looseObject({
  event_type: z.string().min(1),
  timestamp: text,
  workspace: text,
  campaign_id: text,
  campaign_name: text,
  lead_email: text,
  email: text,
  email_account: text,
  step: text,
  variant: text,
  email_id: text,
  email_subject: text,
  reply_text_snippet: text,
  reply_subject: text,
});
export type TInstantlyWebhook = z.infer<typeof ZInstantlyWebhook>;

/** The lead status each Instantly event implies (null: recorded on the timeline only). */
export const INSTANTLY_STATUS: Readonly<Record<string, TLeadStatus | null>> = {
  email_sent: "contacted",
  email_opened: "opened",
  email_link_clicked: "clicked",
  link_clicked: "clicked",
  reply_received: "replied",
  auto_reply_received: "out_of_office",
  email_bounced: "bounced",
  lead_unsubscribed: "unsubscribed",
  campaign_completed: null,
  account_error: null,
  lead_interested: "interested",
  lead_not_interested: "not_interested",
  lead_meeting_booked: "meeting_booked",
  lead_meeting_completed: "meeting_booked",
  lead_closed: "meeting_booked",
  lead_out_of_office: "out_of_office",
  lead_wrong_person: "not_interested",
  lead_no_show: null,
  lead_neutral: null,
};

/** The provider's identity of a delivery: the same event delivered twice has the same one. */
export function instantlyEventId(event: TInstantlyWebhook): string {
  const basis = [
    event.event_type,
    event.email_id ?? "",
    (event.lead_email ?? event.email ?? "").toLowerCase(),
    event.campaign_id ?? "",
    event.step ?? "",
    event.timestamp ?? "",
  ].join("|");
  return `instantly_${hash("sha256", basis, "hex").slice(0, 32)}`;
}
