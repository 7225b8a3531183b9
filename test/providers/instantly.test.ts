// Instantly V2 against msw and in sandbox: the exact request bodies (the pure builders that shadow
// mode stores are what the live client sends), a new campaign as a draft, bulk leads ≤ 1000,
// add-leads summaries mapped, leads deleted (a 404 read as already gone), failures mapped for
// Inngest with the key in no error, and a sandbox that is deterministic per seed, counts duplicates,
// moves campaigns through 0 → 1 → 2 and deletes the leads it created.
import { NonRetriableError, RetryAfterError } from "inngest";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  createInstantlyClient,
  INSTANTLY_BASE_URL,
  type InstantlyClient,
} from "../../lib/providers/instantly.ts";
import {
  activateCampaignRequest,
  addLeadsRequest,
  createCampaignRequest,
  deleteLeadRequest,
  INSTANTLY_MAX_LEADS_PER_CALL,
  type InstantlyCampaignInput,
  type InstantlyLeadInput,
  pauseCampaignRequest,
} from "../../lib/providers/instantly-requests.ts";
import { createInstantlySandbox } from "../../lib/providers/instantly-sandbox.ts";
import { ProviderResponseError } from "../../lib/providers/provider-response-error.ts";
import {
  INSTANTLY_TEST_KEY,
  type InstantlyMockOptions,
  instantlyHandlers,
} from "../msw/instantly.ts";
import { expectNoKey, failure, useMswServer } from "./support.ts";

