// The live Apollo client against msw: field mapping, request shape, input limits, and every
// failure mapped to the error Inngest needs (RetryAfter, NonRetriable, retryable), key-free.
import { NonRetriableError, RetryAfterError } from "inngest";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  APOLLO_BASE_URL,
  type ApolloClient,
  alignMatches,
  createApolloClient,
} from "../../lib/providers/apollo.ts";
import type { ApolloSearchQuery } from "../../lib/providers/apollo-query.ts";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  APOLLO_TEST_KEY,
  type ApolloMockOptions,
  apolloBulkMatchResponse,
  apolloHandlers,
  apolloOrganization,
  apolloPerson,
  apolloSearchPerson,
  apolloSearchResponse,
} from "../msw/apollo.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();
const NOW = Date.UTC(2025, 5, 2, 12, 0, 15, 250);

const QUERY: ApolloSearchQuery = {
  person_titles: ["VP Sales", "Chief Revenue Officer"],
  include_similar_titles: true,
  person_seniorities: ["c_suite", "vp"],
  organization_num_employees_ranges: ["51,200", "201,500"],
  organization_locations: [],
  page: 2,
  per_page: 25,
};

function setup(options: ApolloMockOptions = {}, apiKey = APOLLO_TEST_KEY) {
  const mock = apolloHandlers(options);
  server.use(...mock.handlers);
  const client: ApolloClient = createApolloClient({ apiKey, now: () => NOW });
  return { mock, client };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `apollo-${i}` }));

describe("Apollo searchPeople", () => {
  it("maps search hits and sends the filters with the key header", async () => {
    const { mock, client } = setup({
      search: () =>
        apolloSearchResponse(
          [
            apolloSearchPerson(),
            apolloSearchPerson({ id: "p2", title: null, organization: null, has_email: false }),
          ],
          4_812,
        ),
    });
    const result = await client.searchPeople(QUERY);
    expect(result.totalEntries).toBe(4_812);
    expect(result.people).toEqual([
      {
        apolloId: "64a7f3c2e1b9d40001a1b2c3",
        firstName: "Dana",
        lastNameObfuscated: "Wh***d",
        title: "VP Sales",
        organizationName: "Northwind Analytics",
        hasEmail: true,
      },
      {
        apolloId: "p2",
        firstName: "Dana",
        lastNameObfuscated: "Wh***d",
        title: null,
        organizationName: null,
        hasEmail: false,
      },
    ]);
    const [request] = mock.requests;
    expect(request?.url.pathname).toBe("/api/v1/mixed_people/api_search");
    expect(request?.headers.get("x-api-key")).toBe(APOLLO_TEST_KEY);
    expect(request?.body).toEqual({
      person_titles: ["VP Sales", "Chief Revenue Officer"],
      include_similar_titles: true,
      person_seniorities: ["c_suite", "vp"],
      organization_num_employees_ranges: ["51,200", "201,500"],
      page: 2,
      per_page: 25,
    });
  });

  it("returns no people for an empty search", async () => {
    const { client } = setup({ scenario: "empty" });
    expect(await client.searchPeople(QUERY)).toEqual({ totalEntries: 0, people: [] });
  });

  it("refuses per_page over 100 and page over 500 without calling Apollo", async () => {
    const { mock, client } = setup();
    const big = await failure(client.searchPeople({ ...QUERY, per_page: 101 }));
    expect(big).toBeInstanceOf(NonRetriableError);
    expect(big.message).toContain("per_page is at most 100");
    const deep = await failure(client.searchPeople({ ...QUERY, page: 501 }));
    expect(deep.message).toContain("page is at most 500");
    expect(mock.requests).toHaveLength(0);
  });

  it("names the failing field of a malformed search body", async () => {
    const { client } = setup({ scenario: "malformed" });
    const error = await failure(client.searchPeople(QUERY));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error).not.toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "Apollo /mixed_people/api_search: people[1].id: expected string, got number",
    );
  });
});

