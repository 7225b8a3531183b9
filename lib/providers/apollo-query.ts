// What we may ask Apollo: a people search (the campaign's filters plus a page) and up to ten match
// details. Both are checked before anything is sent, by the live client and the sandbox alike.
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { ZSeniority } from "../leads/profile.ts";
import { describeIssue } from "./zod-issue.ts";

/** Apollo serves at most 100 people per page and 500 pages (50,000 records) per search. */
export const APOLLO_MAX_PER_PAGE = 100;
export const APOLLO_MAX_PAGE = 500;
/** `POST /people/bulk_match` takes at most ten details. */
export const APOLLO_MAX_MATCH_DETAILS = 10;

export const ZApolloSearchQuery = z.object({
  person_titles: z.array(z.string().min(1)),
  include_similar_titles: z.boolean(),
  person_seniorities: z.array(ZSeniority),
  organization_num_employees_ranges: z.array(
    z.string().regex(/^\d+,\d*$/, 'expected a range like "51,200"'),
  ),
  organization_locations: z.array(z.string().min(1)),
  q_keywords: z.string().min(1).optional(),
  page: z
    .number()
    .int()
    .min(1, "page starts at 1")
    .max(APOLLO_MAX_PAGE, "page is at most 500: Apollo serves at most 50,000 records per search"),
  per_page: z
    .number()
    .int()
    .min(1, "per_page is at least 1")
    .max(APOLLO_MAX_PER_PAGE, "per_page is at most 100 (Apollo's limit)"),
});
/** A campaign's Apollo filters (config/campaigns.json) plus the page to fetch. */
export type ApolloSearchQuery = z.input<typeof ZApolloSearchQuery>;

/** One person to enrich: an Apollo id from a search, or what else identifies them. */
export const ZApolloMatchDetail = z
  .strictObject({
    id: z.string().min(1).optional(),
    first_name: z.string().min(1).optional(),
    last_name: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    email: z.string().min(1).optional(),
    hashed_email: z.string().min(1).optional(),
    organization_name: z.string().min(1).optional(),
    domain: z.string().min(1).optional(),
    linkedin_url: z.string().min(1).optional(),
  })
  .refine((detail) => Object.values(detail).some((value) => value !== undefined), {
    error: "a detail needs an id, an email, a LinkedIn URL or a name",
  });
export type ApolloMatchDetail = z.input<typeof ZApolloMatchDetail>;

/** The query, checked: a NonRetriableError explains what Apollo would refuse. */
export function parseSearchQuery(query: ApolloSearchQuery): z.output<typeof ZApolloSearchQuery> {
  const parsed = ZApolloSearchQuery.safeParse(query);
  if (!parsed.success) {
    throw new NonRetriableError(`Apollo search query refused: ${describeIssue(parsed.error)}`);
  }
  return parsed.data;
}

/** The details, checked: 1 to 10, known fields only (never `reveal_phone_number`). */
export function parseMatchDetails(
  details: readonly ApolloMatchDetail[],
): z.output<typeof ZApolloMatchDetail>[] {
  if (details.length > APOLLO_MAX_MATCH_DETAILS) {
    throw new NonRetriableError(
      `Apollo bulk match refused: at most ${APOLLO_MAX_MATCH_DETAILS} details per call (got ${details.length})`,
    );
  }
  const parsed = z.array(ZApolloMatchDetail).safeParse(details);
  if (!parsed.success) {
    throw new NonRetriableError(
      `Apollo bulk match refused: ${describeIssue(parsed.error, "details")}`,
    );
  }
  return parsed.data;
}