const server = useMswServer();
const NOW = Date.UTC(2025, 5, 3, 9, 0, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(options: InstantlyMockOptions = {}, apiKey = INSTANTLY_TEST_KEY) {
  const mock = instantlyHandlers(options);
  server.use(...mock.handlers);
  return { mock, client: createInstantlyClient({ apiKey, now: () => NOW }) };
}

const CAMPAIGN: InstantlyCampaignInput = {
  name: "Q3 VP Sales — Northwind lookalikes",
  schedule: { from: "09:00", to: "17:00", days: [1, 2, 3, 4, 5], timezone: "America/Detroit" },
  steps: [
    { delayDays: 0, subject: "{{step1_subject}}", body: "{{step1_body}}" },
    { delayDays: 3, subject: "", body: "{{step2_body}}" },
    { delayDays: 4, subject: "{{step3_subject}}", body: "{{step3_body}}" },
  ],
  emailList: ["ana@mail.alphaswarm.io", "ben@mail.alphaswarm.io"],
  dailyLimit: 40,
  emailGapMinutes: 9,
  stopOnReply: true,
  stopOnAutoReply: false,
  openTracking: false,
  linkTracking: false,
  textOnly: true,
  insertUnsubscribeHeader: true,
};

const lead = (email: string, overrides: Partial<InstantlyLeadInput> = {}): InstantlyLeadInput => ({
  email,
  firstName: "Dana",
  lastName: "Whitfield",
  companyName: "Northwind Analytics",
  website: "https://northwindanalytics.com",
  customVariables: { step1_subject: "Pipeline at Northwind", step1_body: "Hi Dana, ..." },
  ...overrides,
});

const leads = (count: number): InstantlyLeadInput[] =>
  Array.from({ length: count }, (_, i) => lead(`person${i}@example${i % 7}.com`));

describe("Instantly request builders (what shadow mode stores)", () => {
  it("builds the documented create-campaign body", () => {
    expect(createCampaignRequest(CAMPAIGN)).toEqual({
      method: "POST",
      path: "/api/v2/campaigns",
      body: {
        name: "Q3 VP Sales — Northwind lookalikes",
        campaign_schedule: {
          schedules: [
            {
              name: "09:00-17:00 America/Detroit",
              timing: { from: "09:00", to: "17:00" },
              days: {
                "0": false,
                "1": true,
                "2": true,
                "3": true,
                "4": true,
                "5": true,
                "6": false,
              },
              timezone: "America/Detroit",
            },
          ],
        },
        sequences: [
          {
            steps: [
              {
                type: "email",
                delay: 0,
                variants: [{ subject: "{{step1_subject}}", body: "{{step1_body}}" }],
              },
              { type: "email", delay: 3, variants: [{ subject: "", body: "{{step2_body}}" }] },
              {
                type: "email",
                delay: 4,
                variants: [{ subject: "{{step3_subject}}", body: "{{step3_body}}" }],
              },
            ],
          },
        ],
        email_list: ["ana@mail.alphaswarm.io", "ben@mail.alphaswarm.io"],
        daily_limit: 40,
        email_gap: 9,
        stop_on_reply: true,
        stop_on_auto_reply: false,
        link_tracking: false,
        open_tracking: false,
        text_only: true,
        insert_unsubscribe_header: true,
      },
    });
  });

  it("builds add-leads with skip flags, leaving out null and blank fields", () => {
    const id = "0b6f4a52-9c1e-4d3a-8f7b-2e5c1a9d4b60";
    const request = addLeadsRequest(id, [
      lead("dana@northwind.com"),
      lead(" sam@bluepeak.io ", {
        firstName: null,
        lastName: "  ",
        companyName: null,
        website: null,
        customVariables: {},
      }),
    ]);
    expect(request).toEqual({
      method: "POST",
      path: "/api/v2/leads/add",
      body: {
        campaign_id: id,
        skip_if_in_workspace: true,
        skip_if_in_campaign: true,
        leads: [
          {
            email: "dana@northwind.com",
            first_name: "Dana",
            last_name: "Whitfield",
            company_name: "Northwind Analytics",
            website: "https://northwindanalytics.com",
            custom_variables: {
              step1_subject: "Pipeline at Northwind",
              step1_body: "Hi Dana, ...",
            },
          },
          { email: "sam@bluepeak.io", custom_variables: {} },
        ],
      },
    });
    expect(activateCampaignRequest(id)).toEqual({
      method: "POST",
      path: `/api/v2/campaigns/${id}/activate`,
      body: {},
    });
    expect(pauseCampaignRequest(id)).toEqual({
      method: "POST",
      path: `/api/v2/campaigns/${id}/pause`,
      body: {},
    });
  });

  it("takes a placeholder campaign id (shadow mode) and leaves addresses to Instantly", () => {
    const request = addLeadsRequest("(campaign of batch-7)", [lead(""), lead("no-at-sign")]);
    expect(request.body).toMatchObject({
      campaign_id: "(campaign of batch-7)",
      leads: [{ email: "" }, { email: "no-at-sign" }],
    });
    expect(pauseCampaignRequest("a/b c").path).toBe("/api/v2/campaigns/a%2Fb%20c/pause");
  });

  it("builds delete-lead with the trimmed, encoded id and no body; refuses an empty id", () => {
    const id = "5f0c7a21-8b3d-4e9f-a1c2-7d6e5b4a3c21";
    expect(deleteLeadRequest(` ${id} `)).toEqual({
      method: "DELETE",
      path: `/api/v2/leads/${id}`,
      body: null,
    });
    expect(deleteLeadRequest("a/b c").path).toBe("/api/v2/leads/a%2Fb%20c");
    expect(() => deleteLeadRequest("  ")).toThrow(NonRetriableError);
    expect(() => deleteLeadRequest("  ")).toThrow(
      "Instantly request refused: lead id: empty lead id",
    );
  });

  it("refuses campaigns Instantly would refuse or that could never send, naming the field", () => {
    const refused = (input: InstantlyCampaignInput): string => {
      try {
        createCampaignRequest(input);
      } catch (error) {
        expect(error).toBeInstanceOf(NonRetriableError);
        return (error as Error).message;
      }
      throw new Error("expected a refusal");
    };
    const schedule = CAMPAIGN.schedule;
    expect(refused({ ...CAMPAIGN, schedule: { ...schedule, from: "9:00" } })).toBe(
      "Instantly request refused: campaign.schedule.from: expected HH:MM (24-hour)",
    );
    expect(refused({ ...CAMPAIGN, schedule: { ...schedule, to: "08:00" } })).toContain(
      "campaign.schedule.to: `to` must be later than `from`",
    );
    expect(refused({ ...CAMPAIGN, schedule: { ...schedule, days: [] } })).toContain(
      "campaign.schedule.days",
    );
    expect(refused({ ...CAMPAIGN, schedule: { ...schedule, days: [7] } })).toContain(
      "campaign.schedule.days[0]",
    );
    expect(refused({ ...CAMPAIGN, schedule: { ...schedule, timezone: "Mars/Olympus" } })).toBe(
      "Instantly request refused: campaign.schedule.timezone: not a known time zone",
    );
    expect(refused({ ...CAMPAIGN, steps: [] })).toContain("campaign.steps");
    expect(refused({ ...CAMPAIGN, steps: [{ delayDays: 0, subject: " ", body: "x" }] })).toBe(
      "Instantly request refused: campaign.steps[0].subject: the first step needs a subject",
    );
    expect(refused({ ...CAMPAIGN, emailList: [] })).toContain("campaign.emailList");
    expect(refused({ ...CAMPAIGN, dailyLimit: 0 })).toContain("campaign.dailyLimit");
  });
});

describe("Instantly createCampaign", () => {
  it("posts the builder's exact body with the Bearer key and returns a draft", async () => {
    const { mock, client } = setup();
    const campaign = await client.createCampaign(CAMPAIGN);
    expect(campaign).toEqual({ id: expect.stringMatching(UUID), name: CAMPAIGN.name, status: 0 });
    expect(mock.requests).toHaveLength(1);
    const [request] = mock.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url.href).toBe(`${INSTANTLY_BASE_URL}/api/v2/campaigns`);
    expect(request?.headers.get("authorization")).toBe(`Bearer ${INSTANTLY_TEST_KEY}`);
    expect(request?.headers.get("content-type")).toContain("application/json");
    expect(request?.body).toEqual(createCampaignRequest(CAMPAIGN).body);
  });

  it("refuses a bad campaign without calling", async () => {
    const { mock, client } = setup();
    const error = await failure(client.createCampaign({ ...CAMPAIGN, name: "  " }));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("Instantly addLeads", () => {
  it("adds up to 1000 leads in one call and maps the summary", async () => {
    const { mock, client } = setup({ blocklist: ["person3@example3.com"] });
    const { id } = await client.createCampaign(CAMPAIGN);
    const batch = [...leads(INSTANTLY_MAX_LEADS_PER_CALL - 2), lead("not-an-email")];
    batch.push(lead("PERSON0@example0.com"));
    const result = await client.addLeads(id, batch);
    expect(result).toMatchObject({
      uploaded: 997,
      inBlocklist: 1,
      duplicated: 1,
      skipped: 0,
      invalidEmails: 1,
    });
    expect(result.created).toHaveLength(997);
    expect(result.created[0]).toEqual({
      id: expect.stringMatching(UUID),
      email: "person0@example0.com",
    });
    const request = mock.requests[1];
    expect(request?.url.href).toBe(`${INSTANTLY_BASE_URL}/api/v2/leads/add`);
    expect(request?.body).toEqual(addLeadsRequest(id, batch).body);
    expect((request?.body as { leads?: unknown[] } | undefined)?.leads).toHaveLength(1000);
  });

  it("refuses 1001 leads, or none, without a request", async () => {
    const { mock, client } = setup();
    const id = "0b6f4a52-9c1e-4d3a-8f7b-2e5c1a9d4b60";
    const tooMany = await failure(client.addLeads(id, leads(INSTANTLY_MAX_LEADS_PER_CALL + 1)));
    expect(tooMany).toBeInstanceOf(NonRetriableError);
    expect(tooMany.message).toBe(
      "Instantly request refused: at most 1000 leads per call (got 1001)",
    );
    const none = await failure(client.addLeads(id, []));
    expect(none).toBeInstanceOf(NonRetriableError);
    expect(none.message).toBe("Instantly request refused: no leads");
    const noId = await failure(client.addLeads("  ", leads(1)));
    expect(noId).toBeInstanceOf(NonRetriableError);
    expect(noId.message).toBe("Instantly request refused: campaign id: empty campaign id");
    expect(mock.requests).toHaveLength(0);
  });

  it("maps every documented field, reading missing or null counts as 0", async () => {
    server.use(
      http.post(`${INSTANTLY_BASE_URL}/api/v2/leads/add`, () =>
        HttpResponse.json({
          status: "success",
          total_sent: 4,
          leads_uploaded: 2,
          in_blocklist: 1,
          duplicated_leads: null,
          skipped_count: 1,
          remaining_in_plan: 9_120,
          created_leads: [
            { id: "lead-a", email: "a@x.io", index: 0 },
            { id: "lead-b", email: "b@x.io", index: 3 },
          ],
        }),
      ),
    );
    const client = createInstantlyClient({ apiKey: INSTANTLY_TEST_KEY });
    const result = await client.addLeads("0b6f4a52-9c1e-4d3a-8f7b-2e5c1a9d4b60", leads(4));
    expect(result).toEqual({
      uploaded: 2,
      inBlocklist: 1,
      duplicated: 0,
      skipped: 1,
      invalidEmails: 0,
      created: [
        { id: "lead-a", email: "a@x.io" },
        { id: "lead-b", email: "b@x.io" },
      ],
    });
  });

  it("counts duplicates in the campaign and skips leads already in another campaign", async () => {
    const { client } = setup();
    const first = await client.createCampaign(CAMPAIGN);
    const second = await client.createCampaign({ ...CAMPAIGN, name: "Second wave" });
    expect(second.id).not.toBe(first.id);
    await client.addLeads(first.id, leads(3));
    expect(await client.addLeads(first.id, leads(3))).toMatchObject({ uploaded: 0, duplicated: 3 });
    expect(await client.addLeads(second.id, leads(4))).toMatchObject({ uploaded: 1, skipped: 3 });
  });

  it("refuses an unknown campaign as NonRetriable", async () => {
    const { client } = setup();
    const id = "0b6f4a52-9c1e-4d3a-8f7b-2e5c1a9d4b60";
    const error = await failure(client.addLeads(id, leads(1)));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      `Instantly does not know campaign ${id} (404) (Not Found; Campaign not found)`,
    );
  });
});

describe("Instantly activate and pause", () => {
  it("sends `{}` and returns the new status: draft 0 → active 1 → paused 2", async () => {
    const { mock, client } = setup();
    const { id } = await client.createCampaign(CAMPAIGN);
    expect(await client.activateCampaign(id)).toEqual({ id, status: 1 });
    expect(await client.pauseCampaign(id)).toEqual({ id, status: 2 });
    expect(mock.campaigns.get(id)?.status).toBe(2);
    expect(mock.requests.slice(1).map((r) => [r.url.pathname, r.body])).toEqual([
      [`/api/v2/campaigns/${id}/activate`, {}],
      [`/api/v2/campaigns/${id}/pause`, {}],
    ]);
  });

  it("refuses an unknown campaign as NonRetriable", async () => {
    const { client } = setup();
    const id = "7d1e2c3b-4a5f-4e6d-9c8b-1a2b3c4d5e6f";
    const error = await failure(client.activateCampaign(id));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      `Instantly does not know campaign ${id} (404) (Not Found; Campaign not found)`,
    );
  });
});

describe("Instantly deleteLead", () => {
  const LEAD_ID = "5f0c7a21-8b3d-4e9f-a1c2-7d6e5b4a3c21";

  it("sends DELETE /api/v2/leads/{id} with the Bearer key and no body, then reads 404 as gone", async () => {
    const { mock, client } = setup();
    const { id: campaignId } = await client.createCampaign(CAMPAIGN);
    const { created } = await client.addLeads(campaignId, [lead("dana@northwind.com")]);
    const [dana] = created;
    if (!dana) throw new Error("expected a created lead");
    expect(mock.campaigns.get(campaignId)?.emails.has("dana@northwind.com")).toBe(true);
    expect(await client.deleteLead(dana.id)).toEqual({ deleted: true });
    const request = mock.requests[2];
    expect(request?.method).toBe("DELETE");
    expect(request?.url.href).toBe(`${INSTANTLY_BASE_URL}/api/v2/leads/${dana.id}`);
    expect(request?.headers.get("authorization")).toBe(`Bearer ${INSTANTLY_TEST_KEY}`);
    expect(request?.headers.get("content-type")).toBeNull();
    expect(request?.body).toBeUndefined();
    expect(mock.campaigns.get(campaignId)?.emails.has("dana@northwind.com")).toBe(false);
    expect(await client.deleteLead(dana.id)).toEqual({ deleted: false });
    expect(mock.requests).toHaveLength(4);
    expect(await client.addLeads(campaignId, [lead("dana@northwind.com")])).toMatchObject({
      uploaded: 1,
      duplicated: 0,
    });
  });

  it("answers deleted: false for a lead Instantly never had (its 404)", async () => {
    const { mock, client } = setup();
    expect(await client.deleteLead(LEAD_ID)).toEqual({ deleted: false });
    expect(mock.requests.map((r) => [r.method, r.url.pathname])).toEqual([
      ["DELETE", `/api/v2/leads/${LEAD_ID}`],
    ]);
  });

  it("accepts an empty answer (200 or 204) or any JSON as deleted", async () => {
    const client = createInstantlyClient({ apiKey: INSTANTLY_TEST_KEY });
    for (const answer of [
      () => new HttpResponse(null, { status: 200 }),
      () => new HttpResponse(null, { status: 204 }),
      () => HttpResponse.json({ id: LEAD_ID, email: "dana@northwind.com", status: 1 }),
      () => HttpResponse.json({ success: true }),
    ]) {
      server.use(http.delete(`${INSTANTLY_BASE_URL}/api/v2/leads/:id`, answer));
      expect(await client.deleteLead(LEAD_ID)).toEqual({ deleted: true });
    }
  });

  it("refuses an empty id without a request", async () => {
    const { mock, client } = setup();
    const error = await failure(client.deleteLead(" "));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe("Instantly request refused: lead id: empty lead id");
    expect(mock.requests).toHaveLength(0);
  });

  it("maps 401 (key named, never shown), 429, 5xx and other 4xx like the other calls", async () => {
    const wrongKey = "inst-wrong-key-4c81d0e9a2";
    const { client: wrong } = setup({}, wrongKey);
    const refused = await failure(wrong.deleteLead(LEAD_ID));
    expect(refused).toBeInstanceOf(NonRetriableError);
    expect(refused.message).toBe(
      "Instantly refused the API key (401): check INSTANTLY_API_KEY (Unauthorized; Invalid API key)",
    );
    expectNoKey(refused, wrongKey);
    const { client: revoked } = setup({ unauthorized: true });
    const again = await failure(revoked.deleteLead(LEAD_ID));
    expect(again).toBeInstanceOf(NonRetriableError);
    expect(again.message).toContain("check INSTANTLY_API_KEY");
    expectNoKey(again, INSTANTLY_TEST_KEY);

    const { mock, client: limited } = setup({ rateLimitOnce: true, retryAfterSeconds: 42 });
    const slow = await failure(limited.deleteLead(LEAD_ID));
    expect(slow).toBeInstanceOf(RetryAfterError);
    expect((slow as RetryAfterError).retryAfter).toBe("42");
    expect(slow.message).toMatch(
      /^Instantly \/api\/v2\/leads\/\{id\} rate-limited \(429, Retry-After\): retry in 42 s/,
    );
    expect(await limited.deleteLead(LEAD_ID)).toEqual({ deleted: false });
    expect(mock.requests).toHaveLength(2);

    const { client: down } = setup({ serverError: true });
    const error = await failure(down.deleteLead(LEAD_ID));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "Instantly /api/v2/leads/{id} answered 500 Internal Server Error (Internal Server Error; Something went wrong)",
    );
    expectNoKey(error, INSTANTLY_TEST_KEY);

    server.use(
      http.delete(`${INSTANTLY_BASE_URL}/api/v2/leads/:id`, () =>
        HttpResponse.json(
          { statusCode: 400, error: "Bad Request", message: 'params/id must match format "uuid"' },
          { status: 400 },
        ),
      ),
    );
    const bad = await failure(down.deleteLead("not-a-uuid"));
    expect(bad).toBeInstanceOf(NonRetriableError);
    expect(bad.message).toMatch(/^Instantly \/api\/v2\/leads\/\{id\} answered 400/);
  });

  it("says so when the answer is not JSON", async () => {
    server.use(
      http.delete(`${INSTANTLY_BASE_URL}/api/v2/leads/:id`, () =>
        HttpResponse.text("<html>Bad gateway</html>"),
      ),
    );
    const client = createInstantlyClient({ apiKey: INSTANTLY_TEST_KEY });
    const error = await failure(client.deleteLead(LEAD_ID));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe("Instantly /api/v2/leads/{id}: body is not JSON");
  });
});

describe("Instantly failures, mapped for Inngest", () => {
  it("waits as told on 429, then goes on", async () => {
    const { mock, client } = setup({ rateLimitOnce: true, retryAfterSeconds: 42 });
    const error = await failure(client.createCampaign(CAMPAIGN));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe("42");
    expect(error.message).toMatch(
      /^Instantly \/api\/v2\/campaigns rate-limited \(429, Retry-After\): retry in 42 s/,
    );
    expect(await client.createCampaign(CAMPAIGN)).toMatchObject({ status: 0 });
    expect(mock.requests).toHaveLength(2);
  });

  it("says which key to check on 401, never showing it", async () => {
    const wrongKey = "inst-wrong-key-4c81d0e9a2";
    const { client } = setup({}, wrongKey);
    const error = await failure(client.createCampaign(CAMPAIGN));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      "Instantly refused the API key (401): check INSTANTLY_API_KEY (Unauthorized; Invalid API key)",
    );
    expectNoKey(error, wrongKey);
    const { client: revoked } = setup({ unauthorized: true });
    const again = await failure(revoked.activateCampaign("7d1e2c3b-4a5f-4e6d-9c8b-1a2b3c4d5e6f"));
    expect(again).toBeInstanceOf(NonRetriableError);
    expect(again.message).toContain("check INSTANTLY_API_KEY");
    expectNoKey(again, INSTANTLY_TEST_KEY);
  });

  it("retries a 5xx as a plain Error", async () => {
    const { client } = setup({ serverError: true });
    const error = await failure(client.addLeads("7d1e2c3b-4a5f-4e6d-9c8b-1a2b3c4d5e6f", leads(2)));
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe(
      "Instantly /api/v2/leads/add answered 500 Internal Server Error (Internal Server Error; Something went wrong)",
    );
    expectNoKey(error, INSTANTLY_TEST_KEY);
  });

  it("names the failing field of an answer that breaks the documented shape", async () => {
    const { mock, client } = setup({ malformed: true });
    const error = await failure(client.createCampaign(CAMPAIGN));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe("Instantly /api/v2/campaigns: status: expected number, got string");
    const [id = ""] = mock.campaigns.keys();
    const leadsError = await failure(client.addLeads(id, leads(1)));
    expect(leadsError).toBeInstanceOf(ProviderResponseError);
    expect(leadsError.message).toBe(
      "Instantly /api/v2/leads/add: leads_uploaded: expected number, got string",
    );
    server.use(
      http.post(`${INSTANTLY_BASE_URL}/api/v2/campaigns/:id/pause`, () =>
        HttpResponse.json({ id: "not-a-uuid", status: 2 }),
      ),
    );
    const pauseError = await failure(client.pauseCampaign(id));
    expect(pauseError).toBeInstanceOf(ProviderResponseError);
    expect(pauseError.message).toMatch(/^Instantly \/api\/v2\/campaigns\/\{id\}\/pause: id: /);
  });

  it("says so when the answer is not JSON", async () => {
    server.use(
      http.post(`${INSTANTLY_BASE_URL}/api/v2/campaigns`, () =>
        HttpResponse.text("<html>Bad gateway</html>"),
      ),
    );
    const client = createInstantlyClient({ apiKey: INSTANTLY_TEST_KEY });
    const error = await failure(client.createCampaign(CAMPAIGN));
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect(error.message).toBe("Instantly /api/v2/campaigns: body is not JSON");
  });
});