describe("Apollo bulkMatch", () => {
  it("maps the documented person fields into a profile", async () => {
    const { mock, client } = setup({
      bulkMatch: () =>
        apolloBulkMatchResponse([
          apolloPerson({ email_status: "likely to engage", departments: null }),
        ]),
    });
    const result = await client.bulkMatch([{ id: "64a7f3c2e1b9d40001a1b2c3" }]);
    expect(result.creditsConsumed).toBe(1);
    expect(result.matches).toEqual([
      {
        apolloId: "64a7f3c2e1b9d40001a1b2c3",
        firstName: "Dana",
        lastName: "Whitfield",
        title: "VP Sales",
        headline: "VP Sales at Northwind Analytics",
        seniority: "vp",
        departments: [],
        city: "Austin",
        state: "Texas",
        country: "United States",
        email: "dana.whitfield@northwindanalytics.com",
        emailStatus: "likely_to_engage",
        emailSource: "apollo",
        linkedinUrl: "http://www.linkedin.com/in/dana-whitfield-4b1a2c",
        company: {
          name: "Northwind Analytics",
          domain: "northwindanalytics.com",
          websiteUrl: "http://www.northwindanalytics.com",
          linkedinUrl: "http://www.linkedin.com/company/northwind-analytics",
          industry: "computer software",
          employees: 240,
          annualRevenue: 38_500_000,
          foundedYear: 2014,
          technologies: ["Salesforce", "Gong", "Slack", "Google Analytics", "HubSpot"],
        },
      },
    ]);
    expect(mock.requests[0]?.body).toEqual({
      details: [{ id: "64a7f3c2e1b9d40001a1b2c3" }],
      reveal_personal_emails: false,
    });
  });

  it("has no email source when Apollo has no (or only a locked) email", async () => {
    const { client } = setup({
      bulkMatch: () =>
        apolloBulkMatchResponse([
          apolloPerson({ id: "a", email: null, email_status: "unavailable" }),
          apolloPerson({ id: "b", email: "email_not_unlocked@domain.com" }),
          apolloPerson({
            id: "c",
            organization: apolloOrganization({ primary_domain: null }),
          }),
        ]),
    });
    const { matches } = await client.bulkMatch([{ id: "a" }, { id: "b" }, { id: "c" }]);
    expect(matches[0]).toMatchObject({
      email: null,
      emailSource: null,
      emailStatus: "unavailable",
    });
    expect(matches[1]).toMatchObject({ email: null, emailSource: null });
    expect(matches[2]?.company.domain).toBe("northwindanalytics.com");
  });

  it("gives null for a match too thin to use (no first name or no company anywhere)", async () => {
    const { client } = setup({
      bulkMatch: () =>
        apolloBulkMatchResponse([
          apolloPerson({ id: "a", first_name: null, name: null }),
          apolloPerson({ id: "b", organization: null, employment_history: [] }),
          apolloPerson({ id: "c", organization: null }),
        ]),
    });
    const { matches } = await client.bulkMatch([{ id: "a" }, { id: "b" }, { id: "c" }]);
    expect(matches[0]).toBeNull();
    expect(matches[1]).toBeNull();
    expect(matches[2]?.company).toMatchObject({ name: "Northwind Analytics", domain: null });
  });

  it("serves a consistent world: people from a search match by id through HTTP", async () => {
    const { client } = setup({ seed: "e2e" });
    const { people, totalEntries } = await client.searchPeople({ ...QUERY, per_page: 10 });
    expect(totalEntries).toBeGreaterThanOrEqual(50_000);
    const { matches } = await client.bulkMatch(people.map((p) => ({ id: p.apolloId })));
    const pairs = people.map((person, i) => [person, matches[i]] as const);
    const found = pairs.filter(([, match]) => match !== null);
    expect(found.length).toBeGreaterThan(5);
    for (const [person, match] of found) {
      expect(match?.firstName).toBe(person.firstName);
      expect(match?.company.name).toBe(person.organizationName);
    }
  });

  it("keeps null matches in their positions", async () => {
    const { client } = setup({ scenario: "null-matches" });
    const details = ids(7).map((_, i) => ({
      first_name: `Ann${i}`,
      last_name: "Lee",
      domain: "x.com",
    }));
    const { matches } = await client.bulkMatch(details);
    expect(matches).toHaveLength(7);
    matches.forEach((match, i) => {
      if (i % 3 === 1) expect(match).toBeNull();
      else expect(match?.firstName).toBe(`Ann${i}`);
    });
  });

  it("lines matches up by id when Apollo leaves missing people out", async () => {
    const person = (id: string) => apolloPerson({ id });
    const details = [{ id: "a" }, { id: "b" }, { id: "c" }];
    const aligned = alignMatches(details, [person("c"), person("a")]);
    expect(aligned.map((match) => match?.id ?? null)).toEqual(["a", null, "c"]);
  });

  it("refuses more than 10 details and never sends reveal_phone_number", async () => {
    const { mock, client } = setup();
    const tooMany = await failure(client.bulkMatch(ids(11)));
    expect(tooMany).toBeInstanceOf(NonRetriableError);
    expect(tooMany.message).toContain("at most 10 details");
    const sneaky = [{ id: "a", reveal_phone_number: true }] as unknown as { id: string }[];
    const refused = await failure(client.bulkMatch(sneaky));
    expect(refused.message).toContain("reveal_phone_number");
    expect(mock.requests).toHaveLength(0);
  });

  it("spends nothing and calls nobody for no details", async () => {
    const { mock, client } = setup();
    expect(await client.bulkMatch([])).toEqual({ matches: [], creditsConsumed: 0 });
    expect(mock.requests).toHaveLength(0);
  });

  it("returns all nulls and no credits when nobody matched", async () => {
    const { client } = setup({ scenario: "empty" });
    expect(await client.bulkMatch(ids(3))).toEqual({
      matches: [null, null, null],
      creditsConsumed: 0,
    });
  });

  it("names the failing field of a malformed match body", async () => {
    const { client } = setup({ scenario: "malformed" });
    const error = await failure(client.bulkMatch(ids(5)));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe(
      "Apollo /people/bulk_match: matches[3].organization.estimated_num_employees: expected number, got string",
    );
  });
});

