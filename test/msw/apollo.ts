// msw handlers for Apollo (`POST /mixed_people/api_search`, `POST /people/bulk_match`) shaped like
// its documented payloads, plus fixture builders. Handlers check the `x-api-key` header and the
// request body (per_page ≤ 100, page ≤ 500, ≤ 10 details, never reveal_phone_number) and answer
// per scenario; "success" serves the sandbox world for the seed, so ids from a search match.
import { type HttpHandler, HttpResponse, http } from "msw";
import type { z } from "zod";
import { APOLLO_BASE_URL } from "../../lib/providers/apollo.ts";
import type { ZApolloMatchDetail, ZApolloSearchQuery } from "../../lib/providers/apollo-query.ts";
import type {
  TApolloBulkMatchResponse,
  TApolloOrganization,
  TApolloPerson,
  TApolloSearchPerson,
  TApolloSearchResponse,
} from "../../lib/providers/apollo-schemas.ts";
import { sandboxBulkMatch, sandboxSearch } from "../../lib/providers/sandbox/apollo-world.ts";
import { containsKey, type RecordedRequest, record } from "./recorder.ts";

export const APOLLO_TEST_KEY = "apollo-test-key-7c1e9a52d4";

export type ApolloScenario =
  | "success"
  | "empty"
  | "null-matches"
  | "rate-limited"
  | "unauthorized"
  | "forbidden"
  | "malformed"
  | "server-error";

export type ApolloMockOptions = {
  apiKey?: string;
  scenario?: ApolloScenario;
  /** Seed of the sandbox world that "success" serves. */
  seed?: string;
  /** For "rate-limited": which window is used up, and an optional Retry-After value. */
  rateLimit?: { window?: "minute" | "hourly" | "daily"; retryAfter?: string };
  /** Replaces the world's search answer (scenarios other than "success" still apply). */
  search?: (body: Record<string, unknown>) => TApolloSearchResponse;
  /** Replaces the world's bulk match answer. */
  bulkMatch?: (details: Record<string, unknown>[]) => TApolloBulkMatchResponse;
};

export type ApolloMock = { handlers: HttpHandler[]; requests: RecordedRequest[] };

export function apolloOrganization(
  overrides: Partial<TApolloOrganization> = {},
): TApolloOrganization {
  return {
    id: "5e66b6381e05b4008c8331b8",
    name: "Northwind Analytics",
    website_url: "http://www.northwindanalytics.com",
    primary_domain: "northwindanalytics.com",
    linkedin_url: "http://www.linkedin.com/company/northwind-analytics",
    industry: "computer software",
    industries: ["computer software"],
    estimated_num_employees: 240,
    annual_revenue: 38_500_000,
    founded_year: 2014,
    technology_names: ["Salesforce", "Gong", "Slack", "Google Analytics", "HubSpot"],
    ...overrides,
  };
}

/** A matched person as `/people/bulk_match` returns one: Dana Whitfield, VP Sales. */
export function apolloPerson(overrides: Partial<TApolloPerson> = {}): TApolloPerson {
  return {
    id: "64a7f3c2e1b9d40001a1b2c3",
    first_name: "Dana",
    last_name: "Whitfield",
    name: "Dana Whitfield",
    linkedin_url: "http://www.linkedin.com/in/dana-whitfield-4b1a2c",
    title: "VP Sales",
    headline: "VP Sales at Northwind Analytics",
    seniority: "vp",
    departments: ["master_sales"],
    city: "Austin",
    state: "Texas",
    country: "United States",
    email: "dana.whitfield@northwindanalytics.com",
    email_status: "verified",
    organization_id: "5e66b6381e05b4008c8331b8",
    employment_history: [
      {
        organization_name: "Northwind Analytics",
        title: "VP Sales",
        start_date: "2021-03-01",
        end_date: null,
        current: true,
      },
      {
        organization_name: "Bluepeak Software",
        title: "Director of Sales",
        start_date: "2016-06-01",
        end_date: "2021-02-01",
        current: false,
      },
    ],
    organization: apolloOrganization(),
    ...overrides,
  };
}

/** A search hit as `/mixed_people/api_search` returns one (no email, obfuscated last name). */
export function apolloSearchPerson(
  overrides: Partial<TApolloSearchPerson> = {},
): TApolloSearchPerson {
  return {
    id: "64a7f3c2e1b9d40001a1b2c3",
    first_name: "Dana",
    last_name_obfuscated: "Wh***d",
    title: "VP Sales",
    last_refreshed_at: "2025-05-14T08:21:44.000+00:00",
    has_email: true,
    has_direct_phone: "Yes",
    organization: { name: "Northwind Analytics", has_industry: true, has_employee_count: true },
    ...overrides,
  };
}

export const apolloSearchResponse = (
  people: TApolloSearchPerson[],
  totalEntries = people.length,
): TApolloSearchResponse => ({ total_entries: totalEntries, people });

export function apolloBulkMatchResponse(
  matches: (TApolloPerson | null)[],
): TApolloBulkMatchResponse {
  const found = matches.filter((match) => match !== null).length;
  return {
    status: "success",
    credits_consumed: found,
    total_requested_enrichments: matches.length,
    unique_enriched_records: found,
    missing_records: matches.length - found,
    matches,
  };
}

/** Apollo's rate-limit headers, with the given window used up (or none). */
export function apolloRateLimitHeaders(
  exhausted?: "minute" | "hourly" | "daily",
): Record<string, string> {
  return {
    "x-rate-limit-minute": "200",
    "x-rate-limit-hourly": "2000",
    "x-rate-limit-daily": "10000",
    "x-minute-requests-left": exhausted === "minute" ? "0" : "187",
    "x-hourly-requests-left": exhausted === "hourly" ? "0" : "1412",
    "x-daily-requests-left": exhausted === "daily" ? "0" : "8210",
  };
}

