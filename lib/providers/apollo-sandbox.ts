// The Apollo client for sandbox mode: same type and same input checks as the live one, answers
// built from the seed by sandbox/apollo-world.ts (documented shapes, checked against the schemas
// in tests) and normalised by the live client's mapping.
// No network, no delays.
import type { ApolloClient } from "./apollo.ts";
import { toPersonProfile, toSearchPerson } from "./apollo-map.ts";
import { parseMatchDetails, parseSearchQuery } from "./apollo-query.ts";
import { sandboxBulkMatch, sandboxSearch } from "./sandbox/apollo-world.ts";

/** A seeded, offline Apollo: the same seed and query always give the same people. */
export function createApolloSandbox(options: { seed: string }): ApolloClient {
  const { seed } = options;
  return {
    kind: "sandbox",
    async searchPeople(query) {
      const body = sandboxSearch(seed, parseSearchQuery(query));
      return { totalEntries: body.total_entries, people: body.people.map(toSearchPerson) };
    },
    async bulkMatch(details) {
      const body = sandboxBulkMatch(seed, parseMatchDetails(details));
      return {
        matches: body.matches.map((person) => (person ? toPersonProfile(person) : null)),
        creditsConsumed: body.credits_consumed,
      };
    },
  };
}
