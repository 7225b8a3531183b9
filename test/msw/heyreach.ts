// msw handlers for HeyReach (`POST /list/AddLeadsToListV2`, `POST /campaign/AddLeadsToCampaignV2`,
// `POST /campaign/Pause?campaignId=`, `POST /campaign/Resume?campaignId=`,
// `POST /campaign/StopLeadInCampaign`) shaped like its documented payloads. Handlers check the
// `X-API-KEY` header (401 otherwise) and the request shape (ids, 1–100 leads, `profileUrl`, no null
// fields, a `leadUrl`), record every request, and answer per scenario; "success" serves the
// sandbox for the seed (failures, updates, campaign statuses, stopped leads).
import { type HttpHandler, HttpResponse, http } from "msw";
import { HEYREACH_BASE_URL } from "../../lib/providers/heyreach.ts";
import {
  HEYREACH_WEBHOOK_EVENTS,
  type HeyReachLeadInput,
} from "../../lib/providers/heyreach-requests.ts";
import {
  createHeyReachSandbox,
  type HeyReachCampaignStatus,
} from "../../lib/providers/heyreach-sandbox.ts";
import type { THeyReachAddLeadsToCampaignResponse } from "../../lib/providers/heyreach-schemas.ts";
import { type RecordedRequest, record } from "./recorder.ts";

export const HEYREACH_TEST_KEY = "hr-test-key-5b9f2e71ac";

/** "rateLimitOnce": the first request gets 429 with Retry-After, the next ones succeed. */
export type HeyReachScenario = "success" | "rateLimitOnce" | "unauthorized" | "serverError";

export type HeyReachMockOptions = {
  apiKey?: string;
  scenario?: HeyReachScenario;
  /** Seed of the sandbox whose answers "success" serves. */
  seed?: string;
  /** How AddLeadsToListV2 answers (undocumented): with counts (default) or an empty body. */
  listAnswer?: "counts" | "empty";
};

export type HeyReachMock = {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** The campaign's status as the mocked Pause/Resume calls left it. */
  campaignStatus(campaignId: number): HeyReachCampaignStatus;
  /** Whether the mocked StopLeadInCampaign stopped this lead in this campaign. */
  leadStopped(campaignId: number, leadUrl: string): boolean;
};

export const HEYREACH_RETRY_AFTER = "7";

const isId = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value > 0;

const badRequest = (message: string) => HttpResponse.json({ message }, { status: 400 });

/** The lead as the sandbox takes it, or why HeyReach would refuse it. */
function readLead(value: unknown, where: string): HeyReachLeadInput | string {
  if (typeof value !== "object" || value === null) return `${where} must be an object`;
  const lead = value as Record<string, unknown>;
  if (typeof lead.profileUrl !== "string" || lead.profileUrl.trim() === "") {
    return `${where}.profileUrl is required`;
  }
  for (const [name, field] of Object.entries(lead)) {
    if (field === null) return `${where}.${name} must not be null`;
  }
  const text = (name: string): string | null =>
    typeof lead[name] === "string" ? (lead[name] as string) : null;
  const fields = lead.customUserFields ?? [];
  if (!Array.isArray(fields)) return `${where}.customUserFields must be an array`;
  return {
    profileUrl: lead.profileUrl,
    firstName: text("firstName") ?? "",
    lastName: text("lastName") ?? "",
    companyName: text("companyName"),
    position: text("position"),
    emailAddress: text("emailAddress"),
    customUserFields: fields as { name: string; value: string }[],
  };
}

/** The leads of a list or pairs of a campaign, or why HeyReach would refuse them. */
function readLeads(items: unknown, name: string, pick: (item: unknown) => unknown) {
  if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
    return `${name} must hold 1 to 100 entries`;
  }
  const leads: HeyReachLeadInput[] = [];
  for (const [i, item] of items.entries()) {
    const lead = readLead(pick(item), `${name}[${i}]`);
    if (typeof lead === "string") return lead;
    leads.push(lead);
  }
  return leads;
}

