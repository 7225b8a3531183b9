// Segment stage logic: score every lead against the ICP with a reason per factor; leads outside
// the ICP (disqualifiers, or a score under tier_3) are kept with their score but go no further.
import type { TLeadRecord } from "../leads/lead-record.ts";
import { scoreLead } from "../scoring/score-lead.ts";
import { campaignTarget, type StageDeps } from "./stage-deps.ts";

export type TSegmentOutcome = {
  qualified: string[];
  disqualified: { leadId: string; reason: string }[];
  tiers: { tier_1: number; tier_2: number; tier_3: number };
};

/** Scores the batch and stores the scores (two round trips). */
export async function segmentLeads(
  deps: StageDeps,
  campaign: string,
  leadIds: readonly string[],
): Promise<TSegmentOutcome> {
  const target = campaignTarget(deps.config, campaign);
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(
    (l): l is TLeadRecord => l !== null,
  );
  const at = deps.now().toISOString();
  const outcome: TSegmentOutcome = {
    qualified: [],
    disqualified: [],
    tiers: { tier_1: 0, tier_2: 0, tier_3: 0 },
  };
  const updated = leads.map((lead): TLeadRecord => {
    if (!lead.profile) {
      outcome.disqualified.push({ leadId: lead.id, reason: "no profile to score" });
      return { ...lead, status: "disqualified", updatedAt: at };
    }
    const score = scoreLead(
      lead.profile,
      { campaignSignals: target.signals, leadSignals: lead.signals },
      deps.config.icp,
    );
    if (score.tier === null) {
      const reason =
        score.disqualifiers.length > 0
          ? score.disqualifiers.join("; ")
          : `score ${score.score} is under the tier_3 threshold (${deps.config.icp.tiers.tier_3})`;
      outcome.disqualified.push({ leadId: lead.id, reason });
      return { ...lead, score, status: "disqualified", updatedAt: at };
    }
    outcome.qualified.push(lead.id);
    outcome.tiers[score.tier] += 1;
    return { ...lead, score, status: "segmented", updatedAt: at };
  });
  await deps.repos.leads.save(updated, ["score", "state"]);
  return outcome;
}
