// The variables a lead's templates are filled from: the person, the company and the sender, each
// with fallback wording when the data is missing ("your market", "your CRM", "a growing team").
import type { TConfig } from "../config/schemas.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import type { TTier } from "../scoring/score-types.ts";
import type { TVariables } from "./fill-template.ts";
import { revenueStack } from "./known-tools.ts";
import { clean, companyName, jobTitle, personName, possessive } from "./text.ts";

/** Longest value, in characters, each profile field may put into a message. */
const MAX = { firstName: 40, company: 60, title: 80, industry: 60, city: 40 } as const;
const STACK_TOOLS = 2;
const numberFormat = new Intl.NumberFormat("en-US");

/** Every variable the built-in templates use, except the campaign angle's own. */
export function leadVariables(
  profile: TPersonProfile,
  tier: TTier | null,
  sender: TConfig["sending"]["sender"],
): TVariables {
  const firstName = personName(profile.firstName, MAX.firstName) || "there";
  const company = companyName(profile.company.name, MAX.company) || "your company";
  const title = jobTitle(profile.title, MAX.title);
  const industry = clean(profile.company.industry, MAX.industry).toLowerCase();
  const city = clean(profile.city, MAX.city);
  const employees = profile.company.employees;
  const stack = revenueStack(profile.company.technologies, STACK_TOOLS);
  return {
    first_name: firstName,
    company,
    company_possessive: possessive(company),
    company_location: city ? `${company} in ${city}` : company,
    role_at_company: title ? `${title} at ${company}` : `a leader at ${company}`,
    industry_in: industryIn(industry),
    team_size: teamSize(employees),
    stack: stack.tools.length > 0 ? stack.tools.join(" and ") : "your CRM",
    crm: stack.crm ?? "your CRM",
    offer_topic:
      tier === "tier_1" || tier === "tier_2"
        ? `what this could look like at ${company}`
        : "how teams like yours choose their first AI workflow",
    calendar_url: sender.calendar_url,
    sender_name: sender.name,
    sender_first_name: sender.name.trim().split(/\s+/)[0] ?? sender.name,
    sender_company: sender.company,
    signature: sender.signature,
    postal_address: sender.postal_address,
    unsubscribe_line: sender.unsubscribe_line,
  };
}

/** How an exact head count reads in a sentence: "a team of 18", "a team of about 1,300". */
function teamSize(employees: number | null): string {
  if (employees === null || employees < 1) return "a growing team";
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
  if (!industry) return "in your market";
  return INDUSTRY_PHRASES.get(industry) ?? `in ${industry}`;
}
