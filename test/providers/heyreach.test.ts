// HeyReach: the pure request builders (documented shapes: `profileUrl`, `accountLeadPairs`, null
// fields omitted, ≤100 leads), the live client against msw (X-API-KEY, counts mapped, empty
// bodies, failures mapped for Inngest with the key in no error, a lead stopped in a campaign) and
// the seeded sandbox (failures fixed per profile, re-adds counted as updates, campaign status,
// stopped leads).
import { NonRetriableError, RetryAfterError } from "inngest";
import { HttpResponse, http, type JsonBodyType } from "msw";
import { describe, expect, it } from "vitest";
import {
  createHeyReachClient,
  HEYREACH_BASE_URL,
  type HeyReachAddResult,
} from "../../lib/providers/heyreach.ts";
import {
  addLeadsToCampaignRequest,
  addLeadsToListRequest,
  HEYREACH_MAX_LEADS_PER_CALL,
  type HeyReachLeadInput,
  pauseCampaignRequest,
  resumeCampaignRequest,
  stopLeadInCampaignRequest,
} from "../../lib/providers/heyreach-requests.ts";
import {
  createHeyReachSandbox,
  HEYREACH_SANDBOX_FAILURE_RATE,
  sandboxLeadFails,
} from "../../lib/providers/heyreach-sandbox.ts";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  HEYREACH_RETRY_AFTER,
  HEYREACH_TEST_KEY,
  type HeyReachMockOptions,
  heyReachHandlers,
} from "../msw/heyreach.ts";
import { containsKey } from "../msw/recorder.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();
const NOW = Date.UTC(2025, 5, 3, 9, 0, 0);

function setup(options: HeyReachMockOptions = {}, apiKey = HEYREACH_TEST_KEY) {
  const mock = heyReachHandlers(options);
  server.use(...mock.handlers);
  return { mock, client: createHeyReachClient({ apiKey, now: () => NOW }) };
}

const DANA: HeyReachLeadInput = {
  profileUrl: "https://www.linkedin.com/in/dana-whitfield",
  firstName: "Dana",
  lastName: "Whitfield",
  companyName: "Northwind Analytics",
  position: "VP Revenue Operations",
  emailAddress: "dana.whitfield@northwindanalytics.com",
  customUserFields: [{ name: "opener", value: "Saw your RevOps talk at SaaStr" }],
};

const PRIYA: HeyReachLeadInput = {
  profileUrl: "https://www.linkedin.com/in/priya-iyer",
  firstName: "Priya",
  lastName: "Iyer",
  companyName: null,
  position: null,
  emailAddress: null,
  customUserFields: [],
};

const leads = (n: number, prefix = "person"): HeyReachLeadInput[] =>
  Array.from({ length: n }, (_, i) => ({
    ...PRIYA,
    profileUrl: `https://www.linkedin.com/in/${prefix}-${i}`,
    firstName: `First${i}`,
  }));

const DANA_BODY = {
  profileUrl: "https://www.linkedin.com/in/dana-whitfield",
  firstName: "Dana",
  lastName: "Whitfield",
  companyName: "Northwind Analytics",
  position: "VP Revenue Operations",
  emailAddress: "dana.whitfield@northwindanalytics.com",
  customUserFields: [{ name: "opener", value: "Saw your RevOps talk at SaaStr" }],
};
const PRIYA_BODY = {
  profileUrl: "https://www.linkedin.com/in/priya-iyer",
  firstName: "Priya",
  lastName: "Iyer",
  customUserFields: [],
};

