// Test profiles: a typical ICP lead built field by field, and a fast-check arbitrary covering
// every nullable field, odd casing, long values and unknown seniorities.
import fc from "fast-check";
import type { TCompany, TPersonProfile } from "../../lib/leads/profile.ts";
import { ZSeniority } from "../../lib/leads/profile.ts";

/** Jane, VP of Sales at Acme (241 people, computer software, Gong + Salesforce), with overrides. */
export function makeProfile(
  overrides: Partial<Omit<TPersonProfile, "company">> & { company?: Partial<TCompany> } = {},
): TPersonProfile {
  const { company, ...person } = overrides;
  return {
    apolloId: "apollo-1",
    firstName: "Jane",
    lastName: "Doe",
    title: "VP of Sales",
    headline: null,
    seniority: "vp",
    departments: ["sales"],
    city: "Austin",
    state: "TX",
    country: "United States",
    email: "jane@acme.example",
    emailStatus: "verified",
    emailSource: "apollo",
    linkedinUrl: "https://www.linkedin.com/in/janedoe",
    ...person,
    company: {
      name: "Acme",
      domain: "acme.example",
      websiteUrl: null,
      linkedinUrl: null,
      industry: "computer software",
      employees: 241,
      annualRevenue: null,
      foundedYear: null,
      technologies: ["Gong", "Salesforce", "Google Analytics"],
      ...company,
    },
  };
}

const TITLES = [
  "VP of Sales",
  "Chief Revenue Officer",
  "Head of Revenue Operations",
  "Director of Engineering",
  "Executive Assistant",
  "Sales Intern",
  "International Sales Director",
  "Founder & CEO",
  "Senior Account Executive",
  "AI Transformation Lead",
];
const INDUSTRIES = [
  "computer software",
  "Computer Software",
  "INTERNET",
  "retail",
  "government administration",
  "management consulting",
];
const TECHNOLOGIES = ["Salesforce", "hubspot", "GONG", "Outreach", "Slack", "Zendesk", "Snowflake"];

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/** Any profile the providers could plausibly send, nulls included. */
export const profileArbitrary: fc.Arbitrary<TPersonProfile> = fc.record({
  apolloId: nullable(fc.string()),
  firstName: fc.oneof(
    fc.constantFrom("Jane", "JOHN", "mary-jane", "Ólafur"),
    fc.string({ minLength: 1 }),
  ),
  lastName: fc.string(),
  title: nullable(fc.oneof(fc.constantFrom(...TITLES), fc.string({ maxLength: 200 }))),
  headline: nullable(fc.string()),
  seniority: nullable(fc.constantFrom(...ZSeniority.options)),
  departments: fc.array(fc.string(), { maxLength: 3 }),
  city: nullable(fc.oneof(fc.constantFrom("Austin", "Detroit"), fc.string({ maxLength: 80 }))),
  state: nullable(fc.string()),
  country: nullable(fc.string()),
  email: nullable(fc.emailAddress()),
  emailStatus: fc.constant(null),
  emailSource: fc.constant(null),
  linkedinUrl: fc.constant(null),
  company: fc.record({
    name: fc.oneof(
      fc.constantFrom("Acme", "Acme, Inc.", "Globex Systems LLC", "ÉCOLE SAS"),
      fc.string({ minLength: 1, maxLength: 300 }),
    ),
    domain: nullable(fc.domain()),
    websiteUrl: fc.constant(null),
    linkedinUrl: fc.constant(null),
    industry: nullable(fc.oneof(fc.constantFrom(...INDUSTRIES), fc.string({ maxLength: 100 }))),
    employees: nullable(fc.integer({ min: 0, max: 2_000_000 })),
    annualRevenue: fc.constant(null),
    foundedYear: fc.constant(null),
    technologies: fc.array(fc.oneof(fc.constantFrom(...TECHNOLOGIES), fc.string()), {
      maxLength: 12,
    }),
  }),
});

/** Signals a campaign or a lead might carry. */
export const signalsArbitrary = fc.array(
  fc.constantFrom("uses_gong", "uses_salesforce", "uses_hubspot", "event_saastr", "hiring_sdrs"),
  { maxLength: 4 },
);
