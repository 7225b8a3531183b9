// The industry factor: the ICP's fraction for the company's industry (compared case-insensitively).
import type { TPersonProfile } from "../leads/profile.ts";
import { industryKey, type TCompiledIcp } from "./compile-icp.ts";
import type { TFactorDraft } from "./score-types.ts";
import { formatFraction } from "./text.ts";

export function industryFactor(profile: TPersonProfile, icp: TCompiledIcp): TFactorDraft {
  const weight = icp.icp.weights.industry;
  const industry = profile.company.industry?.trim();
  if (!industry) return draft(0, "Industry unknown — 0 points");
  const fraction = icp.industries.get(industryKey(industry));
  if (fraction === undefined) {
    return draft(0, `Industry ${industry} is not an ICP industry — 0 points`);
  }
  if (fraction === 0) return draft(0, `Industry ${industry} scores 0 in the ICP — 0 points`);
  const kind = fraction === 1 ? "a core ICP industry" : "an ICP industry";
  return draft(
    fraction * weight,
    `Industry ${industry} is ${kind} — ${formatFraction(fraction)} × ${weight}`,
  );
}

function draft(raw: number, reason: string): TFactorDraft {
  return { factor: "industry", raw, reason };
}
