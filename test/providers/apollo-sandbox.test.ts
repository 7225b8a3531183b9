// The Apollo sandbox: deterministic per seed, plausible for the query, consistent between search
// and match, with the designed miss rates (≈2% null matches, ≈10% without email), and fast.
import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { canonicalLinkedinUrl } from "../../lib/leads/identity.ts";
import type { TPersonProfile, TSearchPerson } from "../../lib/leads/profile.ts";
import { ZPersonProfile } from "../../lib/leads/profile.ts";
import type { ApolloClient } from "../../lib/providers/apollo.ts";
import type { ApolloSearchQuery } from "../../lib/providers/apollo-query.ts";
import { createApolloSandbox } from "../../lib/providers/apollo-sandbox.ts";
import {
  ZApolloBulkMatchResponse,
  ZApolloSearchResponse,
} from "../../lib/providers/apollo-schemas.ts";
import { encodePersonId } from "../../lib/providers/sandbox/apollo-id.ts";
import { sandboxBulkMatch, sandboxSearch } from "../../lib/providers/sandbox/apollo-world.ts";
import { failure } from "./support.ts";

const QUERY: ApolloSearchQuery = {
  person_titles: ["VP Sales", "Chief Revenue Officer", "Head of Revenue Operations", "COO"],
  include_similar_titles: true,
  person_seniorities: ["c_suite", "vp", "head", "director"],
  organization_num_employees_ranges: ["51,200", "201,500", "501,1000"],
  organization_locations: ["United States"],
  page: 1,
  per_page: 100,
};

/** Search pages 1..n and bulk-match everyone, ten at a time. */
async function run(client: ApolloClient, pages: number, query = QUERY) {
  const people: TSearchPerson[] = [];
  const matches: (TPersonProfile | null)[] = [];
  let credits = 0;
  for (let page = 1; page <= pages; page++) {
    const result = await client.searchPeople({ ...query, page });
    people.push(...result.people);
    for (let i = 0; i < result.people.length; i += 10) {
      const batch = result.people.slice(i, i + 10).map((person) => ({ id: person.apolloId }));
      const matched = await client.bulkMatch(batch);
      matches.push(...matched.matches);
      credits += matched.creditsConsumed;
    }
  }
  return { people, matches, credits };
}

describe("Apollo sandbox determinism", () => {
  it("gives identical output for the same seed and input", async () => {
    const a = await run(createApolloSandbox({ seed: "s1" }), 2);
    const b = await run(createApolloSandbox({ seed: "s1" }), 2);
    expect(b).toEqual(a);
  });

  it("gives different people for a different seed", async () => {
    const a = await createApolloSandbox({ seed: "s1" }).searchPeople(QUERY);
    const b = await createApolloSandbox({ seed: "s2" }).searchPeople(QUERY);
    expect(b.people.map((p) => p.apolloId)).not.toEqual(a.people.map((p) => p.apolloId));
    const names = (r: typeof a) => r.people.map((p) => `${p.firstName} ${p.organizationName}`);
    expect(names(b)).not.toEqual(names(a));
  });

  it("pages consistently: a page is stable and pages partition one ordering", async () => {
    const client = createApolloSandbox({ seed: "pages" });
    const wide = await client.searchPeople({ ...QUERY, page: 1, per_page: 30 });
    const narrow = [1, 2, 3].map((page) => client.searchPeople({ ...QUERY, page, per_page: 10 }));
    const stitched = (await Promise.all(narrow)).flatMap((r) => r.people);
    expect(stitched).toEqual(wide.people);
    expect(new Set(wide.people.map((p) => p.apolloId)).size).toBe(30);
  });
});

describe("Apollo sandbox realism", () => {
  it("has thousands of entries and full pages up to page 500", async () => {
    const client = createApolloSandbox({ seed: "deep" });
    const last = await client.searchPeople({ ...QUERY, page: 500 });
    expect(last.totalEntries).toBeGreaterThanOrEqual(50_000);
    expect(last.people).toHaveLength(100);
  });

  it("returns people who fit the query's titles, seniorities, sizes and locations", async () => {
    const { people, matches } = await run(createApolloSandbox({ seed: "fit" }), 3);
    const profiles = matches.filter((m): m is TPersonProfile => m !== null);
    expect(profiles.length).toBeGreaterThan(280);
    for (const profile of profiles) {
      expect(["c_suite", "vp", "head", "director"]).toContain(profile.seniority);
      expect(profile.country).toBe("United States");
      expect(profile.company.employees).toBeGreaterThanOrEqual(51);
      expect(profile.company.employees).toBeLessThanOrEqual(1000);
      expect(ZPersonProfile.safeParse(profile).success).toBe(true);
    }
    const titles = new Set(people.map((p) => p.title));
    for (const exact of [
      "VP Sales",
      "Chief Revenue Officer",
      "Head of Revenue Operations",
      "COO",
    ]) {
      expect(titles).toContain(exact);
    }
    const exactShare = people.filter((p) =>
      /^(VP Sales|VP of Sales|Vice President of Sales|Chief Revenue Officer|CRO|Head of Revenue Operations|COO|Chief Operating Officer)$/.test(
        p.title ?? "",
      ),
    ).length;
    expect(exactShare / people.length).toBeGreaterThan(0.45);
  });

  it("keeps exact titles only when similar ones are not wanted", async () => {
    const client = createApolloSandbox({ seed: "exact" });
    const result = await client.searchPeople({
      ...QUERY,
      person_titles: ["VP Sales"],
      include_similar_titles: false,
    });
    for (const person of result.people) {
      expect(["VP Sales", "VP of Sales", "Vice President of Sales"]).toContain(person.title);
    }
  });

  it("gives companies of a required technology from q_keywords, and other stacks too", async () => {
    const client = createApolloSandbox({ seed: "tech" });
    const gong = await run(client, 1, { ...QUERY, q_keywords: "Gong" });
    for (const match of gong.matches)
      if (match) expect(match.company.technologies).toContain("Gong");
    const plain = await run(client, 2);
    const stacks = plain.matches.flatMap((m) => m?.company.technologies ?? []);
    const share = (tech: string) => stacks.filter((t) => t === tech).length / plain.matches.length;
    expect(share("Salesforce")).toBeGreaterThan(0.3);
    expect(share("HubSpot")).toBeGreaterThan(0.15);
    expect(share("Gong")).toBeGreaterThan(0.05);
    expect(share("Gong")).toBeLessThan(0.35);
  });

  it("misses about 2% of matches and about 10% of emails over 1,000 people", async () => {
    const { matches, credits } = await run(createApolloSandbox({ seed: "rates" }), 10);
    expect(matches).toHaveLength(1_000);
    const nulls = matches.filter((m) => m === null).length;
    const found = matches.filter((m): m is TPersonProfile => m !== null);
    const noEmail = found.filter((m) => m.email === null).length;
    expect(nulls).toBeGreaterThanOrEqual(8);
    expect(nulls).toBeLessThanOrEqual(35);
    expect(noEmail / found.length).toBeGreaterThan(0.06);
    expect(noEmail / found.length).toBeLessThan(0.14);
    expect(credits).toBe(found.length);
    for (const person of found.filter((m) => m.email)) {
      expect(person.email).toMatch(new RegExp(`@${person.company.domain?.replace(/\./g, "\\.")}$`));
      expect(person.emailSource).toBe("apollo");
    }
  });
});

