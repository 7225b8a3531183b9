// createProviders: sandboxes everywhere in sandbox mode; in production a live client for each
// provider with a key and a sandbox for each without; the seed reaches the sandboxes.
import { describe, expect, it } from "vitest";
import { createProviders, type Providers } from "../../lib/providers/index.ts";

const KEYS = {
  APOLLO_API_KEY: "apollo-key-1234",
  BETTERCONTACT_API_KEY: "bc-key-1234",
  ZEROBOUNCE_API_KEY: "zb-key-1234",
};

const kinds = (providers: Providers) => ({
  apollo: providers.apollo.kind,
  betterContact: providers.betterContact.kind,
  zeroBounce: providers.zeroBounce.kind,
});

const QUERY = {
  person_titles: ["VP Sales"],
  include_similar_titles: true,
  person_seniorities: [],
  organization_num_employees_ranges: [],
  organization_locations: [],
  page: 1,
  per_page: 5,
};

describe("createProviders", () => {
  it("uses sandboxes for everything in sandbox mode, keys or not", () => {
    expect(kinds(createProviders({ mode: "sandbox", keys: KEYS }))).toEqual({
      apollo: "sandbox",
      betterContact: "sandbox",
      zeroBounce: "sandbox",
    });
  });

  it("uses live clients in production for every provider with a key", () => {
    expect(kinds(createProviders({ mode: "production", keys: KEYS }))).toEqual({
      apollo: "live",
      betterContact: "live",
      zeroBounce: "live",
    });
  });

  it("falls back to the sandbox in production for a missing or blank key", () => {
    const keys = { APOLLO_API_KEY: "apollo-key-1234", ZEROBOUNCE_API_KEY: "  " };
    expect(kinds(createProviders({ mode: "production", keys }))).toEqual({
      apollo: "live",
      betterContact: "sandbox",
      zeroBounce: "sandbox",
    });
  });

  it("passes the seed to the sandboxes", async () => {
    const search = (seed?: number | string) =>
      createProviders({ mode: "sandbox", keys: {}, ...(seed === undefined ? {} : { seed }) })
        .apollo.searchPeople(QUERY)
        .then((result) => result.people.map((person) => person.apolloId));
    expect(await search(7)).toEqual(await search("7"));
    expect(await search(7)).not.toEqual(await search(8));
    expect(await search()).toEqual(await search("alpha-swarm"));
  });

  it("passes the clock to the ZeroBounce sandbox", async () => {
    const at = Date.UTC(2030, 0, 1);
    const { zeroBounce } = createProviders({ mode: "sandbox", keys: {}, now: () => at });
    expect((await zeroBounce.validate("a@b.com")).checkedAt).toBe("2030-01-01T00:00:00.000Z");
  });
});
