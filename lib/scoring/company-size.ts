// The company_size factor: the points of the ICP size band the company's headcount falls in.
import type { TPersonProfile } from "../leads/profile.ts";
import type { TCompiledIcp } from "./compile-icp.ts";
import type { TFactorDraft } from "./score-types.ts";
import { formatFraction } from "./text.ts";

/** Band maxima at or above this read as open-ended ("5001+"). */
const OPEN_ENDED_MAX = 1_000_000;

export function companySizeFactor(profile: TPersonProfile, icp: TCompiledIcp): TFactorDraft {
  const weight = icp.icp.weights.company_size;
  const employees = profile.company.employees;
  if (employees === null) return draft(0, "Headcount unknown — 0 points");
  const headcount = `${employees} ${employees === 1 ? "employee" : "employees"}`;
  const band = icp.icp.company_size_bands.find((b) => employees >= b.min && employees <= b.max);
  if (!band) return draft(0, `${headcount} is outside every ICP size band — 0 points`);
  const range = band.max >= OPEN_ENDED_MAX ? `${band.min}+` : `${band.min}–${band.max}`;
  if (band.points === 0) return draft(0, `${headcount} in band ${range} — 0 points`);
  return draft(
    band.points * weight,
    `${headcount} in band ${range} — ${formatFraction(band.points)} × ${weight}`,
  );
}

function draft(raw: number, reason: string): TFactorDraft {
  return { factor: "company_size", raw, reason };
}
