// What the KPIs count, and which signal counts as what. Every lead counts once per metric. Opens
// and replies count on the lead's cohort day — emailed and opened on the day it was first
// emailed, contacted and replied on the day it was first reached on any channel — so a day's open
// rate is the share of the leads first emailed that day who opened. Bounces and unsubscribes count
// on the day they happen, against `emails` (every email sent that day): a bounce on a follow-up
// three weeks later shows on the day deliverability slid, not on the lead's first day.

export const LEAD_METRICS = [
  "contacted",
  "emailed",
  "opened",
  "replied",
  "bounced",
  "unsubscribed",
] as const;
export type TLeadMetric = (typeof LEAD_METRICS)[number];

/** The metrics a signal counts for its lead (before the ones it implies). */
const SIGNAL_METRICS: Readonly<Record<string, readonly TLeadMetric[]>> = {
  "instantly:email_sent": ["emailed"],
  "instantly:email_opened": ["opened"],
  // A click is an open whose pixel did not load.
  "instantly:email_link_clicked": ["opened"],
  "instantly:link_clicked": ["opened"],
  "instantly:reply_received": ["replied"],
  "instantly:email_bounced": ["bounced"],
  "instantly:lead_unsubscribed": ["unsubscribed"],
  "heyreach:connection_request_sent": ["contacted"],
  "heyreach:message_sent": ["contacted"],
  "heyreach:inmail_sent": ["contacted"],
  "heyreach:message_reply_received": ["replied"],
  "heyreach:every_message_reply_received": ["replied"],
  "heyreach:inmail_reply_received": ["replied"],
};

/** Where each metric counts: the lead's first email day, its first contact day, or the day of the event. */
export const COUNTED_ON: Readonly<Record<TLeadMetric, "emailed" | "contacted" | "event">> = {
  contacted: "contacted",
  emailed: "emailed",
  opened: "emailed",
  replied: "contacted",
  bounced: "event",
  unsubscribed: "event",
};

const EMAIL_METRICS: ReadonlySet<TLeadMetric> = new Set([
  "emailed",
  "opened",
  "bounced",
  "unsubscribed",
]);

/**
 * The metrics a signal counts, with what they imply: an open, bounce or unsubscribe means the
 * lead was emailed (its email_sent event may be missing or late), and any of them, or a reply,
 * that it was contacted.
 */
export function metricsOf(source: string, type: string): TLeadMetric[] {
  const direct = SIGNAL_METRICS[`${source}:${type}`] ?? [];
  if (direct.length === 0) return [];
  const all = new Set<TLeadMetric>(direct);
  if (direct.some((m) => EMAIL_METRICS.has(m))) all.add("emailed");
  all.add("contacted");
  return LEAD_METRICS.filter((m) => all.has(m));
}

/** True for a signal after which deliverability is judged at once (a bounce, an unsubscribe). */
export const watchesDeliverability = (source: string, type: string) =>
  metricsOf(source, type).some((m) => m === "bounced" || m === "unsubscribed");

/** True for an Instantly send: it counts in `emails` and in its account's recent sends. */
export const isEmailSend = (source: string, type: string) =>
  source === "instantly" && type === "email_sent";

/** The counts of one day (or a sum of days) for one campaign (or all). */
export type TKpiCounts = Record<TLeadMetric | "emails" | "scored" | "matched", number>;

export const emptyCounts = (): TKpiCounts => ({
  contacted: 0,
  emailed: 0,
  opened: 0,
  replied: 0,
  bounced: 0,
  unsubscribed: 0,
  emails: 0,
  scored: 0,
  matched: 0,
});

export function addCounts(into: TKpiCounts, from: Partial<TKpiCounts>): TKpiCounts {
  for (const [name, value] of Object.entries(from)) {
    const key = name as keyof TKpiCounts;
    if (key in into && typeof value === "number") into[key] += value;
  }
  return into;
}
