// The 21 lead statuses and their transition rules. A status moves only forward in precedence, so a
// late or out-of-order event never undoes a stronger one: an open arriving after a reply changes
// nothing, and nothing leaves `unsubscribed` or `bounced` (terminal). An out-of-office is noted
// only before a conversation started. The pipeline's own statuses (new … rejected) rank below
// every outreach status; decay and revival are set by the decay scan only.
import { z } from "zod";

export const LEAD_STATUSES = [
  // The pipeline and the Head of Sales.
  "new",
  "enriched",
  "verified",
  "segmented",
  "queued",
  "approved",
  "rejected",
  // Outreach, weakest to strongest.
  "contacted",
  "connection_sent",
  "opened",
  "clicked",
  "connected",
  "out_of_office",
  "decayed",
  "revival_candidate",
  "replied",
  "interested",
  "not_interested",
  "meeting_booked",
  // Terminal.
  "bounced",
  "unsubscribed",
] as const;
export const ZLeadStatus = z.enum(LEAD_STATUSES);
export type TLeadStatus = z.infer<typeof ZLeadStatus>;

/** Statuses nothing moves a lead out of. */
export const TERMINAL: ReadonlySet<TLeadStatus> = new Set(["bounced", "unsubscribed"]);

/** After these, nobody contacts the lead again on any channel: every cadence step stops. */
const STOP_STATUSES = [
  "replied",
  "interested",
  "not_interested",
  "meeting_booked",
  "bounced",
  "unsubscribed",
] as const satisfies readonly TLeadStatus[];
const STOPPING: ReadonlySet<string> = new Set(STOP_STATUSES);

/** True for a status after which nobody contacts the lead again (STOP_STATUSES). */
export const isStopStatus = (status: string | null | undefined): boolean =>
  status != null && STOPPING.has(status);

/** Statuses that also put the person on the suppression list (every channel, for good). */
export const SUPPRESSING: ReadonlyMap<TLeadStatus, "unsubscribed" | "bounced"> = new Map([
  ["unsubscribed", "unsubscribed"],
  ["bounced", "bounced"],
]);

const rank = (status: TLeadStatus) => LEAD_STATUSES.indexOf(status);
const REPLIED = rank("replied");

/**
 * Whether a lead at `current` moves to `next`: forward in precedence only; never out of a
 * terminal status; an out-of-office, decay or revival never after a conversation started; decay
 * and revival only from outreach that had no answer.
 */
export function transition(current: TLeadStatus | null, next: TLeadStatus): boolean {
  if (current === null) return true;
  if (current === next || TERMINAL.has(current)) return false;
  if (TERMINAL.has(next)) return true;
  if (next === "out_of_office" || next === "decayed" || next === "revival_candidate") {
    return rank(current) < REPLIED && rank(current) >= rank("contacted") && current !== next;
  }
  // A lead that decayed, or is away, moves on when it engages again; a revival contacts it anew.
  if (current === "decayed" || current === "revival_candidate" || current === "out_of_office") {
    return (
      rank(next) >= rank("opened") || (current === "revival_candidate" && next === "contacted")
    );
  }
  // Interest can change its mind either way; the later word wins.
  if (INTEREST.has(current) && INTEREST.has(next)) return true;
  return rank(next) > rank(current);
}

const INTEREST: ReadonlySet<TLeadStatus> = new Set(["interested", "not_interested"]);
