// The pipeline's and the Head of Sales' part of a lead's timeline, read from what they recorded
// on the lead and its card (found, enriched, verified, dropped, crafted, approved or rejected)
// instead of written as extra entries on every stage: the stages stay at a few commands per
// batch, and the timeline still tells the whole story in order.
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TCard } from "../store/card-repo.ts";
import type { TTimelineEntry } from "../store/outreach-repo.ts";

const entry = (at: string, type: string, detail: string): TTimelineEntry => ({
  at,
  type,
  channel: null,
  detail,
  batchId: null,
});

export function pipelineEntries(lead: TLeadRecord, card: TCard | null): TTimelineEntry[] {
  const entries = [
    entry(lead.createdAt, "pipeline.found", `found for ${lead.campaigns.join(", ")}`),
  ];
  if (lead.enrichment) {
    entries.push(
      entry(lead.enrichment.at, "pipeline.enriched", `enriched by ${lead.enrichment.source}`),
    );
  }
  if (lead.verification) {
    const v = lead.verification;
    entries.push(
      entry(
        v.checkedAt,
        "pipeline.verified",
        `${v.email}: ${v.status}${v.subStatus ? ` (${v.subStatus})` : ""}`,
      ),
    );
  }
  if (lead.dropped) {
    entries.push(
      entry(
        lead.updatedAt,
        "pipeline.dropped",
        `dropped at ${lead.dropped.stage}: ${lead.dropped.reason}`,
      ),
    );
  }
  if (card) {
    const score = lead.score ? `score ${lead.score.score}, ${lead.score.tier ?? "no tier"}` : "";
    entries.push(
      entry(
        card.createdAt,
        "pipeline.crafted",
        `${card.sequence.length}-step sequence written${score ? ` (${score})` : ""}; waiting for the Head of Sales`,
      ),
    );
    const decision = card.decision;
    if (decision) {
      const why =
        decision.action === "rejected"
          ? `: ${decision.tag ?? "no tag"}${decision.note ? ` (${decision.note})` : ""}`
          : decision.override
            ? ` with an override (${decision.override.reason})`
            : "";
      entries.push(
        entry(
          decision.at,
          `approval.${decision.action}`,
          `${decision.action} by ${decision.by}${why}`,
        ),
      );
    }
  }
  return entries;
}

/** Two timelines as one, oldest first (a stable sort keeps each one's own order on ties). */
export const mergeTimelines = (
  a: readonly TTimelineEntry[],
  b: readonly TTimelineEntry[],
): TTimelineEntry[] => [...a, ...b].sort((x, y) => x.at.localeCompare(y.at));
