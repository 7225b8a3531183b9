// The ICP's disqualification rules: too few employees, an excluded industry, an excluded title
// keyword. Unknown values never disqualify. (Contactability, such as a missing email, is not ICP.)
import type { TPersonProfile } from "../leads/profile.ts";
import { industryKey, type TCompiledIcp } from "./compile-icp.ts";
import { hasWords, wordText } from "./text.ts";

/** Human-readable reasons the lead is outside the ICP; empty when none applies. */
export function icpDisqualifiers(profile: TPersonProfile, icp: TCompiledIcp): string[] {
  const reasons: string[] = [];
  const { min_employees } = icp.icp.disqualify;
  const employees = profile.company.employees;
  if (employees !== null && employees < min_employees) {
    reasons.push(`Only ${employees} employees (the ICP minimum is ${min_employees})`);
  }
  const industry = profile.company.industry?.trim();
  if (industry && icp.excludedIndustries.has(industryKey(industry))) {
    reasons.push(`Industry ${industry} is excluded from the ICP`);
  }
  const title = profile.title?.trim();
  if (title) {
    const words = wordText(title);
    const keyword = icp.excludedTitleKeywords.find(([, phrase]) => hasWords(words, phrase))?.[0];
    if (keyword) reasons.push(`Title "${title}" contains the excluded keyword "${keyword}"`);
  }
  return reasons;
}
