// The live ZeroBounce client against msw: the key in the query (single) or body (batch), the
// mapping of verdicts ("true"/"false" strings, empty strings, timestamps), batch order, and
// failures mapped for Inngest, with the key (which sits in the URL) in no error.
import { NonRetriableError, RetryAfterError } from "inngest";
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  createZeroBounceClient,
  ZEROBOUNCE_BASE_URL,
  ZEROBOUNCE_BULK_BASE_URL,
} from "../../lib/providers/zerobounce.ts";
import {
  ZEROBOUNCE_TEST_KEY,
  type ZeroBounceMockOptions,
  zeroBounceHandlers,
  zeroBounceResult,
} from "../msw/zerobounce.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();
const NOW = Date.UTC(2025, 5, 3, 9, 0, 0);

function setup(options: ZeroBounceMockOptions = {}, apiKey = ZEROBOUNCE_TEST_KEY) {
  const mock = zeroBounceHandlers(options);
  server.use(...mock.handlers);
  return { mock, client: createZeroBounceClient({ apiKey, now: () => NOW }) };
}

const DANA = "dana.whitfield@northwindanalytics.com";

describe("ZeroBounce validate", () => {
  it("maps a verdict and sends key, email and an empty ip_address in the query", async () => {
    const { mock, client } = setup({ verdicts: { [DANA]: zeroBounceResult() } });
    expect(await client.validate(DANA)).toEqual({
      email: DANA,
      status: "valid",
      subStatus: null,
      freeEmail: false,
      didYouMean: null,
      mxFound: true,
      checkedAt: "2025-06-02T14:03:27.412Z",
    });
    const params = mock.requests[0]?.url.searchParams;
    expect(params?.get("api_key")).toBe(ZEROBOUNCE_TEST_KEY);
    expect(params?.get("email")).toBe(DANA);
    expect(params?.get("ip_address")).toBe("");
  });

  it("reads string booleans, catch-all and sub-statuses", async () => {
    const { client } = setup({
      verdicts: {
        [DANA]: zeroBounceResult({
          status: "catch-all",
          mx_found: "false",
          free_email: "true",
          did_you_mean: "",
          sub_status: "role_based",
          processed_at: null,
        }),
      },
    });
    expect(await client.validate(DANA)).toEqual({
      email: DANA,
      status: "catch-all",
      subStatus: "role_based",
      freeEmail: true,
      didYouMean: null,
      mxFound: false,
      checkedAt: new Date(NOW).toISOString(),
    });
  });

  it("turns ZeroBounce's 200 `{ error }` answer into a NonRetriableError naming the key", async () => {
    const { client } = setup({}, "zb-wrong-key-123");
    const error = await failure(client.validate(DANA));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "ZeroBounce refused the API key or has no credits left: check ZEROBOUNCE_API_KEY (Invalid API key or your account ran out of credits)",
    );
    expectNoKey(error, "zb-wrong-key-123");
  });

  it("says which key to check on 401", async () => {
    const { client } = setup({ scenario: "unauthorized" });
    const error = await failure(client.validate(DANA));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toMatch(
      /^ZeroBounce refused the API key \(401\): check ZEROBOUNCE_API_KEY/,
    );
  });

  it("waits as told on 429", async () => {
    const { client } = setup({ scenario: "rate-limited" });
    const error = await failure(client.validate(DANA));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe("60");
  });

  it("names the failing field of a malformed verdict", async () => {
    const { client } = setup({ scenario: "malformed" });
    const error = await failure(client.validate(DANA));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe("ZeroBounce /v2/validate: status: expected string, got number");
  });

  it("refuses an empty address without calling", async () => {
    const { mock, client } = setup();
    expect(await failure(client.validate("  "))).toBeInstanceOf(NonRetriableError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("ZeroBounce validateBatch", () => {
  it("posts the key and entries to the bulk host and answers in input order", async () => {
    const emails = [DANA, "Priya.Iyer@Bluepeak.io", "sales@northwindanalytics.com"];
    const { mock, client } = setup({
      verdicts: {
        [DANA]: zeroBounceResult({ status: "invalid", sub_status: "mailbox_not_found" }),
      },
    });
    const verdicts = await client.validateBatch(emails);
    expect(verdicts.map((v) => v.email)).toEqual(emails);
    expect(verdicts[0]).toMatchObject({ status: "invalid", subStatus: "mailbox_not_found" });
    expect(verdicts[2]).toMatchObject({ status: "do_not_mail", subStatus: "role_based" });
    const [request] = mock.requests;
    expect(request?.url.href).toBe(`${ZEROBOUNCE_BULK_BASE_URL}/v2/validatebatch`);
    expect(request?.body).toEqual({
      api_key: ZEROBOUNCE_TEST_KEY,
      email_batch: emails.map((email) => ({ email_address: email, ip_address: "" })),
    });
  });

  it("matches results by address whatever their order, unknown when one is missing", async () => {
    server.use(
      http.post(`${ZEROBOUNCE_BULK_BASE_URL}/v2/validatebatch`, () =>
        HttpResponse.json({
          email_batch: [
            zeroBounceResult({ address: "b@x.io", status: "invalid" }),
            zeroBounceResult({ address: "a@x.io", status: "valid" }),
          ],
          errors: [{ error: "timeout", email_address: "c@x.io" }],
        }),
      ),
    );
    const client = createZeroBounceClient({ apiKey: ZEROBOUNCE_TEST_KEY, now: () => NOW });
    const verdicts = await client.validateBatch(["A@x.io", "b@x.io", "c@x.io"]);
    expect(verdicts.map((v) => [v.email, v.status])).toEqual([
      ["A@x.io", "valid"],
      ["b@x.io", "invalid"],
      ["c@x.io", "unknown"],
    ]);
  });

  it("refuses more than 200 addresses and spends nothing on none", async () => {
    const { mock, client } = setup();
    const many = Array.from({ length: 201 }, (_, i) => `p${i}@x.io`);
    const error = await failure(client.validateBatch(many));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toContain("at most 200 addresses");
    expect(await client.validateBatch([])).toEqual([]);
    expect(mock.requests).toHaveLength(0);
  });

  it("turns a whole-batch key error into a NonRetriableError", async () => {
    const { client } = setup({}, "zb-wrong-key-456");
    const error = await failure(client.validateBatch([DANA]));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toContain("check ZEROBOUNCE_API_KEY");
  });

  it("names the failing field of a malformed batch", async () => {
    const { client } = setup({ scenario: "malformed" });
    const error = await failure(client.validateBatch([DANA, "x@y.io"]));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toMatch(/^ZeroBounce \/v2\/validatebatch: email_batch\[0\]\.mx_found: /);
  });
});

describe("ZeroBounce never leaks its key (which travels in the URL)", () => {
  it("keeps it out of HTTP, network and timeout errors", async () => {
    const errors: Error[] = [];
    for (const scenario of ["server-error", "rate-limited", "unauthorized", "malformed"] as const) {
      const { client } = setup({ scenario });
      errors.push(await failure(client.validate(DANA)));
      errors.push(await failure(client.validateBatch([DANA])));
    }
    server.use(http.get(`${ZEROBOUNCE_BASE_URL}/v2/validate`, () => HttpResponse.error()));
    const network = await failure(
      createZeroBounceClient({ apiKey: ZEROBOUNCE_TEST_KEY }).validate(DANA),
    );
    expect(network.constructor).toBe(Error);
    expect(network.message).toContain("ZeroBounce /v2/validate could not be reached");
    errors.push(network);
    server.use(
      http.get(`${ZEROBOUNCE_BASE_URL}/v2/validate`, async () => {
        await delay(500);
        return HttpResponse.json(zeroBounceResult());
      }),
    );
    const slow = createZeroBounceClient({ apiKey: ZEROBOUNCE_TEST_KEY, timeoutMs: 50 });
    const timeout = await failure(slow.validate(DANA));
    expect(timeout.constructor).toBe(Error);
    expect(timeout.message).toBe("ZeroBounce /v2/validate timed out after 50 ms");
    errors.push(timeout);
    expect(errors).toHaveLength(10);
    for (const error of errors) expectNoKey(error, ZEROBOUNCE_TEST_KEY);
  });
});
