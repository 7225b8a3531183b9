// Builds the full Apollo person (as `/people/bulk_match` returns it) that a sandbox descriptor
// stands for: names, LinkedIn URL, email (about 10% have none), employment history, and a company
// with domain, industry, headcount, revenue and technologies.
import type { TApolloOrganization, TApolloPerson } from "../apollo-schemas.ts";
import { encodePersonId, type PersonDescriptor } from "./apollo-id.ts";
import { emailFor } from "./email-pattern.ts";
import { COMPANY_STEMS, TLDS } from "./pools/companies.ts";
import { INDUSTRIES } from "./pools/industries.ts";
import { PLACES } from "./pools/locations.ts";
import { FIRST_NAMES, LAST_NAMES } from "./pools/names.ts";
import { TECHNOLOGIES } from "./pools/technologies.ts";
import { TITLES } from "./pools/titles.ts";
import { createRng, hash32, hex, slug, unit } from "./prng.ts";

/** Share of matched people Apollo has no email for. */
export const APOLLO_NO_EMAIL_RATE = 0.1;
/** Share of searched people a bulk match returns null for. */
export const APOLLO_NULL_MATCH_RATE = 0.02;

const EMAIL_STATUSES = [
  ["verified", 80],
  ["extrapolated", 12],
  ["likely to engage", 5],
  ["unverified", 3],
] as const;

const objectId = (...parts: (string | number)[]): string =>
  `${hex(hash32(...parts, 1), 8)}${hex(hash32(...parts, 2), 8)}${hex(hash32(...parts, 3), 8)}`;

/** Whether the descriptor's person is one of the ~2% Apollo cannot enrich. */
export const isNullMatch = (seed: string, d: PersonDescriptor): boolean =>
  unit(seed, "null-match", d.personKey) < APOLLO_NULL_MATCH_RATE;

/** The person's names, as search and match both show them. */
export function namesOf(seed: string, d: PersonDescriptor): { first: string; last: string } {
  const rng = createRng(seed, "names", d.personKey);
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** "Smith" → "Sm***h", as Apollo's search shows last names. */
export function obfuscate(last: string): string {
  return last.length <= 2 ? `${last[0] ?? ""}***` : `${last.slice(0, 2)}***${last.slice(-1)}`;
}

/** The name of the person's employer, as search shows it (cheap: no technologies). */
export function companyNameOf(seed: string, d: PersonDescriptor): string {
  const rng = createRng(seed, "company-name", d.personKey);
  const industry = INDUSTRIES[d.industryId];
  const stem = rng.pick(COMPANY_STEMS);
  return rng.chance(0.25) || !industry ? stem : `${stem} ${rng.pick(industry.nameSuffixes)}`;
}

/** The person's employer in full, as a match shows it. */
export function companyOf(
  seed: string,
  d: PersonDescriptor,
): TApolloOrganization & {
  name: string;
  primary_domain: string;
} {
  const rng = createRng(seed, "company", d.personKey);
  const industry = INDUSTRIES[d.industryId];
  const name = companyNameOf(seed, d);
  const domain = `${slug(name)}.${createRng(seed, "tld", name).weighted(TLDS)}`;
  const size = d.headcount;
  const techBoost = size > 1000 ? 1.3 : size > 200 ? 1.1 : size > 50 ? 0.9 : 0.7;
  const technologies = TECHNOLOGIES.filter(
    (tech, id) => id + 1 === d.techId || rng.chance(Math.min(0.95, tech.prevalence * techBoost)),
  ).map((tech) => tech.name);
  const maxAge = size > 1000 ? 60 : size > 200 ? 30 : 15;
  return {
    id: objectId(seed, "org", d.personKey),
    name,
    website_url: `http://www.${domain}`,
    primary_domain: domain,
    linkedin_url: `http://www.linkedin.com/company/${slug(name)}`,
    industry: industry?.name ?? null,
    industries: industry ? [industry.name] : [],
    estimated_num_employees: size,
    annual_revenue: Math.round((size * rng.int(120, 400)) / 10) * 10_000,
    founded_year: 2024 - rng.int(2, maxAge),
    technology_names: technologies,
  };
}

/** Whether Apollo holds an email for the person (about 90% do). */
export const hasEmail = (seed: string, d: PersonDescriptor): boolean =>
  unit(seed, "no-email", d.personKey) >= APOLLO_NO_EMAIL_RATE;

/** When Apollo last refreshed the record: a fixed date in 2025, so output stays deterministic. */
export const lastRefreshedAt = (seed: string, d: PersonDescriptor): string =>
  new Date(
    Date.UTC(2025, 0, 1) + (hash32(seed, "refreshed", d.personKey) % 300) * 86_400_000,
  ).toISOString();

/** The whole person a descriptor stands for, as `/people/bulk_match` returns one. */
export function buildPerson(seed: string, d: PersonDescriptor): TApolloPerson {
  const { first, last } = namesOf(seed, d);
  const title = TITLES[d.titleId] ?? TITLES[0];
  const place = PLACES[d.placeId] ?? PLACES[0];
  const org = companyOf(seed, d);
  const rng = createRng(seed, "person", d.personKey);
  const email = hasEmail(seed, d) ? emailFor(seed, first, last, org.primary_domain) : null;
  const startYear = Math.max(org.founded_year ?? 2015, 2024 - rng.int(1, 8));
  const previous = companyNameOf(seed, { ...d, personKey: hash32(seed, "previous", d.personKey) });
  return {
    id: encodePersonId(seed, d),
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    linkedin_url: `http://www.linkedin.com/in/${slug(first)}-${slug(last)}-${hex(hash32(seed, "li", d.personKey), 8).slice(0, 6)}`,
    title: title?.title ?? null,
    headline: rng.chance(0.7) ? `${title?.title} at ${org.name}` : (title?.title ?? null),
    seniority: title?.seniority ?? null,
    departments: [...(title?.departments ?? [])],
    city: place?.city ?? null,
    state: place?.state ?? null,
    country: place?.country ?? null,
    email,
    email_status: email ? rng.weighted(EMAIL_STATUSES) : "unavailable",
    organization_id: org.id,
    employment_history: [
      {
        organization_name: org.name,
        title: title?.title ?? null,
        start_date: `${startYear}-${String(rng.int(1, 12)).padStart(2, "0")}-01`,
        end_date: null,
        current: true,
      },
      {
        organization_name: previous,
        title: rng.pick(TITLES).title,
        start_date: `${startYear - rng.int(2, 6)}-${String(rng.int(1, 12)).padStart(2, "0")}-01`,
        end_date: `${startYear}-01-01`,
        current: false,
      },
    ],
    organization: org,
  };
}
