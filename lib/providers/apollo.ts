// Apollo.io: the only file that knows its URLs. People search (`POST /mixed_people/api_search`, no
// credits) and bulk enrichment (`POST /people/bulk_match`, ≤10 details, never phone reveals), both
// checked before sending and parsed by zod after.
import type { z } from "zod";
import { canonicalLinkedinUrl } from "../leads/identity.ts";
import type { TPersonProfile, TSearchPerson } from "../leads/profile.ts";
import { toPersonProfile, toSearchPerson } from "./apollo-map.ts";
import {
  type ApolloMatchDetail,
  type ApolloSearchQuery,
  parseMatchDetails,
  parseSearchQuery,
} from "./apollo-query.ts";
import {
  ZApolloBulkMatchResponse,
  type ZApolloPerson,
  ZApolloSearchResponse,
} from "./apollo-schemas.ts";
import { createProviderHttp } from "./http.ts";
import type { ProviderInfo } from "./provider-error.ts";

export type ApolloSearchResult = { totalEntries: number; people: TSearchPerson[] };

/** One entry per detail, in the same order; null where Apollo found nobody usable. */
export type ApolloBulkMatchResult = {
  matches: (TPersonProfile | null)[];
  creditsConsumed: number;
};

export type ApolloClient = {
  kind: "live" | "sandbox";
  /** One page of people for the filters; free, and never carries emails. */
  searchPeople(query: ApolloSearchQuery): Promise<ApolloSearchResult>;
  /** Enriches up to ten people (refuses more); spends a credit per person found. */
  bulkMatch(details: readonly ApolloMatchDetail[]): Promise<ApolloBulkMatchResult>;
};

export const APOLLO: ProviderInfo = { name: "Apollo", keyEnv: "APOLLO_API_KEY" };
export const APOLLO_BASE_URL = "https://api.apollo.io/api/v1";

export type ApolloClientOptions = {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** The clock for rate-limit delays ("until the next minute"). */
  now?: () => number;
};

type Person = z.output<typeof ZApolloPerson>;
type Detail = ReturnType<typeof parseMatchDetails>[number];

/** The search body: the filters that are set, plus the page. */
function searchBody(query: ReturnType<typeof parseSearchQuery>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    body[key] = value;
  }
  return body;
}

const sameKey = (detail: Detail, person: Person): boolean => {
  if (detail.id) return detail.id === person.id;
  if (detail.email && person.email)
    return detail.email.toLowerCase() === person.email.toLowerCase();
  const url = canonicalLinkedinUrl(detail.linkedin_url);
  return url !== null && url === canonicalLinkedinUrl(person.linkedin_url);
};

/**
 * Apollo's matches lined up with the details: by position when the list is as long as the
 * details and agrees with their ids, else by id, email or LinkedIn URL (null when none matches).
 */
export function alignMatches(details: readonly Detail[], matches: readonly (Person | null)[]) {
  const positional =
    matches.length === details.length &&
    matches.every((match, i) => !match || !details[i]?.id || details[i]?.id === match.id);
  if (positional) return [...matches];
  const used = new Set<number>();
  return details.map((detail) => {
    const index = matches.findIndex((match, i) => match && !used.has(i) && sameKey(detail, match));
    if (index < 0) return null;
    used.add(index);
    return matches[index] ?? null;
  });
}

/** The live Apollo client; the key goes in the `x-api-key` header and never into an error. */
export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const http = createProviderHttp({
    provider: APOLLO,
    baseUrl: options.baseUrl ?? APOLLO_BASE_URL,
    headers: {
      "x-api-key": options.apiKey,
      "content-type": "application/json",
      "cache-control": "no-cache",
    },
    timeoutMs: options.timeoutMs ?? 30_000,
    secrets: [options.apiKey],
    now: options.now ?? Date.now,
  });

  return {
    kind: "live",
    async searchPeople(query) {
      const parsed = parseSearchQuery(query);
      const body = await http.call({
        method: "post",
        path: "mixed_people/api_search",
        endpoint: "/mixed_people/api_search",
        json: searchBody(parsed),
        schema: ZApolloSearchResponse,
      });
      return { totalEntries: body.total_entries, people: (body.people ?? []).map(toSearchPerson) };
    },
    async bulkMatch(details) {
      const parsed = parseMatchDetails(details);
      if (parsed.length === 0) return { matches: [], creditsConsumed: 0 };
      const body = await http.call({
        method: "post",
        path: "people/bulk_match",
        endpoint: "/people/bulk_match",
        json: { details: parsed, reveal_personal_emails: false },
        schema: ZApolloBulkMatchResponse,
      });
      const matches = alignMatches(parsed, body.matches).map((person) =>
        person ? toPersonProfile(person) : null,
      );
      const found = body.matches.filter((person) => person !== null).length;
      return { matches, creditsConsumed: body.credits_consumed ?? found };
    },
  };
}