describe("Apollo failures", () => {
  it("turns a 429 with the minute window used up into a RetryAfterError until the next minute", async () => {
    const { client } = setup({ scenario: "rate-limited", rateLimit: { window: "minute" } });
    const error = await failure(client.searchPeople(QUERY));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe("45");
    expect(error.message).toContain("minute quota used up");
  });

  it.each([
    ["hourly", "3600"],
    ["daily", "86400"],
  ] as const)("waits out the %s window", async (window, seconds) => {
    const { client } = setup({ scenario: "rate-limited", rateLimit: { window } });
    const error = await failure(client.bulkMatch(ids(2)));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe(seconds);
  });

  it("prefers Retry-After when Apollo sends it", async () => {
    const { client } = setup({
      scenario: "rate-limited",
      rateLimit: { window: "daily", retryAfter: "17" },
    });
    const error = await failure(client.searchPeople(QUERY));
    expect((error as RetryAfterError).retryAfter).toBe("17");
  });

  it("says which key to check on 401", async () => {
    const { client } = setup({}, "wrong-key-0000");
    const error = await failure(client.searchPeople(QUERY));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "Apollo refused the API key (401): check APOLLO_API_KEY (Invalid access credentials.)",
    );
  });

  it("explains a 403 with Apollo's own words", async () => {
    const { client } = setup({ scenario: "forbidden" });
    const error = await failure(client.searchPeople(QUERY));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toContain("Apollo refused the API key (403): check APOLLO_API_KEY");
    expect(error.message).toContain("not accessible with this api_key on a free plan");
  });

  it("makes other 4xx NonRetriable with status and Apollo's text", async () => {
    server.use(
      http.post(`${APOLLO_BASE_URL}/people/bulk_match`, () =>
        HttpResponse.json({ error: "details[0] is invalid" }, { status: 422 }),
      ),
    );
    const client = createApolloClient({ apiKey: APOLLO_TEST_KEY });
    const error = await failure(client.bulkMatch(ids(1)));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "Apollo /people/bulk_match answered 422 Unprocessable Entity (details[0] is invalid)",
    );
  });

  it("leaves 5xx and network failures retryable", async () => {
    const { client } = setup({ scenario: "server-error" });
    const error = await failure(client.searchPeople(QUERY));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "Apollo /mixed_people/api_search answered 502 Bad Gateway (502 Bad Gateway)",
    );
    server.use(http.post(`${APOLLO_BASE_URL}/mixed_people/api_search`, () => HttpResponse.error()));
    const network = await failure(client.searchPeople(QUERY));
    expect(network.constructor).toBe(Error);
    expect(network.message).toContain("Apollo /mixed_people/api_search could not be reached");
  });

  it("never puts the API key in an error", async () => {
    for (const scenario of ["rate-limited", "forbidden", "malformed", "server-error"] as const) {
      const { client } = setup({ scenario });
      expectNoKey(await failure(client.searchPeople(QUERY)), APOLLO_TEST_KEY);
      expectNoKey(await failure(client.bulkMatch(ids(4))), APOLLO_TEST_KEY);
    }
    server.use(
      http.post(`${APOLLO_BASE_URL}/people/bulk_match`, ({ request }) =>
        HttpResponse.json(
          { error: `key ${request.headers.get("x-api-key")} is not valid here` },
          { status: 400 },
        ),
      ),
    );
    const echoed = await failure(createApolloClient({ apiKey: APOLLO_TEST_KEY }).bulkMatch(ids(1)));
    expect(echoed.message).toContain("key *** is not valid here");
    expectNoKey(echoed, APOLLO_TEST_KEY);
  });
});

describe("the Apollo msw handlers", () => {
  it("refuse what Apollo would refuse", async () => {
    const { mock } = setup();
    const post = (path: string, body: unknown, key = APOLLO_TEST_KEY) =>
      fetch(`${APOLLO_BASE_URL}${path}`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/people/bulk_match", { details: ids(11) })).status).toBe(422);
    const phone = await post("/people/bulk_match", { details: ids(1), reveal_phone_number: true });
    expect(phone.status).toBe(422);
    expect((await post("/mixed_people/api_search", { per_page: 101 })).status).toBe(422);
    expect((await post("/mixed_people/api_search", {}, "nope")).status).toBe(401);
    expect(mock.requests).toHaveLength(4);
  });
});
