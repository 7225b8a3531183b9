// The sandbox's Apollo: answers a people search and a bulk match with documented-shape bodies,
// from the seed alone. A query and page always give the same people; every id a search hands out
// rebuilds the same person on match; about 2% of matches are null and 10% lack an email.
import type { z } from "zod";
import type { ZApolloMatchDetail, ZApolloSearchQuery } from "../apollo-query.ts";
import type {
  TApolloBulkMatchResponse,
  TApolloPerson,
  TApolloSearchPerson,
  TApolloSearchResponse,
} from "../apollo-schemas.ts";
import {
  decodePersonId,
  encodePersonId,
  MAX_HEADCOUNT,
  type PersonDescriptor,
} from "./apollo-id.ts";
import {
  APOLLO_NULL_MATCH_RATE,
  buildPerson,
  companyNameOf,
  hasEmail,
  isNullMatch,
  lastRefreshedAt,
  namesOf,
  obfuscate,
} from "./apollo-person.ts";
import { INDUSTRIES, industriesFor } from "./pools/industries.ts";
import { PLACES, placesFor } from "./pools/locations.ts";
import { technologyFor } from "./pools/technologies.ts";
import { TITLES, titlesFor } from "./pools/titles.ts";
import { createRng, hash32, type Rng, unit } from "./prng.ts";

type Query = z.output<typeof ZApolloSearchQuery>;
type Detail = z.output<typeof ZApolloMatchDetail>;
type Range = readonly [number, number];

/** Headcount bands of companies when a search sets none, with their relative frequency. */
const DEFAULT_RANGES: readonly (readonly [Range, number])[] = [
  [[1, 10], 10],
  [[11, 50], 20],
  [[51, 200], 28],
  [[201, 500], 18],
  [[501, 1000], 10],
  [[1001, 5000], 9],
  [[5001, 10000], 3],
  [[10001, 50000], 2],
];

/** What a search draws its people from. */
type Audience = {
  key: number;
  total: number;
  titles: readonly (readonly [number, number])[];
  places: readonly number[];
  ranges: readonly (readonly [Range, number])[];
  industries: readonly (readonly [number, number])[];
  techId: number;
};

const parseRange = (range: string): Range => {
  const [min, max] = range.split(",").map((part) => Number.parseInt(part, 10));
  const low = Math.min(Math.max(1, min ?? 1), MAX_HEADCOUNT);
  const high = Number.isFinite(max) && (max ?? 0) >= low ? (max as number) : low * 5;
  return [low, Math.min(high, MAX_HEADCOUNT)];
};

/** What a search draws from: a pure function of seed and filters, so pages agree in any process. */
function audienceOf(seed: string, query: Query): Audience {
  const filters = JSON.stringify({ ...query, page: undefined, per_page: undefined });
  return buildAudience(hash32(seed, filters), query);
}

function buildAudience(key: number, query: Query): Audience {
  const seniorities: readonly string[] = query.person_seniorities;
  const senior = (id: number): boolean =>
    seniorities.length === 0 || seniorities.includes(TITLES[id]?.seniority ?? "");
  let titles: (readonly [number, number])[];
  if (query.person_titles.length > 0) {
    const { exact, similar } = titlesFor(query.person_titles);
    const exactOk = exact.filter(senior);
    const similarOk = query.include_similar_titles ? similar.filter(senior) : [];
    const exactIds = exactOk.length > 0 || similarOk.length > 0 ? exactOk : exact;
    // Exact titles make 60% of the audience when similar ones are wanted too.
    const exactShare = similarOk.length > 0 && exactIds.length > 0 ? 0.6 : 1;
    titles = [
      ...exactIds.map((id) => [id, exactShare / exactIds.length] as const),
      ...similarOk.map((id) => [id, (1 - exactShare) / similarOk.length] as const),
    ];
  } else {
    titles = TITLES.flatMap((_, id) => (senior(id) ? [[id, 1] as const] : []));
  }
  if (titles.length === 0) {
    titles = TITLES.flatMap((_, id) => (senior(id) ? [[id, 1] as const] : []));
  }
  if (titles.length === 0) titles = TITLES.map((_, id) => [id, 1] as const);
  const wantedIndustries = industriesFor(query.q_keywords);
  const industries = INDUSTRIES.flatMap((industry, id) =>
    wantedIndustries.length === 0 || wantedIndustries.includes(id)
      ? [[id, industry.weight] as const]
      : [],
  );
  const tech = technologyFor(query.q_keywords);
  return {
    key,
    total: 50_000 + (key % 75_000),
    titles,
    places: placesFor(query.organization_locations),
    ranges:
      query.organization_num_employees_ranges.length > 0
        ? query.organization_num_employees_ranges.map((range) => [parseRange(range), 1] as const)
        : DEFAULT_RANGES,
    industries,
    techId: tech === null ? 0 : tech + 1,
  };
}

