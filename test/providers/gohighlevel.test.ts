// GoHighLevel's contact search for the dispatch dedup: the live client against msw (one search per
// normalised email with Bearer and Version headers, found/not-found mapping, at most five at once,
// failures mapped for Inngest with the token in no error) and the seeded sandbox CRM.
import { NonRetriableError, RetryAfterError } from "inngest";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  createGoHighLevelClient,
  GOHIGHLEVEL_BASE_URL,
  type GoHighLevelClientOptions,
} from "../../lib/providers/gohighlevel.ts";
import {
  createGoHighLevelSandbox,
  GOHIGHLEVEL_SANDBOX_FOUND_RATE,
  sandboxContact,
} from "../../lib/providers/gohighlevel-sandbox.ts";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  GHL_RETRY_AFTER,
  GHL_TEST_LOCATION_ID,
  GHL_TEST_TOKEN,
  type GoHighLevelMockOptions,
  goHighLevelContact,
  goHighLevelHandlers,
} from "../msw/gohighlevel.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();
const NOW = Date.UTC(2025, 5, 3, 9, 0, 0);

function client(overrides: Partial<GoHighLevelClientOptions> = {}) {
  return createGoHighLevelClient({
    token: GHL_TEST_TOKEN,
    locationId: GHL_TEST_LOCATION_ID,
    minIntervalMs: 0,
    now: () => NOW,
    ...overrides,
  });
}

function setup(
  options: GoHighLevelMockOptions = {},
  overrides: Partial<GoHighLevelClientOptions> = {},
) {
  const mock = goHighLevelHandlers(options);
  server.use(...mock.handlers);
  return { mock, client: client(overrides) };
}

const DANA = "dana.whitfield@northwindanalytics.com";
const PRIYA = "priya.iyer@bluepeak.io";

