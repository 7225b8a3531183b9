// The title_seniority factor: the seniority's points from the ICP, halved when the title names
// none of the ICP's title keywords (a VP of Sales fits better than a VP of Engineering).
import type { z } from "zod";
import type { TPersonProfile, ZSeniority } from "../leads/profile.ts";
import type { TCompiledIcp } from "./compile-icp.ts";
import type { TFactorDraft } from "./score-types.ts";
import { formatFraction, hasWords, wordText } from "./text.ts";

type TSeniority = z.infer<typeof ZSeniority>;

/** The share of the seniority points kept when the title has no ICP keyword. */
export const NO_TITLE_KEYWORD_FACTOR = 0.5;

/** Seniority read from title words when the provider gave none; the first match wins. */
const TITLE_SENIORITY: ReadonlyArray<readonly [string, TSeniority]> = (
  [
    ["founder", "founder"],
    ["cofounder", "founder"],
    ["owner", "owner"],
    ["vice president", "vp"],
    ["vp", "vp"],
    ["svp", "vp"],
    ["evp", "vp"],
    ["chief", "c_suite"],
    ["ceo", "c_suite"],
    ["coo", "c_suite"],
    ["cro", "c_suite"],
    ["cfo", "c_suite"],
    ["cmo", "c_suite"],
    ["cto", "c_suite"],
    ["president", "c_suite"],
    ["partner", "partner"],
    ["head", "head"],
    ["director", "director"],
    ["manager", "manager"],
    ["senior", "senior"],
    ["intern", "intern"],
  ] as const
).map(([word, seniority]) => [wordText(word), seniority] as const);

export function titleSeniorityFactor(profile: TPersonProfile, icp: TCompiledIcp): TFactorDraft {
  const weight = icp.icp.weights.title_seniority;
  const title = profile.title?.trim() || null;
  const words = wordText(title);
  const inferred = profile.seniority ? null : inferSeniority(words);
  const seniority = profile.seniority ?? inferred;
  const label = title ?? "Title unknown";
  if (!seniority) {
    return draft(0, `${label} (seniority unknown) — 0 points`);
  }
  const seniorityLabel = inferred ? `${seniority}, inferred from the title` : seniority;
  const points = icp.icp.seniority_points[seniority] ?? 0;
  if (points === 0) {
    return draft(0, `${label} (${seniorityLabel}) — seniority scores 0 in the ICP — 0 points`);
  }
  const keyword = icp.titleKeywords.find(([, phrase]) => hasWords(words, phrase))?.[0];
  if (keyword) {
    return draft(
      points * weight,
      `${label} (${seniorityLabel}) — seniority ${formatFraction(points)} × ${weight}, title mentions ${keyword}`,
    );
  }
  const why = title ? "no ICP title keyword" : "no title to match ICP keywords";
  return draft(
    points * NO_TITLE_KEYWORD_FACTOR * weight,
    `${label} (${seniorityLabel}) — seniority ${formatFraction(points)} × ${NO_TITLE_KEYWORD_FACTOR} (${why}) × ${weight}`,
  );
}

function inferSeniority(words: string): string | null {
  for (const [phrase, seniority] of TITLE_SENIORITY) {
    if (hasWords(words, phrase)) return seniority;
  }
  return null;
}

function draft(raw: number, reason: string): TFactorDraft {
  return { factor: "title_seniority", raw, reason };
}