describe("Apollo sandbox search/match consistency", () => {
  it("matches each searched id to the same person, position by position", async () => {
    const client = createApolloSandbox({ seed: "consistent" });
    const { people, matches } = await run(client, 2);
    let checked = 0;
    people.forEach((person, i) => {
      const match = matches[i];
      if (!match) return;
      checked++;
      expect(match.apolloId).toBe(person.apolloId);
      expect(match.firstName).toBe(person.firstName);
      expect(match.title).toBe(person.title);
      expect(match.company.name).toBe(person.organizationName);
      expect(match.email !== null).toBe(person.hasEmail);
      expect(person.lastNameObfuscated?.slice(0, 2)).toBe(match.lastName.slice(0, 2));
      expect(match.lastName.length).toBeGreaterThan(1);
      expect(canonicalLinkedinUrl(match.linkedinUrl)).not.toBeNull();
      expect(match.company.domain).toMatch(/^[a-z0-9]+\.(com|io|co|ai|net)$/);
      expect(match.company.industry).toBeTruthy();
    });
    expect(checked).toBeGreaterThan(180);
  });

  it("matches an id from a fresh client of the same seed, and no id of another seed", async () => {
    const [person] = (await createApolloSandbox({ seed: "a" }).searchPeople(QUERY)).people;
    const id = person?.apolloId ?? "";
    const again = await createApolloSandbox({ seed: "a" }).bulkMatch([{ id }, { id: "nope" }]);
    expect(again.matches[0]?.firstName).toBe(person?.firstName);
    expect(again.matches[0]?.title).toBe(person?.title);
    expect(again.matches[1]).toBeNull();
    const other = await createApolloSandbox({ seed: "b" }).bulkMatch([{ id }]);
    expect(other.matches).toEqual([null]);
  });

  it("finds people by name and company too", async () => {
    const client = createApolloSandbox({ seed: "lookup" });
    const { matches } = await client.bulkMatch([
      { first_name: "Dana", last_name: "Whitfield", organization_name: "Acme", domain: "acme.com" },
    ]);
    expect(matches[0]).toMatchObject({
      firstName: "Dana",
      lastName: "Whitfield",
      company: expect.objectContaining({ name: "Acme", domain: "acme.com" }),
    });
  });
});

describe("Apollo sandbox contract", () => {
  it("answers in the documented shapes", () => {
    const query = {
      ...QUERY,
      person_seniorities: [...QUERY.person_seniorities],
      q_keywords: undefined,
    };
    const search = sandboxSearch("shape", query);
    expect(ZApolloSearchResponse.safeParse(search).success).toBe(true);
    const match = sandboxBulkMatch(
      "shape",
      search.people.slice(0, 10).map(({ id }) => ({ id })),
    );
    expect(ZApolloBulkMatchResponse.safeParse(match).success).toBe(true);
  });

  it("refuses what the live client refuses", async () => {
    const client = createApolloSandbox({ seed: "limits" });
    expect(await failure(client.searchPeople({ ...QUERY, per_page: 101 }))).toBeInstanceOf(
      NonRetriableError,
    );
    expect(await failure(client.searchPeople({ ...QUERY, page: 501 }))).toBeInstanceOf(
      NonRetriableError,
    );
    const details = Array.from({ length: 11 }, (_, i) => ({ id: String(i) }));
    expect(await failure(client.bulkMatch(details))).toBeInstanceOf(NonRetriableError);
  });

  it("rejects descriptors an id cannot carry", () => {
    const d = { personKey: 1, titleId: 600, placeId: 0, industryId: 0, headcount: 10, techId: 0 };
    expect(() => encodePersonId("x", d)).toThrow("out of range");
  });

  it("spends only milliseconds on a 2,000-lead run", async () => {
    const client = createApolloSandbox({ seed: "speed" });
    await run(client, 1);
    const started = performance.now();
    const { matches } = await run(client, 20);
    const elapsed = performance.now() - started;
    expect(matches).toHaveLength(2_000);
    expect(elapsed).toBeLessThan(1_000);
  });
});
