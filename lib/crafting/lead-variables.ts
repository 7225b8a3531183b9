// The variables a lead's templates are filled from: the person, the company and the sender. Each
// personal fact carries its evidence (evidence.ts); a fact that is missing or below the confidence
// threshold either takes neutral wording that claims nothing ("your CRM", "in your market") or,
// where there is none, is unbacked: the sentences that need it are left out.
import type { TConfig } from "../config/schemas.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import type { TTier } from "../scoring/score-types.ts";
import { CONFIDENCE, evidenceOf, type TEvidence } from "./evidence.ts";
import type { TVariables } from "./fill-template.ts";
import { revenueStack } from "./known-tools.ts";
import { clean, companyName, firstNameOf, jobTitle, personName, possessive } from "./text.ts";

/** Longest value, in characters, each profile field may put into a message. */
const MAX = { firstName: 40, company: 60, title: 80, industry: 60, city: 40 } as const;
const STACK_TOOLS = 2;
const numberFormat = new Intl.NumberFormat("en-US");

/** The variables, the evidence behind those that state a fact, and those with too little. */
export type TLeadVariables = {
  variables: TVariables;
  /** Variable name → the evidence a sentence using it rests on. */
  evidence: Readonly<Record<string, readonly TEvidence[]>>;
  /** Variables whose fact is missing or too uncertain: a sentence using one is not written. */
  unbacked: ReadonlySet<string>;
};

/** Every variable the built-in templates use, except the campaign angle's own. */
export function leadVariables(
  profile: TPersonProfile,
  tier: TTier | null,
  sender: TConfig["sending"]["sender"],
  /** Where the profile's facts came from, as the card says it ("Apollo"), and the threshold. */
  trust: { source: string; minConfidence: number },
): TLeadVariables {
  const { source } = trust;
  const backed = (confidence: number) => confidence >= trust.minConfidence;
  const firstName = personName(profile.firstName, MAX.firstName) || "there";
  const company = companyName(profile.company.name, MAX.company) || "your company";
  const title = jobTitle(profile.title, MAX.title);
  const industry = clean(profile.company.industry, MAX.industry).toLowerCase();
  const city = clean(profile.city, MAX.city);
  const employees = profile.company.employees;
  const stack = revenueStack(profile.company.technologies, STACK_TOOLS);
  const stated = backed(CONFIDENCE.technologies);
  const evidence: Record<string, TEvidence[]> = {};
  const unbacked = new Set<string>();
  const variables: Record<string, string> = {
    first_name: firstName,
    company,
    company_possessive: possessive(company),
    // The company as someone we have spoken with (the revival angle adds the CRM's evidence).
    company_contact: company,
    offer_topic:
      tier === "tier_1" || tier === "tier_2"
        ? `what this could look like at ${company}`
        : "how teams like yours choose their first AI workflow",
    calendar_url: sender.calendar_url,
    sender_name: sender.name,
    sender_first_name: firstNameOf(sender.name),
    sender_company: sender.company,
    signature: sender.signature,
    postal_address: sender.postal_address,
    unsubscribe_line: sender.unsubscribe_line,
    // Neutral unless the data backs them (set below).
    company_location: company,
    industry_in: "in your market",
    stack: "your CRM",
    crm: "your CRM",
  };
  if (title && backed(CONFIDENCE.title)) {
    variables.role_at_company = `${title} at ${company}`;
    evidence.role_at_company = [
      evidenceOf("title", asStored(profile.title), source, CONFIDENCE.title),
    ];
  } else {
    unbacked.add("role_at_company");
  }
  if (employees !== null && employees >= 1 && backed(CONFIDENCE.employees)) {
    variables.team_size = teamSize(employees);
    evidence.team_size = [
      evidenceOf("company.employees", numberFormat.format(employees), source, CONFIDENCE.employees),
    ];
  } else {
    unbacked.add("team_size");
  }
  if (industry && backed(CONFIDENCE.industry)) {
    variables.industry_in = industryIn(industry);
    evidence.industry_in = [
      evidenceOf(
        "company.industry",
        asStored(profile.company.industry),
        source,
        CONFIDENCE.industry,
      ),
    ];
  }
  if (city && backed(CONFIDENCE.city)) {
    variables.company_location = `${company} in ${city}`;
    evidence.company_location = [
      evidenceOf("city", asStored(profile.city), source, CONFIDENCE.city),
    ];
  }
  // Technologies a provider detected on the company's website: named only when trusted enough.
  if (stack.tools.length > 0 && stated) {
    variables.stack = stack.tools.join(" and ");
    evidence.stack = stack.tools.map((tool) =>
      evidenceOf("company.technologies", tool, source, CONFIDENCE.technologies),
    );
  }
  if (stack.crm && stated) {
    variables.crm = stack.crm;
    evidence.crm = [evidenceOf("company.technologies", stack.crm, source, CONFIDENCE.technologies)];
  }
  return { variables, evidence, unbacked };
}

/** A field's value as the data holds it (the evidence shows the data, not the merged wording). */
function asStored(value: string | null): string {
  return (value ?? "").trim().slice(0, 200);
}

/** How an exact head count reads in a sentence: "a team of 18", "a team of about 1,300". */
function teamSize(employees: number): string {
  if (employees === 1) return "a team of one";
  if (employees < 100) return `a team of ${employees}`;
  const magnitude = 10 ** (Math.floor(Math.log10(employees)) - 1);
  return `a team of about ${numberFormat.format(Math.round(employees / magnitude) * magnitude)}`;
}

/** Data providers' industry names as a sentence says them ("at software companies"). */
const INDUSTRY_PHRASES: ReadonlyMap<string, string> = new Map([
  ["computer software", "at software companies"],
  ["information technology and services", "at IT services firms"],
  ["internet", "at internet companies"],
  ["financial services", "at financial services firms"],
  ["logistics and supply chain", "at logistics companies"],
  ["hospital & health care", "at hospitals and health care providers"],
  ["marketing and advertising", "at marketing agencies"],
  ["retail", "at retailers"],
  ["staffing and recruiting", "at staffing firms"],
  ["telecommunications", "at telecom companies"],
  ["insurance", "at insurers"],
  ["education management", "at education providers"],
  ["computer & network security", "at security companies"],
  ["banking", "at banks"],
]);

function industryIn(industry: string): string {
  return INDUSTRY_PHRASES.get(industry) ?? `in ${industry}`;
}
