// The ICP configuration turned into lookup tables once per config object (cached), so that
// scoring thousands of leads a second does no per-lead lower-casing or splitting of the config.
import type { TConfig } from "../config/schemas.ts";
import { techKey, wordText } from "./text.ts";

type TIcp = TConfig["icp"];

export type TCompiledIcp = {
  icp: TIcp;
  /** Title keywords as [original, padded words]. */
  titleKeywords: ReadonlyArray<readonly [string, string]>;
  /** Industry (lower-cased, trimmed) → fraction. */
  industries: ReadonlyMap<string, number>;
  /** Technology key → the ICP's spelling. */
  technologies: ReadonlyMap<string, string>;
  excludedIndustries: ReadonlySet<string>;
  /** Excluded title keywords as [original, padded words]. */
  excludedTitleKeywords: ReadonlyArray<readonly [string, string]>;
};

const cache = new WeakMap<TIcp, TCompiledIcp>();

/** The compiled form of `icp`, built on first use and reused while the same object is passed. */
export function compileIcp(icp: TIcp): TCompiledIcp {
  const cached = cache.get(icp);
  if (cached) return cached;
  const compiled: TCompiledIcp = {
    icp,
    titleKeywords: icp.title_keywords.map((k) => [k, wordText(k)] as const),
    industries: new Map(Object.entries(icp.industries).map(([k, v]) => [industryKey(k), v])),
    technologies: new Map(icp.technologies.map((t) => [techKey(t), t])),
    excludedIndustries: new Set(icp.disqualify.excluded_industries.map(industryKey)),
    excludedTitleKeywords: icp.disqualify.excluded_title_keywords.map(
      (k) => [k, wordText(k)] as const,
    ),
  };
  cache.set(icp, compiled);
  return compiled;
}

/** How industries are compared: trimmed and lower-cased. */
export function industryKey(industry: string): string {
  return industry.trim().toLowerCase();
}
