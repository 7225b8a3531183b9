// The technology factor: the share of the ICP's technologies the company uses, naming them.
import type { TCompiledIcp } from "./compile-icp.ts";
import type { TFactorDraft } from "./score-types.ts";

/**
 * `companyTechKeys` are the company's technologies as techKey()s, in the company's order.
 * Points are weight × (ICP technologies used ÷ ICP technologies).
 */
export function technologyFactor(
  companyTechKeys: ReadonlySet<string>,
  icp: TCompiledIcp,
): TFactorDraft {
  const weight = icp.icp.weights.technology;
  const total = icp.technologies.size;
  const matched: string[] = [];
  for (const key of companyTechKeys) {
    const name = icp.technologies.get(key);
    if (name !== undefined) matched.push(name);
  }
  if (total === 0) return draft(0, "The ICP lists no technologies — 0 points");
  if (matched.length === 0) {
    const known = companyTechKeys.size === 0 ? "No technologies known" : "Uses none";
    return draft(0, `${known} of the ${total} ICP technologies — 0 points`);
  }
  return draft(
    (matched.length / total) * weight,
    `Uses ${matched.join(", ")} (${matched.length} of ${total} ICP technologies) — ${matched.length}/${total} × ${weight}`,
  );
}

function draft(raw: number, reason: string): TFactorDraft {
  return { factor: "technology", raw, reason };
}
