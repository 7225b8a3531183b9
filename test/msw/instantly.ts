// msw handlers for Instantly V2 (`POST /api/v2/campaigns`, `POST /api/v2/leads/add`,
// `POST /api/v2/campaigns/{id}/activate` and `/pause`, `DELETE /api/v2/leads/{id}`) shaped like its
// documented payloads and Fastify-style errors. Handlers check the Bearer key and the request shape
// (schedule, steps, ≤ 1000 leads, `{}` rather than an empty body, no empty JSON body on DELETE),
// keep the campaigns and leads they created (status 0 → 1 → 2, 404 for unknown campaign or lead
// ids), count duplicates and workspace skips, and record every request. Scenarios:
// `rateLimitOnce` (the first call answers 429 with Retry-After), `unauthorized`, `serverError`,
// `malformed` (answers that break the documented shape; the deleted lead has none to break).
import { type HttpHandler, HttpResponse, http } from "msw";
import { INSTANTLY_BASE_URL } from "../../lib/providers/instantly.ts";
import { sandboxUuid } from "../../lib/providers/instantly-sandbox.ts";
import type {
  TInstantlyAddLeadsResponse,
  TInstantlyCampaign,
  TInstantlyErrorBody,
} from "../../lib/providers/instantly-schemas.ts";
import { type RecordedRequest, record } from "./recorder.ts";

export const INSTANTLY_TEST_KEY = "inst-test-key-9f3b6d2e71";

export type InstantlyMockOptions = {
  apiKey?: string;
  /** The first request (whatever its endpoint) answers 429 with `retry-after: retryAfterSeconds`. */
  rateLimitOnce?: boolean;
  retryAfterSeconds?: number;
  /** Every request answers 401, whatever the key. */
  unauthorized?: boolean;
  /** Every request answers 500. */
  serverError?: boolean;
  /** Answers break the documented shape (a string status, a string count). */
  malformed?: boolean;
  /** Addresses (any case) Instantly has on its blocklist. */
  blocklist?: readonly string[];
  /** When campaigns are created (ms since the epoch). */
  at?: number;
};

export type InstantlyMockCampaign = TInstantlyCampaign & { emails: Set<string> };

export type InstantlyMock = {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** Campaigns created through the handlers, by id. */
  campaigns: Map<string, InstantlyMockCampaign>;
  /** Webhooks registered through the handlers. */
  webhooks: { id: string; target_hook_url: string; event_type: string; headers: unknown }[];
};

const API = `${INSTANTLY_BASE_URL}/api/v2`;

const fail = (status: number, error: string, message: string) =>
  HttpResponse.json({ statusCode: status, error, message } satisfies TInstantlyErrorBody, {
    status,
  });
const badRequest = (message: string) => fail(400, "Bad Request", message);
const notFound = (what = "Campaign") => fail(404, "Not Found", `${what} not found`);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

type Checked =
  | { early: Response; body?: undefined }
  | { early?: undefined; body: Record<string, unknown> };

const TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** What Instantly would refuse in a create-campaign body, or null. */
function campaignProblem(body: Record<string, unknown>): string | null {
  if (typeof body.name !== "string" || body.name === "") return "body must have property 'name'";
  const schedules = isObject(body.campaign_schedule) ? body.campaign_schedule.schedules : null;
  if (!Array.isArray(schedules) || schedules.length === 0) {
    return "body/campaign_schedule/schedules must NOT have fewer than 1 items";
  }
  for (const schedule of schedules) {
    if (!isObject(schedule) || typeof schedule.name !== "string") return "schedule needs a name";
    const timing = schedule.timing;
    if (!isObject(timing) || !TIME.test(String(timing.from)) || !TIME.test(String(timing.to))) {
      return "schedule timing must match HH:MM";
    }
    const days = schedule.days;
    if (
      !isObject(days) ||
      !Object.entries(days).every(([day, on]) => /^[0-6]$/.test(day) && typeof on === "boolean")
    ) {
      return "schedule days must map 0-6 to booleans";
    }
    if (typeof schedule.timezone !== "string") return "schedule needs a timezone";
  }
  if (body.sequences !== undefined) {
    const sequences = body.sequences;
    if (!Array.isArray(sequences) || !isObject(sequences[0])) return "sequences must be an array";
    const steps = sequences[0].steps;
    if (!Array.isArray(steps)) return "sequences[0].steps must be an array";
    for (const step of steps) {
      if (!isObject(step) || step.type !== "email") return "steps[].type must be 'email'";
      if (typeof step.delay !== "number") return "steps[].delay must be a number";
      const variants = step.variants;
      if (!Array.isArray(variants) || variants.length === 0) return "steps[].variants is empty";
      for (const variant of variants) {
        if (
          !isObject(variant) ||
          typeof variant.subject !== "string" ||
          typeof variant.body !== "string"
        ) {
          return "variants need a subject and a body";
        }
      }
    }
  }
  return null;
}