describe("HeyReach request builders", () => {
  it("builds AddLeadsToListV2 with `profileUrl` and null fields omitted", () => {
    expect(addLeadsToListRequest(31, [DANA, PRIYA])).toEqual({
      method: "POST",
      path: "/list/AddLeadsToListV2",
      body: { listId: 31, leads: [DANA_BODY, PRIYA_BODY] },
    });
  });

  it("builds AddLeadsToCampaignV2 with accountLeadPairs, the account only when set", () => {
    const request = addLeadsToCampaignRequest(902, [
      { linkedInAccountId: 7781, lead: DANA },
      { linkedInAccountId: null, lead: PRIYA },
    ]);
    expect(request).toEqual({
      method: "POST",
      path: "/campaign/AddLeadsToCampaignV2",
      body: {
        campaignId: 902,
        accountLeadPairs: [{ linkedInAccountId: 7781, lead: DANA_BODY }, { lead: PRIYA_BODY }],
      },
    });
    expect(containsKey(request.body, "linkedInUrl")).toBe(false);
    expect(containsKey(request.body, "profile_url")).toBe(false);
  });

  it("carries the campaign id of Pause and Resume in the path, with no body", () => {
    expect(pauseCampaignRequest(902)).toEqual({
      method: "POST",
      path: "/campaign/Pause?campaignId=902",
      body: null,
    });
    expect(resumeCampaignRequest(902)).toEqual({
      method: "POST",
      path: "/campaign/Resume?campaignId=902",
      body: null,
    });
  });

  it("builds StopLeadInCampaign with campaignId and the trimmed leadUrl", () => {
    expect(stopLeadInCampaignRequest(902, " https://www.linkedin.com/in/dana-whitfield ")).toEqual({
      method: "POST",
      path: "/campaign/StopLeadInCampaign",
      body: { campaignId: 902, leadUrl: "https://www.linkedin.com/in/dana-whitfield" },
    });
    const refusals: [() => unknown, string][] = [
      [
        () => stopLeadInCampaignRequest(0, DANA.profileUrl),
        "HeyReach /campaign/StopLeadInCampaign refused: campaignId must be a positive whole number (got 0)",
      ],
      [
        () => stopLeadInCampaignRequest(902, "  "),
        "HeyReach /campaign/StopLeadInCampaign refused: a leadUrl is required",
      ],
      [
        () => stopLeadInCampaignRequest(902, undefined as unknown as string),
        "HeyReach /campaign/StopLeadInCampaign refused: a leadUrl is required",
      ],
    ];
    for (const [build, message] of refusals) {
      expect(build).toThrow(NonRetriableError);
      expect(build).toThrow(message);
    }
  });

  it("trims text and drops blank optional fields", () => {
    const request = addLeadsToListRequest(31, [
      { ...PRIYA, profileUrl: "  https://www.linkedin.com/in/priya-iyer ", position: "  " },
    ]);
    expect(request.body).toEqual({ listId: 31, leads: [PRIYA_BODY] });
  });

  it("refuses no leads, more than 100, a lead without a profileUrl, and bad ids", () => {
    expect(HEYREACH_MAX_LEADS_PER_CALL).toBe(100);
    expect(addLeadsToListRequest(31, leads(100)).body).toMatchObject({ listId: 31 });
    const refusals: [() => unknown, string][] = [
      [
        () => addLeadsToListRequest(31, []),
        "HeyReach /list/AddLeadsToListV2 refused: 1 to 100 leads per call (got 0)",
      ],
      [
        () => addLeadsToListRequest(31, leads(101)),
        "HeyReach /list/AddLeadsToListV2 refused: 1 to 100 leads per call (got 101)",
      ],
      [
        () => addLeadsToListRequest(31, [DANA, { ...PRIYA, profileUrl: " " }]),
        "HeyReach /list/AddLeadsToListV2 refused: leads[1].profileUrl: a profileUrl is required",
      ],
      [
        () =>
          addLeadsToCampaignRequest(902, [
            {
              linkedInAccountId: null,
              lead: { ...PRIYA, profileUrl: undefined as unknown as string },
            },
          ]),
        "HeyReach /campaign/AddLeadsToCampaignV2 refused: accountLeadPairs[0].lead.profileUrl: a profileUrl is required",
      ],
      [
        () => addLeadsToCampaignRequest(0, [{ linkedInAccountId: null, lead: DANA }]),
        "HeyReach /campaign/AddLeadsToCampaignV2 refused: campaignId must be a positive whole number (got 0)",
      ],
      [
        () => addLeadsToCampaignRequest(902, [{ linkedInAccountId: 1.5, lead: DANA }]),
        "HeyReach /campaign/AddLeadsToCampaignV2 refused: accountLeadPairs[0].linkedInAccountId must be a positive whole number (got 1.5)",
      ],
      [
        () => pauseCampaignRequest(Number.NaN),
        "HeyReach /campaign/Pause refused: campaignId must be a positive whole number (got NaN)",
      ],
    ];
    for (const [build, message] of refusals) {
      expect(build).toThrow(NonRetriableError);
      expect(build).toThrow(message);
    }
  });
});

