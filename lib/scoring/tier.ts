// The tier a score reaches under the ICP's thresholds; below tier_3 a lead has no tier.
import type { TConfig } from "../config/schemas.ts";
import type { TTier } from "./score-types.ts";

export function tierFor(score: number, tiers: TConfig["icp"]["tiers"]): TTier | null {
  if (score >= tiers.tier_1) return "tier_1";
  if (score >= tiers.tier_2) return "tier_2";
  if (score >= tiers.tier_3) return "tier_3";
  return null;
}
