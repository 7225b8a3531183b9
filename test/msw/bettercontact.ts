// msw handlers for BetterContact (`POST /async`, `GET /async/{id}`) shaped like its documented
// payloads, plus fixture builders. Handlers check the `X-API-Key` header and the submit body
// (1–100 contacts, our uuid in custom_fields, emails only), keep submitted requests, answer
// "processing" for `pendingPolls` polls, then "terminated" with the sandbox world's results.
import { type HttpHandler, HttpResponse, http } from "msw";
import { BETTERCONTACT_BASE_URL } from "../../lib/providers/bettercontact.ts";
import type {
  TBetterContactContact,
  TBetterContactPollResponse,
} from "../../lib/providers/bettercontact-schemas.ts";
import { sandboxJob } from "../../lib/providers/sandbox/bettercontact-world.ts";
import { type RecordedRequest, record } from "./recorder.ts";

export const BETTERCONTACT_TEST_KEY = "bc-test-key-51f0e7b2a9";

export type BetterContactScenario =
  | "success"
  | "rate-limited"
  | "unauthorized"
  | "malformed"
  | "server-error";

export type BetterContactMockOptions = {
  apiKey?: string;
  scenario?: BetterContactScenario;
  /** Seed of the sandbox world whose results "success" serves. */
  seed?: string;
  /** Polls answered "processing" before a request is terminated. */
  pendingPolls?: number;
  /** The word for a good address: the docs disagree between "deliverable" and "valid". */
  deliverableWord?: "deliverable" | "valid";
  /** custom_fields as BetterContact returns them (a name/value list) or as we send them. */
  customFields?: "list" | "object";
};

/** A submitted contact as the handler keeps it. */
export type SubmittedContact = {
  first_name: string;
  last_name: string;
  company?: string;
  company_domain?: string;
  linkedin_url?: string;
  custom_fields: { uuid: string };
};

export type BetterContactMock = {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** Submitted requests by id. */
  jobs: Map<string, { contacts: SubmittedContact[]; polls: number }>;
};

/** One result row as `GET /async/{id}` returns it: found, deliverable, uuid in a name/value list. */
export function betterContactContact(
  overrides: Partial<TBetterContactContact> = {},
): TBetterContactContact {
  return {
    enriched: true,
    contact_first_name: "Dana",
    contact_last_name: "Whitfield",
    contact_email_address: "dana.whitfield@northwindanalytics.com",
    contact_email_address_status: "deliverable",
    contact_job_title: "VP Sales",
    contact_linkedin_profile_url: "https://www.linkedin.com/in/dana-whitfield-4b1a2c",
    company_name: "Northwind Analytics",
    company_domain: "northwindanalytics.com",
    custom_fields: [{ name: "uuid", value: "lead-1" }],
    ...overrides,
  };
}

export function betterContactPollResponse(
  data: TBetterContactContact[],
  overrides: Partial<TBetterContactPollResponse> = {},
): TBetterContactPollResponse {
  const found = data.filter((row) => row.contact_email_address).length;
  return {
    id: "8a3c2f1e-6b4d-4e5f-9a7b-1c2d3e4f5a6b",
    status: "terminated",
    credits_consumed: found,
    credits_left: 4_120,
    summary: { total: data.length, valid: found, not_found: data.length - found },
    data,
    ...overrides,
  };
}

function submitProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "expected a JSON object";
  const { data, enrich_email_address, enrich_phone_number } = body as Record<string, unknown>;
  if (!Array.isArray(data) || data.length === 0) return "data must be a non-empty array";
  if (data.length > 100) return "data can hold at most 100 contacts";
  if (enrich_email_address !== true) return "enrich_email_address must be true";
  if (enrich_phone_number !== false) return "enrich_phone_number must be false";
  for (const [i, contact] of data.entries()) {
    const row = contact as Record<string, unknown> | null;
    if (typeof row?.first_name !== "string" || typeof row.last_name !== "string") {
      return `data[${i}] needs first_name and last_name`;
    }
    const uuid = (row.custom_fields as { uuid?: unknown } | undefined)?.uuid;
    if (typeof uuid !== "string" || uuid === "") return `data[${i}].custom_fields.uuid is missing`;
  }
  return null;
}

export function betterContactHandlers(options: BetterContactMockOptions = {}): BetterContactMock {
  const apiKey = options.apiKey ?? BETTERCONTACT_TEST_KEY;
  const scenario = options.scenario ?? "success";
  const seed = options.seed ?? "msw";
  const requests: RecordedRequest[] = [];
  const jobs: BetterContactMock["jobs"] = new Map();

  const common = (request: Request) => {
    if (request.headers.get("X-API-Key") !== apiKey || scenario === "unauthorized") {
      return HttpResponse.json({ success: false, message: "Invalid API key" }, { status: 401 });
    }
    if (scenario === "rate-limited") {
      return HttpResponse.json(
        { success: false, message: "Too many requests, please try again later." },
        { status: 429, headers: { "retry-after": "20" } },
      );
    }
    if (scenario === "server-error") {
      return HttpResponse.json({ message: "Internal server error" }, { status: 500 });
    }
    return null;
  };

  const submit = http.post(`${BETTERCONTACT_BASE_URL}/async`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = common(request);
    if (early) return early;
    const problem = submitProblem(seen.body);
    if (problem) return HttpResponse.json({ success: false, message: problem }, { status: 400 });
    const id = crypto.randomUUID();
    jobs.set(id, { contacts: (seen.body as { data: SubmittedContact[] }).data, polls: 0 });
    return HttpResponse.json(
      { success: true, id, message: "Processing. Use the ID to check the status." },
      { status: 201 },
    );
  });

  const poll = http.get(`${BETTERCONTACT_BASE_URL}/async/:id`, async ({ request, params }) => {
    requests.push(await record(request));
    const early = common(request);
    if (early) return early;
    const id = String(params.id);
    const job = jobs.get(id);
    if (!job) {
      return HttpResponse.json({ success: false, message: "Request not found" }, { status: 406 });
    }
    job.polls += 1;
    if (job.polls <= (options.pendingPolls ?? 0)) {
      return HttpResponse.json({ id, status: "processing", credits_consumed: 0, data: [] });
    }
    const contacts = job.contacts.map((contact) => ({
      uuid: contact.custom_fields.uuid,
      firstName: contact.first_name,
      lastName: contact.last_name,
      company: contact.company ?? null,
      companyDomain: contact.company_domain ?? null,
      linkedinUrl: contact.linkedin_url ?? null,
    }));
    const answer = sandboxJob(seed, id, contacts);
    const data = (answer.data ?? []).map((row, i) => ({
      ...row,
      contact_email_address_status:
        row.contact_email_address_status === "deliverable"
          ? (options.deliverableWord ?? "deliverable")
          : row.contact_email_address_status,
      custom_fields:
        options.customFields === "object" ? { uuid: contacts[i]?.uuid } : row.custom_fields,
    }));
    if (scenario === "malformed") {
      return HttpResponse.json({
        ...answer,
        data: data.map((row, i) => (i === 0 ? { ...row, contact_email_address: 42 } : row)),
      });
    }
    return HttpResponse.json({ ...answer, data });
  });

  return { handlers: [submit, poll], requests, jobs };
}
