// Scores one lead against the ICP: five weighted factors, each explained, rounded so the integer
// points sum exactly to the score; the tier from the thresholds unless the ICP disqualifies it.
import type { TConfig } from "../config/schemas.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import { companySizeFactor } from "./company-size.ts";
import { compileIcp } from "./compile-icp.ts";
import { icpDisqualifiers } from "./disqualifiers.ts";
import { industryFactor } from "./industry.ts";
import { roundPreservingSum } from "./largest-remainder.ts";
import type { TFactorDraft, TLeadScore, TScoreContext } from "./score-types.ts";
import { signalsFactor } from "./signals.ts";
import { technologyFactor } from "./technology.ts";
import { techKey } from "./text.ts";
import { tierFor } from "./tier.ts";
import { titleSeniorityFactor } from "./title-seniority.ts";

/**
 * Scores `profile` for a campaign. Pure and fast: the ICP's lookup tables are built once per
 * `icp` object. Expects weights summing to 100 (as loadConfig enforces) so the score is 0–100.
 * A disqualified lead keeps its score and factors, with tier null and its reasons listed.
 */
export function scoreLead(
  profile: TPersonProfile,
  context: TScoreContext,
  icp: TConfig["icp"],
): TLeadScore {
  const compiled = compileIcp(icp);
  const techKeys = new Set<string>();
  for (const name of profile.company.technologies) {
    const key = techKey(name);
    if (key) techKeys.add(key);
  }
  const drafts: TFactorDraft[] = [
    titleSeniorityFactor(profile, compiled),
    companySizeFactor(profile, compiled),
    industryFactor(profile, compiled),
    technologyFactor(techKeys, compiled),
    signalsFactor(context, techKeys, icp.weights.signals),
  ];
  const { total, parts } = roundPreservingSum(drafts.map((d) => d.raw));
  const disqualifiers = icpDisqualifiers(profile, compiled);
  return {
    score: total,
    tier: disqualifiers.length > 0 ? null : tierFor(total, icp.tiers),
    factors: drafts.map((d, i) => ({ factor: d.factor, points: parts[i] ?? 0, reason: d.reason })),
    disqualifiers,
  };
}
