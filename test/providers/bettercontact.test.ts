// The live BetterContact client against msw: the submit body (uuid in custom_fields, emails only),
// polling until "terminated", result mapping, and failures mapped for Inngest, key-free.
import { NonRetriableError, RetryAfterError } from "inngest";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  BETTERCONTACT_BASE_URL,
  createBetterContactClient,
} from "../../lib/providers/bettercontact.ts";
import type { BetterContactInput } from "../../lib/providers/bettercontact-input.ts";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  BETTERCONTACT_TEST_KEY,
  type BetterContactMockOptions,
  betterContactContact,
  betterContactHandlers,
  betterContactPollResponse,
} from "../msw/bettercontact.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();

const contacts = (n: number): BetterContactInput[] =>
  Array.from({ length: n }, (_, i) => ({
    uuid: `lead-${i}`,
    firstName: ["Dana", "Priya", "Marcus", "Sofia"][i % 4] ?? "Dana",
    lastName: ["Whitfield", "Iyer", "Brooks", "Rossi"][i % 4] ?? "Whitfield",
    company: "Northwind Analytics",
    companyDomain: "northwindanalytics.com",
    linkedinUrl: i % 2 === 0 ? `https://www.linkedin.com/in/person-${i}` : null,
  }));

function setup(options: BetterContactMockOptions = {}, apiKey = BETTERCONTACT_TEST_KEY) {
  const mock = betterContactHandlers(options);
  server.use(...mock.handlers);
  return { mock, client: createBetterContactClient({ apiKey }) };
}

