// The lead status a signal implies, by its source and type (null: recorded on the timeline only).
import { HEYREACH_STATUS } from "./heyreach-events.ts";
import { INSTANTLY_STATUS } from "./instantly-events.ts";
import { type TLeadStatus, ZLeadStatus } from "./lead-status.ts";

/** Instantly's "wrong person" suppresses like an unsubscribe (the address is not theirs). */
export const SUPPRESSING_TYPES: ReadonlyMap<string, "unsubscribed" | "bounced" | "wrong_person"> =
  new Map([
    ["instantly:lead_unsubscribed", "unsubscribed"],
    ["instantly:email_bounced", "bounced"],
    ["instantly:lead_wrong_person", "wrong_person"],
    ["manual:unsubscribed", "unsubscribed"],
    ["manual:bounced", "bounced"],
  ]);

export function statusFor(source: string, type: string): TLeadStatus | null {
  if (source === "instantly") return INSTANTLY_STATUS[type] ?? null;
  if (source === "heyreach") return HEYREACH_STATUS[type] ?? null;
  if (source === "manual" || source === "system") {
    const parsed = ZLeadStatus.safeParse(type);
    return parsed.success ? parsed.data : null;
  }
  return null;
}