const headcountIn = (rng: Rng, [min, max]: Range): number => {
  const value = Math.floor(
    Math.exp(Math.log(min) + rng.next() * (Math.log(max + 1) - Math.log(min))),
  );
  return Math.min(Math.max(value, min), max);
};

function describe(seed: string, audience: Audience, index: number): PersonDescriptor {
  const rng = createRng(seed, "draw", audience.key, index);
  return {
    personKey: hash32(seed, "person-key", audience.key, index),
    titleId: rng.weighted(audience.titles),
    placeId: rng.pick(audience.places),
    industryId: rng.weighted(audience.industries),
    headcount: headcountIn(rng, rng.weighted(audience.ranges)),
    techId: audience.techId,
  };
}

function searchHit(seed: string, d: PersonDescriptor): TApolloSearchPerson {
  const { first, last } = namesOf(seed, d);
  return {
    id: encodePersonId(seed, d),
    first_name: first,
    last_name_obfuscated: obfuscate(last),
    title: TITLES[d.titleId]?.title ?? null,
    last_refreshed_at: lastRefreshedAt(seed, d),
    has_email: hasEmail(seed, d),
    has_direct_phone: hash32(seed, "phone", d.personKey) % 3 === 0,
    organization: { name: companyNameOf(seed, d), has_industry: true, has_employee_count: true },
  };
}

/** One page of `POST /mixed_people/api_search` for the query: stable for a seed, query and page. */
export function sandboxSearch(
  seed: string,
  query: Query,
): TApolloSearchResponse & { people: TApolloSearchPerson[] } {
  const audience = audienceOf(seed, query);
  const start = (query.page - 1) * query.per_page;
  const end = Math.min(audience.total, start + query.per_page);
  const people: TApolloSearchPerson[] = [];
  for (let index = start; index < end; index++) {
    people.push(searchHit(seed, describe(seed, audience, index)));
  }
  return { total_entries: audience.total, people };
}

const isKnown = (d: PersonDescriptor): boolean =>
  d.titleId < TITLES.length && d.placeId < PLACES.length && d.industryId < INDUSTRIES.length;

/**
 * A person found by name, email, LinkedIn URL or company rather than by an id from a search: built
 * around what the detail gives, null for ~2% as with ids.
 */
function lookUp(seed: string, detail: Detail): TApolloPerson | null {
  const key = JSON.stringify(Object.entries(detail).sort(([a], [b]) => a.localeCompare(b)));
  if (unit(seed, "lookup-miss", key) < APOLLO_NULL_MATCH_RATE) return null;
  const rng = createRng(seed, "lookup", key);
  const person = buildPerson(seed, {
    personKey: hash32(seed, "lookup-key", key),
    titleId: rng.int(0, TITLES.length - 1),
    placeId: rng.int(0, PLACES.length - 1),
    industryId: rng.weighted(INDUSTRIES.map((industry, id) => [id, industry.weight] as const)),
    headcount: headcountIn(rng, rng.weighted(DEFAULT_RANGES)),
    techId: 0,
  });
  const [nameFirst, ...nameRest] = detail.name?.split(/\s+/) ?? [];
  const first = detail.first_name ?? nameFirst ?? person.first_name;
  const last = detail.last_name ?? (nameRest.length > 0 ? nameRest.join(" ") : person.last_name);
  const org = person.organization ?? {};
  return {
    ...person,
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    email: detail.email ?? person.email,
    linkedin_url: detail.linkedin_url ?? person.linkedin_url,
    organization: {
      ...org,
      name: detail.organization_name ?? org.name,
      primary_domain: detail.domain ?? org.primary_domain,
      website_url: detail.domain ? `http://www.${detail.domain}` : org.website_url,
    },
  };
}

/** The person a detail names, or null (unknown id, or one of the ~2% Apollo cannot enrich). */
export function sandboxMatch(seed: string, detail: Detail): TApolloPerson | null {
  if (!detail.id) return lookUp(seed, detail);
  const d = decodePersonId(seed, detail.id);
  if (!d || !isKnown(d) || isNullMatch(seed, d)) return null;
  return buildPerson(seed, d);
}

/** `POST /people/bulk_match` for the details: positional matches, a credit per person found. */
export function sandboxBulkMatch(
  seed: string,
  details: readonly Detail[],
): TApolloBulkMatchResponse & { credits_consumed: number } {
  const matches = details.map((detail) => sandboxMatch(seed, detail));
  const found = matches.filter((match) => match !== null).length;
  return {
    status: "success",
    credits_consumed: found,
    total_requested_enrichments: details.length,
    unique_enriched_records: found,
    missing_records: details.length - found,
    matches,
  };
}