export function instantlyHandlers(options: InstantlyMockOptions = {}): InstantlyMock {
  const apiKey = options.apiKey ?? INSTANTLY_TEST_KEY;
  const at = options.at ?? Date.UTC(2025, 5, 2, 14, 3, 27);
  const blocklist = new Set((options.blocklist ?? []).map((email) => email.toLowerCase()));
  const requests: RecordedRequest[] = [];
  const campaigns: InstantlyMock["campaigns"] = new Map();
  /** The leads created through the handlers and not yet deleted: id → its campaign and address. */
  const leadsById = new Map<string, { campaign: InstantlyMockCampaign; email: string }>();
  let rateLimited = false;

  /** Answers for the shared scenarios (key, 429, 500), or null to go on. */
  const scenarios = (request: Request): Response | null => {
    if (options.unauthorized || request.headers.get("authorization") !== `Bearer ${apiKey}`) {
      return fail(401, "Unauthorized", "Invalid API key");
    }
    if (options.rateLimitOnce && !rateLimited) {
      rateLimited = true;
      const seconds = options.retryAfterSeconds ?? 30;
      return HttpResponse.json(
        {
          statusCode: 429,
          error: "Too Many Requests",
          message: "Rate limit exceeded, retry in 30 seconds",
        } satisfies TInstantlyErrorBody,
        { status: 429, headers: { "retry-after": String(seconds) } },
      );
    }
    if (options.serverError) return fail(500, "Internal Server Error", "Something went wrong");
    return null;
  };

  /** Records the request and answers for the shared scenarios, or returns its JSON body. */
  const common = async (request: Request): Promise<Checked> => {
    const seen = await record(request);
    requests.push(seen);
    const early = scenarios(request);
    if (early) return { early };
    if (!isObject(seen.body)) {
      return {
        early: badRequest("Body cannot be empty when content-type is set to 'application/json'"),
      };
    }
    return { body: seen.body };
  };

  /** The campaign as Instantly answers it (a malformed one has a string status). */
  const answer = (campaign: InstantlyMockCampaign) => {
    const { emails: _, ...shown } = campaign;
    return HttpResponse.json(options.malformed ? { ...shown, status: "draft" } : shown);
  };

  const create = http.post(`${API}/campaigns`, async ({ request }) => {
    const checked = await common(request);
    if (checked.early) return checked.early;
    const { body } = checked;
    const problem = campaignProblem(body);
    if (problem) return badRequest(problem);
    const name = String(body.name);
    const id = sandboxUuid("msw", name, campaigns.size);
    const campaign: InstantlyMockCampaign = {
      ...body,
      id,
      name,
      status: 0,
      timestamp_created: new Date(at).toISOString(),
      emails: new Set(),
    };
    campaigns.set(id, campaign);
    return answer(campaign);
  });

  const addLeads = http.post(`${API}/leads/add`, async ({ request }) => {
    const checked = await common(request);
    if (checked.early) return checked.early;
    const { body } = checked;
    if (typeof body.campaign_id !== "string") {
      return badRequest("body must have property 'campaign_id'");
    }
    const leads = body.leads;
    if (!Array.isArray(leads) || leads.length === 0 || leads.length > 1000) {
      return badRequest("body/leads must hold 1 to 1000 items");
    }
    if (!leads.every((lead) => isObject(lead) && typeof lead.email === "string")) {
      return badRequest("body/leads/email must be string");
    }
    const campaign = campaigns.get(body.campaign_id);
    if (!campaign) return notFound();
    const inWorkspace = new Set([...campaigns.values()].flatMap((c) => [...c.emails]));
    const result = {
      status: "success",
      leads_uploaded: 0,
      in_blocklist: 0,
      duplicated_leads: 0,
      skipped_count: 0,
      invalid_email_count: 0,
      created_leads: [] as { id: string; email: string; index: number }[],
    };
    for (const [index, lead] of (leads as { email: string }[]).entries()) {
      const email = lead.email.trim().toLowerCase();
      if (!email.includes("@")) result.invalid_email_count++;
      else if (campaign.emails.has(email)) result.duplicated_leads++;
      else if (body.skip_if_in_workspace === true && inWorkspace.has(email)) result.skipped_count++;
      else if (blocklist.has(email)) result.in_blocklist++;
      else {
        campaign.emails.add(email);
        result.leads_uploaded++;
        const id = sandboxUuid("msw-lead", campaign.id, email);
        leadsById.set(id, { campaign, email });
        result.created_leads.push({ id, email: lead.email, index });
      }
    }
    const sent: TInstantlyAddLeadsResponse | Record<string, unknown> = options.malformed
      ? { ...result, leads_uploaded: String(result.leads_uploaded) }
      : result;
    return HttpResponse.json(sent);
  });

  const setStatus = (action: "activate" | "pause", status: number) =>
    http.post(`${API}/campaigns/:id/${action}`, async ({ request, params }) => {
      const checked = await common(request);
      if (checked.early) return checked.early;
      const campaign = campaigns.get(String(params.id));
      if (!campaign) return notFound();
      campaign.status = status;
      return answer(campaign);
    });

  /** Fastify refuses a JSON content-type with an empty body; a DELETE should carry neither. */
  const deleteLead = http.delete(`${API}/leads/:id`, async ({ request, params }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = scenarios(request);
    if (early) return early;
    const contentType = request.headers.get("content-type") ?? "";
    if (contentType.includes("application/json") && seen.body === undefined) {
      return badRequest("Body cannot be empty when content-type is set to 'application/json'");
    }
    const id = String(params.id);
    const lead = leadsById.get(id);
    if (!lead) return notFound("Lead");
    leadsById.delete(id);
    lead.campaign.emails.delete(lead.email);
    return HttpResponse.json({ id, email: lead.email, campaign: lead.campaign.id });
  });

  /** Webhooks registered through the handlers (one page of two at most, to exercise the cursor). */
  const webhooks: { id: string; target_hook_url: string; event_type: string; headers: unknown }[] =
    [];
  const createWebhook = http.post(`${API}/webhooks`, async ({ request }) => {
    const checked = await common(request);
    if (checked.early) return checked.early;
    const { body } = checked;
    if (typeof body.target_hook_url !== "string" || !/^https?:\/\//.test(body.target_hook_url)) {
      return badRequest('body/target_hook_url must match format "uri"');
    }
    const hook = {
      id: sandboxUuid("msw-webhook", webhooks.length),
      target_hook_url: body.target_hook_url,
      event_type: String(body.event_type ?? "all_events"),
      headers: body.headers ?? null,
    };
    webhooks.push(hook);
    return HttpResponse.json(hook);
  });
  const listWebhooks = http.get(`${API}/webhooks`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = scenarios(request);
    if (early) return early;
    const after = seen.url.searchParams.get("starting_after");
    const from = after ? webhooks.findIndex((w) => w.id === after) + 1 : 0;
    const items = webhooks.slice(from, from + 2);
    const next = from + 2 < webhooks.length ? (items.at(-1)?.id ?? null) : null;
    return HttpResponse.json({ items, next_starting_after: next });
  });

  return {
    handlers: [
      create,
      addLeads,
      setStatus("activate", 1),
      setStatus("pause", 2),
      deleteLead,
      createWebhook,
      listWebhooks,
    ],
    requests,
    campaigns,
    webhooks,
  };
}
