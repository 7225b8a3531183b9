// The golden set: 50 fixed leads across industries, sizes, titles and data gaps (leads.json),
// crafted with the app's config and scored on the copy rubric (lib/crafting/copy-rubric.ts).
// Shared by `npm run eval:copy` and the test that holds the score's floor.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { TConfig } from "../../lib/config/schemas.ts";
import { scoreSequences, type TSequenceScore } from "../../lib/crafting/copy-rubric.ts";
import { craftSequence } from "../../lib/crafting/craft-sequence.ts";
import { ZPersonProfile } from "../../lib/leads/profile.ts";
import { ZTier } from "../../lib/scoring/score-types.ts";

const ZGoldenLead = z.object({
  id: z.string(),
  campaign: z.string(),
  tier: ZTier,
  profile: ZPersonProfile,
});

export function goldenLeads() {
  const raw: unknown = JSON.parse(readFileSync(join(import.meta.dirname, "leads.json"), "utf8"));
  return z.array(ZGoldenLead).parse(raw);
}

export type TGoldenResult = { scores: TSequenceScore[]; average: number; worst: TSequenceScore[] };

/** Crafts every golden lead's sequence and scores them all. */
export function evaluateGoldenSet(config: TConfig): TGoldenResult {
  const { sender } = config.sending;
  const crafted = goldenLeads().map((lead) => {
    const target = config.campaigns[lead.campaign];
    if (!target) throw new Error(`golden lead ${lead.id}: no campaign ${lead.campaign}`);
    const { steps } = craftSequence({
      leadId: lead.id,
      profile: lead.profile,
      tier: lead.tier,
      campaign: { name: lead.campaign, signals: target.signals, description: target.description },
      cadence: config.cadence,
      sender,
      caseStudies: config.caseStudies.case_studies,
      profileSource: "apollo",
    });
    return { id: lead.id, profile: lead.profile, steps };
  });
  const scores = scoreSequences(crafted, sender, config.cadence.min_evidence_confidence);
  const average = scores.reduce((sum, s) => sum + s.score, 0) / Math.max(1, scores.length);
  const worst = [...scores].sort((a, b) => a.score - b.score).slice(0, 5);
  return { scores, average, worst };
}

/** The floor the issue sets (the seed system's replay harness averaged 4.54 over 50 cases). */
export const COPY_FLOOR = { average: 4.5, lowest: 3.5 } as const;