describe("BetterContact submit and poll", () => {
  it("submits contacts with our uuid and emails only, under the X-API-Key header", async () => {
    const { mock, client } = setup();
    const { requestId } = await client.submit(contacts(2));
    expect(mock.jobs.has(requestId)).toBe(true);
    const [request] = mock.requests;
    expect(request?.headers.get("X-API-Key")).toBe(BETTERCONTACT_TEST_KEY);
    expect(request?.body).toEqual({
      data: [
        {
          first_name: "Dana",
          last_name: "Whitfield",
          company: "Northwind Analytics",
          company_domain: "northwindanalytics.com",
          linkedin_url: "https://www.linkedin.com/in/person-0",
          custom_fields: { uuid: "lead-0" },
        },
        {
          first_name: "Priya",
          last_name: "Iyer",
          company: "Northwind Analytics",
          company_domain: "northwindanalytics.com",
          custom_fields: { uuid: "lead-1" },
        },
      ],
      enrich_email_address: true,
      enrich_phone_number: false,
    });
  });

  it("reports progress until terminated, then every contact by uuid", async () => {
    const { client } = setup({ pendingPolls: 2 });
    const { requestId } = await client.submit(contacts(40));
    expect(await client.poll(requestId)).toEqual({
      done: false,
      status: "processing",
      results: [],
      creditsConsumed: 0,
    });
    expect((await client.poll(requestId)).done).toBe(false);
    const done = await client.poll(requestId);
    expect(done.done).toBe(true);
    expect(done.results.map((result) => result.uuid)).toEqual(contacts(40).map((c) => c.uuid));
    const found = done.results.filter((result) => result.email !== null);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(40);
    expect(done.creditsConsumed).toBe(found.length);
    for (const result of found) {
      expect(result.email).toMatch(/@northwindanalytics\.com$/);
      expect(["deliverable", "catch_all_safe", "catch_all_not_safe"]).toContain(result.emailStatus);
    }
    for (const result of done.results.filter((r) => r.email === null)) {
      expect(result).toMatchObject({ enriched: false, emailStatus: "not_found" });
    }
  });

  it("maps a documented result row, reading 'valid' as deliverable", async () => {
    server.use(
      http.get(`${BETTERCONTACT_BASE_URL}/async/:id`, () =>
        HttpResponse.json(
          betterContactPollResponse([
            betterContactContact({ contact_email_address_status: "valid" }),
            betterContactContact({
              enriched: false,
              contact_email_address: "",
              contact_email_address_status: "not_found",
              custom_fields: { uuid: "lead-2" },
            }),
            betterContactContact({ custom_fields: [{ name: "other", value: "x" }] }),
          ]),
        ),
      ),
    );
    const client = createBetterContactClient({ apiKey: BETTERCONTACT_TEST_KEY });
    const poll = await client.poll("8a3c2f1e-6b4d-4e5f-9a7b-1c2d3e4f5a6b");
    expect(poll).toEqual({
      done: true,
      status: "terminated",
      creditsConsumed: 2,
      results: [
        {
          uuid: "lead-1",
          enriched: true,
          email: "dana.whitfield@northwindanalytics.com",
          emailStatus: "deliverable",
          firstName: "Dana",
          lastName: "Whitfield",
          jobTitle: "VP Sales",
          linkedinUrl: "https://www.linkedin.com/in/dana-whitfield-4b1a2c",
          companyName: "Northwind Analytics",
          companyDomain: "northwindanalytics.com",
        },
        expect.objectContaining({
          uuid: "lead-2",
          enriched: false,
          email: null,
          emailStatus: "not_found",
        }),
      ],
    });
  });

  it("accepts custom_fields echoed back as an object", async () => {
    const { client } = setup({ customFields: "object", deliverableWord: "valid" });
    const { requestId } = await client.submit(contacts(3));
    const poll = await client.poll(requestId);
    expect(poll.results.map((result) => result.uuid)).toEqual(["lead-0", "lead-1", "lead-2"]);
    expect(poll.results.map((result) => result.emailStatus)).not.toContain(null);
  });

  it("refuses empty, oversized, duplicate or unidentifiable batches without calling", async () => {
    const { mock, client } = setup();
    expect((await failure(client.submit([]))).message).toContain("no contacts");
    const big = await failure(client.submit(contacts(101)));
    expect(big).toBeInstanceOf(NonRetriableError);
    expect(big.message).toContain("at most 100 contacts");
    const [first] = contacts(1);
    const twice = await failure(client.submit([first, first] as BetterContactInput[]));
    expect(twice.message).toContain("contacts[1].uuid: duplicate uuid lead-0");
    const bare = await failure(
      client.submit([{ uuid: "x", firstName: "A", lastName: "B", company: null }]),
    );
    expect(bare.message).toContain("needs a company");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("BetterContact failures", () => {
  it("makes an unknown request id (406) NonRetriable", async () => {
    const { client } = setup();
    const error = await failure(client.poll("no-such-request"));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "BetterContact does not know request no-such-request (406) (Request not found)",
    );
  });

  it("retries a 429 after Retry-After", async () => {
    const { client } = setup({ scenario: "rate-limited" });
    const error = await failure(client.submit(contacts(1)));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe("20");
  });

  it("says which key to check on 401", async () => {
    const { client } = setup({}, "not-the-key");
    const error = await failure(client.submit(contacts(1)));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "BetterContact refused the API key (401): check BETTERCONTACT_API_KEY (Invalid API key)",
    );
  });

  it("names the failing field of a malformed poll body", async () => {
    const { client } = setup({ scenario: "malformed" });
    const { requestId } = await client.submit(contacts(2));
    const error = await failure(client.poll(requestId));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe(
      "BetterContact /async/{id}: data[0].contact_email_address: expected string, got number",
    );
  });

  it("leaves a 500 retryable and never shows the key", async () => {
    const { client } = setup({ scenario: "server-error" });
    const error = await failure(client.submit(contacts(1)));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "BetterContact /async answered 500 Internal Server Error (Internal server error)",
    );
    for (const scenario of ["rate-limited", "unauthorized", "server-error"] as const) {
      const { client: other } = setup({ scenario });
      expectNoKey(await failure(other.submit(contacts(1))), BETTERCONTACT_TEST_KEY);
      expectNoKey(await failure(other.poll("abc")), BETTERCONTACT_TEST_KEY);
    }
  });
});