export function heyReachHandlers(options: HeyReachMockOptions = {}): HeyReachMock {
  const apiKey = options.apiKey ?? HEYREACH_TEST_KEY;
  const scenario = options.scenario ?? "success";
  const sandbox = createHeyReachSandbox({ seed: options.seed ?? "msw" });
  const requests: RecordedRequest[] = [];
  let limited = false;

  /** Records the request and answers the scenarios shared by every endpoint, or null. */
  const common = async (request: Request) => {
    const seen = await record(request);
    requests.push(seen);
    if (scenario === "unauthorized" || request.headers.get("x-api-key") !== apiKey) {
      return { seen, early: HttpResponse.json({ message: "Unauthorized" }, { status: 401 }) };
    }
    if (scenario === "rateLimitOnce" && !limited) {
      limited = true;
      return {
        seen,
        early: HttpResponse.json(
          { message: "Too many requests" },
          { status: 429, headers: { "retry-after": HEYREACH_RETRY_AFTER } },
        ),
      };
    }
    if (scenario === "serverError") {
      return { seen, early: HttpResponse.json({ message: "Internal error" }, { status: 500 }) };
    }
    return { seen, early: null };
  };

  const counts = (result: {
    added: number;
    updated: number;
    failed: number;
  }): THeyReachAddLeadsToCampaignResponse => ({
    addedLeadsCount: result.added,
    updatedLeadsCount: result.updated,
    failedLeadsCount: result.failed,
  });

  const list = http.post(`${HEYREACH_BASE_URL}/list/AddLeadsToListV2`, async ({ request }) => {
    const { seen, early } = await common(request);
    if (early) return early;
    const body = (seen.body ?? {}) as { listId?: unknown; leads?: unknown };
    if (!isId(body.listId)) return badRequest("listId is required");
    const leads = readLeads(body.leads, "leads", (item) => item);
    if (typeof leads === "string") return badRequest(leads);
    const result = await sandbox.addLeadsToList(body.listId, leads);
    if (options.listAnswer === "empty") return new HttpResponse(null, { status: 200 });
    return HttpResponse.json(counts(result));
  });

  const campaign = http.post(
    `${HEYREACH_BASE_URL}/campaign/AddLeadsToCampaignV2`,
    async ({ request }) => {
      const { seen, early } = await common(request);
      if (early) return early;
      const body = (seen.body ?? {}) as { campaignId?: unknown; accountLeadPairs?: unknown };
      if (!isId(body.campaignId)) return badRequest("campaignId is required");
      const pairs = Array.isArray(body.accountLeadPairs) ? body.accountLeadPairs : [];
      for (const pair of pairs) {
        const account = (pair as { linkedInAccountId?: unknown } | null)?.linkedInAccountId;
        if (account !== undefined && !isId(account)) {
          return badRequest("linkedInAccountId must be a positive integer");
        }
      }
      const leads = readLeads(
        body.accountLeadPairs,
        "accountLeadPairs",
        (pair) => (pair as { lead?: unknown } | null)?.lead,
      );
      if (typeof leads === "string") return badRequest(leads);
      const result = await sandbox.addLeadsToCampaign(
        body.campaignId,
        leads.map((lead) => ({ linkedInAccountId: null, lead })),
      );
      return HttpResponse.json(counts(result));
    },
  );

  const action = (name: "Pause" | "Resume") =>
    http.post(`${HEYREACH_BASE_URL}/campaign/${name}`, async ({ request }) => {
      const { seen, early } = await common(request);
      if (early) return early;
      const campaignId = Number(seen.url.searchParams.get("campaignId"));
      if (!isId(campaignId)) return badRequest("campaignId is required");
      if (name === "Pause") await sandbox.pauseCampaign(campaignId);
      else await sandbox.resumeCampaign(campaignId);
      return new HttpResponse(null, { status: 200 });
    });

  const stopLead = http.post(
    `${HEYREACH_BASE_URL}/campaign/StopLeadInCampaign`,
    async ({ request }) => {
      const { seen, early } = await common(request);
      if (early) return early;
      const body = (seen.body ?? {}) as { campaignId?: unknown; leadUrl?: unknown };
      if (!isId(body.campaignId)) return badRequest("campaignId is required");
      if (typeof body.leadUrl !== "string" || body.leadUrl.trim() === "") {
        return badRequest("leadUrl is required");
      }
      await sandbox.stopLeadInCampaign(body.campaignId, body.leadUrl);
      return new HttpResponse(null, { status: 200 });
    },
  );

  const createWebhook = http.post(
    `${HEYREACH_BASE_URL}/webhooks/CreateWebhook`,
    async ({ request }) => {
      const { seen, early } = await common(request);
      if (early) return early;
      const body = (seen.body ?? {}) as Record<string, unknown>;
      if (typeof body.webhookName !== "string" || body.webhookName === "") {
        return badRequest("webhookName is required");
      }
      if (typeof body.webhookUrl !== "string" || !/^https?:\/\//.test(body.webhookUrl)) {
        return badRequest("webhookUrl must be a URL");
      }
      if (!(HEYREACH_WEBHOOK_EVENTS as readonly unknown[]).includes(body.eventType)) {
        return badRequest("eventType is not a webhook event type");
      }
      return new HttpResponse(null, { status: 200 });
    },
  );

  return {
    handlers: [list, campaign, action("Pause"), action("Resume"), stopLead, createWebhook],
    requests,
    campaignStatus: (campaignId) => sandbox.campaignStatus(campaignId),
    leadStopped: (campaignId, leadUrl) => sandbox.leadStopped(campaignId, leadUrl),
  };
}
