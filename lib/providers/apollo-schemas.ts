// Apollo's response bodies as documented (providers.md), as zod schemas. Fields the docs do not
// guarantee are optional or nullable, so a sparse record parses and a wrongly typed one is named.
import { z } from "zod";

const text = z.string().nullish();
const flag = z.boolean().nullish();

/** One hit of `POST /mixed_people/api_search`: no email, no full last name, no LinkedIn URL. */
export const ZApolloSearchPerson = z.object({
  id: z.string().min(1),
  first_name: z.string().nullish(),
  last_name_obfuscated: text,
  title: text,
  last_refreshed_at: text,
  has_email: flag,
  has_direct_phone: z.union([z.boolean(), z.string()]).nullish(),
  organization: z
    .object({
      name: text,
      has_industry: flag,
      has_employee_count: flag,
    })
    .nullish(),
});
export type TApolloSearchPerson = z.input<typeof ZApolloSearchPerson>;

export const ZApolloSearchResponse = z.object({
  total_entries: z.number().int().nonnegative(),
  people: z.array(ZApolloSearchPerson).nullish(),
});
export type TApolloSearchResponse = z.input<typeof ZApolloSearchResponse>;

export const ZApolloOrganization = z.object({
  id: text,
  name: text,
  website_url: text,
  primary_domain: text,
  linkedin_url: text,
  industry: text,
  industries: z.array(z.string()).nullish(),
  estimated_num_employees: z.number().nullish(),
  annual_revenue: z.number().nullish(),
  founded_year: z.number().nullish(),
  technology_names: z.array(z.string()).nullish(),
});
export type TApolloOrganization = z.input<typeof ZApolloOrganization>;

/** A person as `POST /people/match` and `/people/bulk_match` return it. */
export const ZApolloPerson = z.object({
  id: z.string().min(1),
  first_name: text,
  last_name: text,
  name: text,
  linkedin_url: text,
  title: text,
  headline: text,
  seniority: text,
  departments: z.array(z.string()).nullish(),
  city: text,
  state: text,
  country: text,
  email: text,
  email_status: text,
  organization_id: text,
  employment_history: z
    .array(
      z.object({
        organization_name: text,
        title: text,
        start_date: text,
        end_date: text,
        current: flag,
      }),
    )
    .nullish(),
  organization: ZApolloOrganization.nullish(),
});
export type TApolloPerson = z.input<typeof ZApolloPerson>;

export const ZApolloBulkMatchResponse = z.object({
  status: text,
  credits_consumed: z.number().nullish(),
  total_requested_enrichments: z.number().nullish(),
  unique_enriched_records: z.number().nullish(),
  missing_records: z.number().nullish(),
  matches: z.array(ZApolloPerson.nullable()),
});
export type TApolloBulkMatchResponse = z.input<typeof ZApolloBulkMatchResponse>;