describe("Instantly sandbox", () => {
  const run = async (client: InstantlyClient) => {
    const campaign = await client.createCampaign(CAMPAIGN);
    const added = await client.addLeads(campaign.id, [...leads(200), lead("no-at-sign"), lead("")]);
    return { campaign, added };
  };

  it("is deterministic for a seed, with uuid ids and realistic counts", async () => {
    const a = await run(createInstantlySandbox({ seed: "s1", now: () => NOW }));
    const b = await run(createInstantlySandbox({ seed: "s1", now: () => NOW }));
    const c = await run(createInstantlySandbox({ seed: "s2", now: () => NOW }));
    expect(a).toEqual(b);
    expect(a.campaign).toEqual({ id: expect.stringMatching(UUID), name: CAMPAIGN.name, status: 0 });
    expect(c.campaign.id).not.toBe(a.campaign.id);
    expect(a.added.invalidEmails).toBe(2);
    expect(a.added.duplicated).toBe(0);
    expect(a.added.uploaded + a.added.inBlocklist).toBe(200);
    expect(a.added.created).toHaveLength(a.added.uploaded);
    for (const created of a.added.created) expect(created.id).toMatch(UUID);
    expect(new Set(a.added.created.map((x) => x.id)).size).toBe(a.added.uploaded);
  });

  it("puts about 2% of addresses on the blocklist", async () => {
    const sandbox = createInstantlySandbox({ seed: "blocklist" });
    const { id } = await sandbox.createCampaign(CAMPAIGN);
    const result = await sandbox.addLeads(id, leads(1000));
    expect(result.inBlocklist).toBeGreaterThan(5);
    expect(result.inBlocklist).toBeLessThan(40);
    expect(result.uploaded).toBe(1000 - result.inBlocklist);
  });

  it("counts an address added twice to a campaign as duplicated, in another as skipped", async () => {
    const sandbox = createInstantlySandbox({ seed: "dups" });
    const { id } = await sandbox.createCampaign(CAMPAIGN);
    const first = await sandbox.addLeads(id, leads(50));
    const second = await sandbox.addLeads(id, [...leads(50), lead("new.person@fresh.io")]);
    expect(second.duplicated).toBe(first.uploaded);
    expect(second.duplicated + second.inBlocklist + second.uploaded).toBe(51);
    const within = await sandbox.addLeads(id, [lead("twin@x.io"), lead("TWIN@x.io")]);
    expect(within.uploaded + within.inBlocklist).toBe(1);
    const other = await sandbox.createCampaign({ ...CAMPAIGN, name: "Other" });
    const moved = await sandbox.addLeads(other.id, leads(50));
    expect(moved.skipped).toBe(first.uploaded);
    expect(moved.uploaded).toBe(0);
  });

  it("moves a campaign draft 0 → active 1 → paused 2 and refuses unknown ids", async () => {
    const sandbox = createInstantlySandbox({ seed: "status" });
    const { id, status } = await sandbox.createCampaign(CAMPAIGN);
    expect(status).toBe(0);
    expect(await sandbox.activateCampaign(id)).toEqual({ id, status: 1 });
    expect(await sandbox.pauseCampaign(id)).toEqual({ id, status: 2 });
    expect(await sandbox.activateCampaign(id)).toEqual({ id, status: 1 });
    const again = await sandbox.createCampaign(CAMPAIGN);
    expect(again.id).not.toBe(id);
    const stranger = createInstantlySandbox({ seed: "status" });
    const error = await failure(stranger.activateCampaign(id));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.message).toBe(
      `Instantly does not know campaign ${id} (404) (Not Found; Campaign not found)`,
    );
    expect(await failure(stranger.addLeads(id, leads(1)))).toBeInstanceOf(NonRetriableError);
  });

  it("deletes the leads it created, once, freeing their address; others are not deleted", async () => {
    const sandbox = createInstantlySandbox({ seed: "delete" });
    const { id } = await sandbox.createCampaign(CAMPAIGN);
    const first = await sandbox.addLeads(id, leads(20));
    const [kept, gone] = first.created;
    if (!kept || !gone) throw new Error("expected two created leads");
    expect(await sandbox.deleteLead(` ${gone.id} `)).toEqual({ deleted: true });
    expect(await sandbox.deleteLead(gone.id)).toEqual({ deleted: false });
    expect(await sandbox.deleteLead("5f0c7a21-8b3d-4e9f-a1c2-7d6e5b4a3c21")).toEqual({
      deleted: false,
    });
    const stranger = createInstantlySandbox({ seed: "delete" });
    expect(await stranger.deleteLead(kept.id)).toEqual({ deleted: false });
    const again = await sandbox.addLeads(id, leads(20));
    expect(again.uploaded).toBe(1);
    expect(again.duplicated).toBe(first.uploaded - 1);
    expect(again.created.map((lead) => lead.email)).toEqual([gone.email]);
    expect(await sandbox.deleteLead(kept.id)).toEqual({ deleted: true });
    const other = await sandbox.createCampaign({ ...CAMPAIGN, name: "Other" });
    const moved = await sandbox.addLeads(other.id, leads(20));
    expect(moved.created.map((lead) => lead.email)).toEqual([kept.email]);
    expect(await failure(sandbox.deleteLead(""))).toBeInstanceOf(NonRetriableError);
  });

  it("applies the live client's input checks", async () => {
    const sandbox = createInstantlySandbox({ seed: "checks" });
    const { id } = await sandbox.createCampaign(CAMPAIGN);
    const tooMany = await failure(sandbox.addLeads(id, leads(1001)));
    expect(tooMany.message).toBe(
      "Instantly request refused: at most 1000 leads per call (got 1001)",
    );
    expect(await failure(sandbox.addLeads(id, []))).toBeInstanceOf(NonRetriableError);
    expect(await failure(sandbox.pauseCampaign("nope"))).toBeInstanceOf(NonRetriableError);
    const badSchedule = { ...CAMPAIGN, schedule: { ...CAMPAIGN.schedule, from: "25:00" } };
    expect(await failure(sandbox.createCampaign(badSchedule))).toBeInstanceOf(NonRetriableError);
    expect(sandbox.kind).toBe("sandbox");
    expect(createInstantlyClient({ apiKey: "k" }).kind).toBe("live");
  });
});
