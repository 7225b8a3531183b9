// The result of scoring one lead against the ICP: the score, its tier, one explained factor per
// ICP weight, and the ICP reasons that disqualify the lead.
import { z } from "zod";

/** The ICP factors, in the order they are scored and shown. */
export const SCORE_FACTORS = [
  "title_seniority",
  "company_size",
  "industry",
  "technology",
  "signals",
] as const;
export type TScoreFactorName = (typeof SCORE_FACTORS)[number];

export const ZTier = z.enum(["tier_1", "tier_2", "tier_3"]);
export type TTier = z.infer<typeof ZTier>;

export const ZScoreFactor = z.object({
  factor: z.enum(SCORE_FACTORS),
  points: z.number().int().min(0),
  reason: z.string().min(1),
});
export type TScoreFactor = z.infer<typeof ZScoreFactor>;

/** A lead's score: integer points per factor that sum exactly to `score` (0–100). */
export const ZLeadScore = z.object({
  score: z.number().int().min(0).max(100),
  tier: ZTier.nullable(),
  factors: z.array(ZScoreFactor),
  disqualifiers: z.array(z.string().min(1)),
});
export type TLeadScore = z.infer<typeof ZLeadScore>;

/** What the lead's campaign looks for, and which non-technology signals the lead has shown. */
export type TScoreContext = { campaignSignals: string[]; leadSignals: string[] };

/** A factor before rounding: its exact points (weight × fraction) and why. */
export type TFactorDraft = { factor: TScoreFactorName; raw: number; reason: string };