describe("HeyReach live client", () => {
  it("posts the list body with the X-API-KEY header and maps the counts", async () => {
    const { mock, client } = setup();
    expect(await client.addLeadsToList(31, [DANA, PRIYA])).toEqual({
      added: 2,
      updated: 0,
      failed: 0,
    });
    const [request] = mock.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe(`${HEYREACH_BASE_URL}/list/AddLeadsToListV2`);
    expect(request?.headers.get("x-api-key")).toBe(HEYREACH_TEST_KEY);
    expect(request?.headers.get("content-type")).toContain("application/json");
    expect(request?.body).toEqual(addLeadsToListRequest(31, [DANA, PRIYA]).body);
    expect(await client.addLeadsToList(31, [PRIYA])).toEqual({ added: 0, updated: 1, failed: 0 });
  });

  it("posts the campaign body exactly as the builder makes it and maps the counts", async () => {
    const { mock, client } = setup();
    const pairs = [
      { linkedInAccountId: 7781, lead: DANA },
      { linkedInAccountId: null, lead: PRIYA },
    ];
    expect(await client.addLeadsToCampaign(902, pairs)).toEqual({
      added: 2,
      updated: 0,
      failed: 0,
    });
    const [request] = mock.requests;
    expect(request?.url.href).toBe(`${HEYREACH_BASE_URL}/campaign/AddLeadsToCampaignV2`);
    expect(request?.body).toEqual({
      campaignId: 902,
      accountLeadPairs: [{ linkedInAccountId: 7781, lead: DANA_BODY }, { lead: PRIYA_BODY }],
    });
  });

  it("reads HeyReach's counts, a missing count as 0", async () => {
    server.use(
      http.post(`${HEYREACH_BASE_URL}/campaign/AddLeadsToCampaignV2`, () =>
        HttpResponse.json({ addedLeadsCount: 61, failedLeadsCount: 4, note: "extra" }),
      ),
    );
    const client = createHeyReachClient({ apiKey: HEYREACH_TEST_KEY });
    const pairs = leads(65).map((lead) => ({ linkedInAccountId: 7781, lead }));
    expect(await client.addLeadsToCampaign(902, pairs)).toEqual({
      added: 61,
      updated: 0,
      failed: 4,
    });
  });

  it("reads the undocumented list answer defensively (empty, counts, odd values)", async () => {
    const { client } = setup({ listAnswer: "empty" });
    expect(await client.addLeadsToList(31, [DANA])).toEqual({ added: 0, updated: 0, failed: 0 });
    const answers: [JsonBodyType, HeyReachAddResult][] = [
      [
        { addedLeadsCount: 2, updatedLeadsCount: "1", other: true },
        { added: 2, updated: 1, failed: 0 },
      ],
      [
        { addedLeadsCount: -1, failedLeadsCount: "many" },
        { added: 0, updated: 0, failed: 0 },
      ],
      [{}, { added: 0, updated: 0, failed: 0 }],
      [null, { added: 0, updated: 0, failed: 0 }],
      [3, { added: 3, updated: 0, failed: 0 }],
    ];
    for (const [answer, expected] of answers) {
      server.use(
        http.post(`${HEYREACH_BASE_URL}/list/AddLeadsToListV2`, () => HttpResponse.json(answer)),
      );
      expect(await client.addLeadsToList(31, [DANA])).toEqual(expected);
    }
  });

  it("names the failing field of a malformed campaign answer", async () => {
    server.use(
      http.post(`${HEYREACH_BASE_URL}/campaign/AddLeadsToCampaignV2`, () =>
        HttpResponse.json({ addedLeadsCount: "two" }),
      ),
      http.post(`${HEYREACH_BASE_URL}/list/AddLeadsToListV2`, () => HttpResponse.json(["x"])),
    );
    const client = createHeyReachClient({ apiKey: HEYREACH_TEST_KEY });
    const error = await failure(
      client.addLeadsToCampaign(902, [{ linkedInAccountId: null, lead: DANA }]),
    );
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe(
      "HeyReach /campaign/AddLeadsToCampaignV2: addedLeadsCount: expected number, got string",
    );
    expect(await failure(client.addLeadsToList(31, [DANA]))).toBeInstanceOf(ProviderResponseError);
  });

  it("pauses and resumes with the id in the query, no body, and an empty answer", async () => {
    const { mock, client } = setup();
    await client.pauseCampaign(902);
    expect(mock.campaignStatus(902)).toBe("PAUSED");
    await client.resumeCampaign(902);
    expect(mock.campaignStatus(902)).toBe("IN_PROGRESS");
    expect(mock.requests.map((r) => [r.method, r.url.href, r.body])).toEqual([
      ["POST", `${HEYREACH_BASE_URL}/campaign/Pause?campaignId=902`, undefined],
      ["POST", `${HEYREACH_BASE_URL}/campaign/Resume?campaignId=902`, undefined],
    ]);
    for (const request of mock.requests) {
      expect(request.headers.get("x-api-key")).toBe(HEYREACH_TEST_KEY);
    }
  });

  it("accepts a JSON answer to Pause too", async () => {
    server.use(
      http.post(`${HEYREACH_BASE_URL}/campaign/Pause`, () => HttpResponse.json({ success: true })),
    );
    const client = createHeyReachClient({ apiKey: HEYREACH_TEST_KEY });
    await expect(client.pauseCampaign(902)).resolves.toBeUndefined();
  });

  it("stops a lead with the documented body and the key, accepting an empty answer", async () => {
    const { mock, client } = setup();
    await expect(client.stopLeadInCampaign(902, DANA.profileUrl)).resolves.toBeUndefined();
    expect(mock.requests).toHaveLength(1);
    const [request] = mock.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe(`${HEYREACH_BASE_URL}/campaign/StopLeadInCampaign`);
    expect(request?.headers.get("x-api-key")).toBe(HEYREACH_TEST_KEY);
    expect(request?.headers.get("content-type")).toContain("application/json");
    expect(request?.body).toEqual({
      campaignId: 902,
      leadUrl: "https://www.linkedin.com/in/dana-whitfield",
    });
    expect(request?.body).toEqual(stopLeadInCampaignRequest(902, DANA.profileUrl).body);
    expect(mock.leadStopped(902, DANA.profileUrl)).toBe(true);
    expect(mock.leadStopped(903, DANA.profileUrl)).toBe(false);
    expect(mock.leadStopped(902, PRIYA.profileUrl)).toBe(false);
  });

  it("accepts a JSON answer to StopLeadInCampaign, and refuses bad input without a request", async () => {
    server.use(
      http.post(`${HEYREACH_BASE_URL}/campaign/StopLeadInCampaign`, () =>
        HttpResponse.json({ success: true }),
      ),
    );
    const client = createHeyReachClient({ apiKey: HEYREACH_TEST_KEY });
    await expect(client.stopLeadInCampaign(902, DANA.profileUrl)).resolves.toBeUndefined();
    const { mock, client: checked } = setup();
    expect(await failure(checked.stopLeadInCampaign(902, " "))).toBeInstanceOf(NonRetriableError);
    expect(await failure(checked.stopLeadInCampaign(-3, DANA.profileUrl))).toBeInstanceOf(
      NonRetriableError,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("maps StopLeadInCampaign failures: 401 naming the key (never shown), 429, 5xx", async () => {
    for (const [options, key] of [
      [{ scenario: "unauthorized" }, HEYREACH_TEST_KEY],
      [{}, "hr-wrong-key-31415"],
    ] as const) {
      const { client } = setup(options, key);
      const error = await failure(client.stopLeadInCampaign(902, DANA.profileUrl));
      expect(error).toBeInstanceOf(NonRetriableError);
      expect(error.message).toMatch(
        /^HeyReach refused the API key \(401\): check HEYREACH_API_KEY/,
      );
      expectNoKey(error, key);
    }
    const { mock, client: limited } = setup({ scenario: "rateLimitOnce" });
    const slow = await failure(limited.stopLeadInCampaign(902, DANA.profileUrl));
    expect(slow).toBeInstanceOf(RetryAfterError);
    expect((slow as RetryAfterError).retryAfter).toBe(HEYREACH_RETRY_AFTER);
    expect(slow.message).toMatch(/^HeyReach \/campaign\/StopLeadInCampaign rate-limited \(429/);
    await limited.stopLeadInCampaign(902, DANA.profileUrl);
    expect(mock.requests).toHaveLength(2);
    expect(mock.leadStopped(902, DANA.profileUrl)).toBe(true);
    const { client: down } = setup({ scenario: "serverError" });
    const error = await failure(down.stopLeadInCampaign(902, DANA.profileUrl));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "HeyReach /campaign/StopLeadInCampaign answered 500 Internal Server Error (Internal error)",
    );
    expectNoKey(error, HEYREACH_TEST_KEY);
  });

  it("refuses 101 leads, or a lead without a profileUrl, without a request", async () => {
    const { mock, client } = setup();
    const tooMany = await failure(client.addLeadsToList(31, leads(101)));
    expect(tooMany).toBeInstanceOf(NonRetriableError);
    expect(tooMany.message).toContain("1 to 100 leads per call (got 101)");
    const pairs = leads(101).map((lead) => ({ linkedInAccountId: 7781, lead }));
    expect(await failure(client.addLeadsToCampaign(902, pairs))).toBeInstanceOf(NonRetriableError);
    const noUrl = await failure(
      client.addLeadsToCampaign(902, [
        { linkedInAccountId: 7781, lead: { ...DANA, profileUrl: "" } },
      ]),
    );
    expect(noUrl).toBeInstanceOf(NonRetriableError);
    expect(mock.requests).toHaveLength(0);
    const failing = leads(100).filter((lead) => sandboxLeadFails("msw", lead.profileUrl)).length;
    expect(await client.addLeadsToList(31, leads(100))).toEqual({
      added: 100 - failing,
      updated: 0,
      failed: failing,
    });
    expect(mock.requests).toHaveLength(1);
  });

  it("waits as told on 429, then goes through", async () => {
    const { mock, client } = setup({ scenario: "rateLimitOnce" });
    const error = await failure(client.addLeadsToList(31, [DANA]));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe(HEYREACH_RETRY_AFTER);
    expect(error.message).toMatch(/^HeyReach \/list\/AddLeadsToListV2 rate-limited \(429/);
    expect(await client.addLeadsToList(31, [DANA])).toEqual({ added: 1, updated: 0, failed: 0 });
    expect(mock.requests).toHaveLength(2);
  });

  it("says which key to check on 401, for a wrong key or a refused one", async () => {
    for (const [options, key] of [
      [{ scenario: "unauthorized" }, HEYREACH_TEST_KEY],
      [{}, "hr-wrong-key-31415"],
    ] as const) {
      const { client } = setup(options, key);
      const error = await failure(client.pauseCampaign(902));
      expect(error).toBeInstanceOf(NonRetriableError);
      expect(error.message).toMatch(
        /^HeyReach refused the API key \(401\): check HEYREACH_API_KEY/,
      );
      expectNoKey(error, key);
    }
  });

  it("maps a 400 to a NonRetriableError with HeyReach's text, a 5xx to a retried Error", async () => {
    server.use(
      http.post(`${HEYREACH_BASE_URL}/campaign/Resume`, () =>
        HttpResponse.json({ message: "Campaign not found" }, { status: 404 }),
      ),
    );
    const notFound = await failure(
      createHeyReachClient({ apiKey: HEYREACH_TEST_KEY }).resumeCampaign(404404),
    );
    expect(notFound).toBeInstanceOf(NonRetriableError);
    expect(notFound.message).toBe(
      "HeyReach /campaign/Resume answered 404 Not Found (Campaign not found)",
    );
    const { client } = setup({ scenario: "serverError" });
    const error = await failure(
      client.addLeadsToCampaign(902, [{ linkedInAccountId: null, lead: DANA }]),
    );
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "HeyReach /campaign/AddLeadsToCampaignV2 answered 500 Internal Server Error (Internal error)",
    );
  });

  it("never puts the key in an error, network failures included", async () => {
    const errors: Error[] = [];
    for (const scenario of ["serverError", "rateLimitOnce", "unauthorized"] as const) {
      const { client } = setup({ scenario });
      errors.push(await failure(client.addLeadsToList(31, [DANA])));
    }
    server.use(http.post(`${HEYREACH_BASE_URL}/campaign/Pause`, () => HttpResponse.error()));
    const network = await failure(
      createHeyReachClient({ apiKey: HEYREACH_TEST_KEY }).pauseCampaign(902),
    );
    expect(network.constructor).toBe(Error);
    expect(network.message).toContain("HeyReach /campaign/Pause could not be reached");
    errors.push(network);
    for (const error of errors) expectNoKey(error, HEYREACH_TEST_KEY);
  });
});

describe("HeyReach sandbox", () => {
  it("adds every lead but a fixed ~3%, the same for the same seed", async () => {
    const many = leads(2_000);
    const run = async (seed: string) => {
      const sandbox = createHeyReachSandbox({ seed });
      const results = [];
      for (let i = 0; i < many.length; i += 100) {
        results.push(await sandbox.addLeadsToList(31, many.slice(i, i + 100)));
      }
      return results;
    };
    const a = await run("hr");
    expect(await run("hr")).toEqual(a);
    const failed = a.reduce((sum, r) => sum + r.failed, 0);
    const added = a.reduce((sum, r) => sum + r.added, 0);
    expect(added + failed).toBe(2_000);
    expect(failed / 2_000).toBeGreaterThan(HEYREACH_SANDBOX_FAILURE_RATE / 2);
    expect(failed / 2_000).toBeLessThan(HEYREACH_SANDBOX_FAILURE_RATE * 2);
    const other = await run("other-seed");
    const failedUrls = (seed: string) =>
      many.filter((lead) => sandboxLeadFails(seed, lead.profileUrl)).map((l) => l.profileUrl);
    expect(failedUrls("hr")).not.toEqual(failedUrls("other-seed"));
    expect(other.reduce((sum, r) => sum + r.failed, 0)).toBe(failedUrls("other-seed").length);
  });

  it("counts a lead added again to the same list or campaign as updated", async () => {
    const sandbox = createHeyReachSandbox({ seed: "hr" });
    expect(sandbox.kind).toBe("sandbox");
    const ok = leads(40).filter((lead) => !sandboxLeadFails("hr", lead.profileUrl));
    const bad = leads(200).find((lead) => sandboxLeadFails("hr", lead.profileUrl));
    if (!bad) throw new Error("expected a failing lead among 200");
    const first = ok.slice(0, 3);
    expect(await sandbox.addLeadsToList(31, [...first, bad])).toEqual({
      added: 3,
      updated: 0,
      failed: 1,
    });
    const [dana] = first;
    if (!dana) throw new Error("expected three leads that do not fail");
    const again = [{ ...dana, profileUrl: `${dana.profileUrl.toUpperCase()}/?trk=x` }, bad];
    expect(await sandbox.addLeadsToList(31, again)).toEqual({
      added: 0,
      updated: 1,
      failed: 1,
    });
    expect(await sandbox.addLeadsToList(32, first)).toEqual({ added: 3, updated: 0, failed: 0 });
    const pairs = first.map((lead) => ({ linkedInAccountId: 7781, lead }));
    expect(await sandbox.addLeadsToCampaign(902, pairs)).toEqual({
      added: 3,
      updated: 0,
      failed: 0,
    });
    expect(await sandbox.addLeadsToCampaign(902, pairs.slice(0, 2))).toEqual({
      added: 0,
      updated: 2,
      failed: 0,
    });
    const fresh = createHeyReachSandbox({ seed: "hr" });
    expect(await fresh.addLeadsToList(31, first)).toEqual({ added: 3, updated: 0, failed: 0 });
  });

  it("tracks pause and resume per campaign", async () => {
    const sandbox = createHeyReachSandbox({ seed: "hr" });
    expect(sandbox.campaignStatus(902)).toBe("IN_PROGRESS");
    await sandbox.pauseCampaign(902);
    expect(sandbox.campaignStatus(902)).toBe("PAUSED");
    expect(sandbox.campaignStatus(903)).toBe("IN_PROGRESS");
    await sandbox.resumeCampaign(902);
    expect(sandbox.campaignStatus(902)).toBe("IN_PROGRESS");
  });

  it("records stopped leads per campaign, by canonical LinkedIn URL", async () => {
    const sandbox = createHeyReachSandbox({ seed: "hr" });
    await sandbox.addLeadsToCampaign(902, [{ linkedInAccountId: 7781, lead: DANA }]);
    expect(sandbox.leadStopped(902, DANA.profileUrl)).toBe(false);
    await sandbox.stopLeadInCampaign(902, DANA.profileUrl);
    expect(sandbox.leadStopped(902, DANA.profileUrl)).toBe(true);
    expect(sandbox.leadStopped(902, "https://linkedin.com/in/Dana-Whitfield/?trk=x")).toBe(true);
    expect(sandbox.leadStopped(903, DANA.profileUrl)).toBe(false);
    expect(sandbox.leadStopped(902, PRIYA.profileUrl)).toBe(false);
    await sandbox.stopLeadInCampaign(902, DANA.profileUrl);
    expect(sandbox.leadStopped(902, DANA.profileUrl)).toBe(true);
    expect(sandbox.campaignStatus(902)).toBe("IN_PROGRESS");
    expect(createHeyReachSandbox({ seed: "hr" }).leadStopped(902, DANA.profileUrl)).toBe(false);
  });

  it("refuses what the live client refuses", async () => {
    const sandbox = createHeyReachSandbox({ seed: "hr" });
    for (const attempt of [
      sandbox.addLeadsToList(31, leads(101)),
      sandbox.addLeadsToList(31, []),
      sandbox.addLeadsToCampaign(902, [
        { linkedInAccountId: null, lead: { ...DANA, profileUrl: "" } },
      ]),
      sandbox.pauseCampaign(-1),
      sandbox.stopLeadInCampaign(902, ""),
      sandbox.stopLeadInCampaign(1.5, DANA.profileUrl),
    ]) {
      expect(await failure(attempt)).toBeInstanceOf(NonRetriableError);
    }
  });
});