const refuse = (status: number, error: string) =>
  HttpResponse.json({ error }, { status, headers: apolloRateLimitHeaders() });

/** The reason Apollo would refuse the search body, or null. */
function searchProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return "expected a JSON object";
  const query = body as Record<string, unknown>;
  if (containsKey(query, "reveal_phone_number")) return "reveal_phone_number is not a search field";
  if (typeof query.per_page === "number" && query.per_page > 100) return "per_page must be ≤ 100";
  if (typeof query.page === "number" && query.page > 500) return "page must be ≤ 500";
  for (const key of ["person_titles", "person_seniorities", "organization_locations"]) {
    const value = query[key];
    if (
      value !== undefined &&
      (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    ) {
      return `${key} must be an array of strings`;
    }
  }
  return null;
}

/** The reason Apollo would refuse the bulk_match body, or null. */
function matchProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "expected a JSON object";
  if (containsKey(body, "reveal_phone_number")) {
    return "Please add a valid 'webhook_url' parameter when using 'reveal_phone_number'";
  }
  const details = (body as { details?: unknown }).details;
  if (!Array.isArray(details) || details.length === 0) return "details must be a non-empty array";
  if (details.length > 10) return "You can only enrich up to 10 people at a time";
  if (details.some((detail) => typeof detail !== "object" || detail === null)) {
    return "each detail must be an object";
  }
  return null;
}

type Query = z.output<typeof ZApolloSearchQuery>;
type Detail = z.output<typeof ZApolloMatchDetail>;

const worldQuery = (body: Record<string, unknown>): Query =>
  ({
    person_titles: [],
    include_similar_titles: false,
    person_seniorities: [],
    organization_num_employees_ranges: [],
    organization_locations: [],
    page: 1,
    per_page: 10,
    ...body,
  }) as Query;

export function apolloHandlers(options: ApolloMockOptions = {}): ApolloMock {
  const apiKey = options.apiKey ?? APOLLO_TEST_KEY;
  const scenario = options.scenario ?? "success";
  const seed = options.seed ?? "msw";
  const requests: RecordedRequest[] = [];

  /** The answer for scenarios that do not depend on the endpoint, or null to go on. */
  const common = (request: Request, endpoint: string) => {
    if (request.headers.get("x-api-key") !== apiKey || scenario === "unauthorized") {
      return refuse(401, "Invalid access credentials.");
    }
    if (scenario === "forbidden") {
      return refuse(
        403,
        `api/v1${endpoint} is not accessible with this api_key on a free plan. Please upgrade your plan.`,
      );
    }
    if (scenario === "rate-limited") {
      const window = options.rateLimit?.window ?? "minute";
      const headers = apolloRateLimitHeaders(window);
      if (options.rateLimit?.retryAfter) headers["retry-after"] = options.rateLimit.retryAfter;
      return HttpResponse.json(
        {
          message: `The maximum number of api calls allowed for api/v1${endpoint} is 200 times per ${window}. Please upgrade your plan from https://app.apollo.io/#/settings/plans/upgrade.`,
        },
        { status: 429, headers },
      );
    }
    if (scenario === "server-error") {
      return new HttpResponse("<html><body><h1>502 Bad Gateway</h1></body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      });
    }
    return null;
  };

  const search = http.post(`${APOLLO_BASE_URL}/mixed_people/api_search`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = common(request, "/mixed_people/api_search");
    if (early) return early;
    const problem = searchProblem(seen.body);
    if (problem) return refuse(422, problem);
    const body = seen.body as Record<string, unknown>;
    if (scenario === "empty") return HttpResponse.json(apolloSearchResponse([], 0));
    const answer = options.search?.(body) ?? sandboxSearch(seed, worldQuery(body));
    if (scenario === "malformed") {
      const people = [...(answer.people ?? [])];
      const broken = { ...people[1], id: 12345 };
      return HttpResponse.json({ ...answer, people: [people[0], broken, ...people.slice(2)] });
    }
    return HttpResponse.json(answer, { headers: apolloRateLimitHeaders() });
  });

  const bulkMatch = http.post(`${APOLLO_BASE_URL}/people/bulk_match`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = common(request, "/people/bulk_match");
    if (early) return early;
    const problem = matchProblem(seen.body);
    if (problem) return refuse(422, problem);
    const details = (seen.body as { details: Record<string, unknown>[] }).details;
    if (scenario === "empty") {
      return HttpResponse.json(apolloBulkMatchResponse(details.map(() => null)));
    }
    const answer = options.bulkMatch?.(details) ?? sandboxBulkMatch(seed, details as Detail[]);
    if (scenario === "null-matches") {
      return HttpResponse.json(
        apolloBulkMatchResponse(answer.matches.map((match, i) => (i % 3 === 1 ? null : match))),
      );
    }
    if (scenario === "malformed") {
      const at = Math.min(3, answer.matches.length - 1);
      const matches = answer.matches.map((match, i) =>
        i === at
          ? apolloPerson({
              ...match,
              organization: apolloOrganization({
                ...match?.organization,
                estimated_num_employees: "1,000" as unknown as number,
              }),
            })
          : match,
      );
      return HttpResponse.json({ ...answer, matches });
    }
    return HttpResponse.json(answer, { headers: apolloRateLimitHeaders() });
  });

  return { handlers: [search, bulkMatch], requests };
}