describe("GoHighLevel findContactsByEmail", () => {
  it("searches by the normalised email with Bearer and Version headers", async () => {
    const { mock, client } = setup({
      contacts: { [DANA]: goHighLevelContact({ id: "pQ7xK2mN9rT4vW1yZ3aB", email: DANA }) },
    });
    const found = await client.findContactsByEmail(["  Dana.Whitfield@NorthwindAnalytics.com "]);
    expect(found).toEqual(
      new Map([[DANA, { contactId: "pQ7xK2mN9rT4vW1yZ3aB", tags: ["contacted", "q2-outbound"] }]]),
    );
    const [request] = mock.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe(`${GOHIGHLEVEL_BASE_URL}/contacts/search`);
    expect(request?.headers.get("authorization")).toBe(`Bearer ${GHL_TEST_TOKEN}`);
    expect(request?.headers.get("version")).toBe("2021-07-28");
    expect(request?.headers.get("content-type")).toContain("application/json");
    expect(request?.body).toEqual({
      locationId: GHL_TEST_LOCATION_ID,
      page: 1,
      pageLimit: 1,
      filters: [{ field: "email", operator: "eq", value: DANA }],
    });
  });

  it("returns only the emails found, each searched once, blanks skipped", async () => {
    const { mock, client } = setup({
      contacts: {
        [DANA]: goHighLevelContact({ email: DANA, tags: null }),
        [PRIYA]: null,
        "no.email@x.io": goHighLevelContact({ id: "c-no-email", email: undefined, tags: ["a"] }),
        "other@x.io": goHighLevelContact({ id: "c-other", email: "someone.else@x.io" }),
      },
    });
    const found = await client.findContactsByEmail([
      DANA,
      PRIYA,
      DANA.toUpperCase(),
      "  ",
      "no.email@x.io",
      "other@x.io",
    ]);
    expect([...found.entries()].sort()).toEqual([
      [DANA, { contactId: "pQ7xK2mN9rT4vW1yZ3aB", tags: [] }],
      ["no.email@x.io", { contactId: "c-no-email", tags: ["a"] }],
    ]);
    const searched = mock.requests.map(
      (r) => (r.body as { filters: { value: string }[] }).filters[0]?.value,
    );
    expect(searched.sort()).toEqual([DANA, "no.email@x.io", "other@x.io", PRIYA].sort());
    expect(await client.findContactsByEmail([])).toEqual(new Map());
    expect(mock.requests).toHaveLength(4);
  });

  it("agrees with the sandbox CRM for the same seed", async () => {
    const emails = Array.from({ length: 60 }, (_, i) => `lead${i}@company${i}.com`);
    const { client } = setup({ seed: "crm" });
    const live = await client.findContactsByEmail(emails);
    expect(live.size).toBeGreaterThan(0);
    expect(live).toEqual(
      await createGoHighLevelSandbox({ seed: "crm" }).findContactsByEmail(emails),
    );
  });

  it("runs at most five searches at once", async () => {
    const { mock, client } = setup({ latencyMs: 30 });
    const emails = Array.from({ length: 17 }, (_, i) => `p${i}@x.io`);
    await client.findContactsByEmail(emails);
    expect(mock.requests).toHaveLength(17);
    expect(mock.stats.maxInFlight).toBe(5);
  });

  it("spaces the starts of searches to stay under the burst limit", async () => {
    const { mock, client } = setup({}, { minIntervalMs: 40 });
    const started = performance.now();
    await client.findContactsByEmail(["a@x.io", "b@x.io", "c@x.io", "d@x.io"]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(mock.requests).toHaveLength(4);
  });

  it("names the failing field of a malformed answer", async () => {
    server.use(
      http.post(`${GOHIGHLEVEL_BASE_URL}/contacts/search`, () =>
        HttpResponse.json({ contacts: [{ email: DANA }], total: 1 }),
      ),
    );
    const error = await failure(client().findContactsByEmail([DANA]));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe(
      "GoHighLevel /contacts/search: contacts[0].id: expected string, got undefined",
    );
  });

  it("refuses to search without a location id, naming GHL_LOCATION_ID", async () => {
    const { mock, client } = setup({}, { locationId: " " });
    const error = await failure(client.findContactsByEmail([DANA]));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toContain("set GHL_LOCATION_ID");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("GoHighLevel failures", () => {
  it("says which token to check on 401, without the token", async () => {
    for (const [options, token] of [
      [{ scenario: "unauthorized" }, GHL_TEST_TOKEN],
      [{}, "pit-wrong-token-271828"],
    ] as const) {
      const { client } = setup(options, { token });
      const error = await failure(client.findContactsByEmail([DANA]));
      expect(error).toBeInstanceOf(NonRetriableError);
      expect(error.message).toBe(
        "GoHighLevel refused the API key (401): check GHL_API_TOKEN (Invalid JWT)",
      );
      expectNoKey(error, token);
    }
  });

  it("waits as told on 429, then goes through", async () => {
    const { client } = setup({
      scenario: "rateLimitOnce",
      contacts: { [DANA]: goHighLevelContact() },
    });
    const error = await failure(client.findContactsByEmail([DANA]));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe(GHL_RETRY_AFTER);
    expect(error.message).toMatch(/^GoHighLevel \/contacts\/search rate-limited \(429/);
    expect((await client.findContactsByEmail([DANA])).has(DANA)).toBe(true);
  });

  it("stops starting searches once one fails", async () => {
    const { mock, client } = setup({ scenario: "serverError" });
    const emails = Array.from({ length: 40 }, (_, i) => `p${i}@x.io`);
    const error = await failure(client.findContactsByEmail(emails));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "GoHighLevel /contacts/search answered 502 Bad Gateway (Bad gateway)",
    );
    expect(mock.requests.length).toBeLessThanOrEqual(10);
  });

  it("never puts the token in an error, network failures included", async () => {
    const errors: Error[] = [];
    for (const scenario of ["serverError", "rateLimitOnce", "unauthorized"] as const) {
      const { client } = setup({ scenario });
      errors.push(await failure(client.findContactsByEmail([DANA])));
    }
    server.use(http.post(`${GOHIGHLEVEL_BASE_URL}/contacts/search`, () => HttpResponse.error()));
    const network = await failure(client().findContactsByEmail([DANA]));
    expect(network.constructor).toBe(Error);
    expect(network.message).toContain("GoHighLevel /contacts/search could not be reached");
    errors.push(network);
    for (const error of errors) expectNoKey(error, GHL_TEST_TOKEN);
  });
});

describe("GoHighLevel sandbox", () => {
  const emails = Array.from({ length: 4_000 }, (_, i) => `person${i}@company${i % 900}.com`);

  it("holds a fixed ~5% of emails, with stable ids and the tag 'contacted'", async () => {
    const sandbox = createGoHighLevelSandbox({ seed: "crm" });
    expect(sandbox.kind).toBe("sandbox");
    const found = await sandbox.findContactsByEmail(emails);
    const share = found.size / emails.length;
    expect(share).toBeGreaterThan(GOHIGHLEVEL_SANDBOX_FOUND_RATE / 2);
    expect(share).toBeLessThan(GOHIGHLEVEL_SANDBOX_FOUND_RATE * 2);
    for (const [email, contact] of found) {
      expect(contact.contactId).toMatch(/^[0-9A-Za-z]{20}$/);
      expect(contact.tags).toEqual(["contacted"]);
      expect(sandboxContact("crm", email)).toEqual(contact);
    }
    expect(await createGoHighLevelSandbox({ seed: "crm" }).findContactsByEmail(emails)).toEqual(
      found,
    );
    const other = await createGoHighLevelSandbox({ seed: "other" }).findContactsByEmail(emails);
    expect([...other.keys()]).not.toEqual([...found.keys()]);
  });

  it("normalises emails like the live client", async () => {
    const sandbox = createGoHighLevelSandbox({ seed: "crm" });
    const [email] = (await sandbox.findContactsByEmail(emails)).keys();
    if (!email) throw new Error("expected one email in the sandbox CRM");
    const found = await sandbox.findContactsByEmail([` ${email.toUpperCase()} `, "", email]);
    expect([...found.keys()]).toEqual([email]);
  });
});
