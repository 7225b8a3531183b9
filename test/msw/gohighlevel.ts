// msw handlers for GoHighLevel's contact search (`POST /contacts/search`), shaped like its
// LeadConnector v2 payloads. Handlers check the `Authorization: Bearer` token (401 otherwise), the
// `Version` header, the location and the filter shape, record every request, track how many
// searches run at once, and answer per scenario; "success" serves the sandbox CRM for the seed
// unless `contacts` says otherwise for an email.
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import {
  GOHIGHLEVEL_BASE_URL,
  GOHIGHLEVEL_CONTACTS_VERSION,
  type GoHighLevelRevivalContact,
} from "../../lib/providers/gohighlevel.ts";
import { sandboxContact, sandboxCrmContacts } from "../../lib/providers/gohighlevel-sandbox.ts";
import type {
  TGoHighLevelContact,
  TGoHighLevelContactSearchResponse,
} from "../../lib/providers/gohighlevel-schemas.ts";
import { type RecordedRequest, record } from "./recorder.ts";

export const GHL_TEST_TOKEN = "pit-3f0c9a1e-test-7d42b8";
export const GHL_TEST_LOCATION_ID = "ve9EPM428h8vShlRW1KT";
export const GHL_RETRY_AFTER = "5";

/** "rateLimitOnce": the first search gets 429 with Retry-After, the next ones succeed. */
export type GoHighLevelScenario = "success" | "rateLimitOnce" | "unauthorized" | "serverError";

export type GoHighLevelMockOptions = {
  token?: string;
  locationId?: string;
  scenario?: GoHighLevelScenario;
  /** Seed of the sandbox CRM that "success" serves. */
  seed?: string;
  /** Contacts to serve for given (lower-case) emails instead of the sandbox's; null: none. */
  contacts?: Record<string, TGoHighLevelContact | null>;
  /** The location's contacts for the revival search (default: the sandbox CRM's). */
  crm?: GoHighLevelRevivalContact[];
  /** How long each search takes (to observe concurrency). */
  latencyMs?: number;
};

export type GoHighLevelMock = {
  handlers: HttpHandler[];
  requests: RecordedRequest[];
  /** The most searches that were in progress at once. */
  stats: { maxInFlight: number };
};

/** A contact as the search returns it, with GoHighLevel's usual extra fields. */
export function goHighLevelContact(
  overrides: Partial<TGoHighLevelContact> = {},
): TGoHighLevelContact {
  return {
    id: "pQ7xK2mN9rT4vW1yZ3aB",
    email: "dana.whitfield@northwindanalytics.com",
    tags: ["contacted", "q2-outbound"],
    locationId: GHL_TEST_LOCATION_ID,
    firstNameLowerCase: "dana",
    lastNameLowerCase: "whitfield",
    dateAdded: "2025-04-14T10:22:31.000Z",
    ...overrides,
  };
}

export function goHighLevelHandlers(options: GoHighLevelMockOptions = {}): GoHighLevelMock {
  const token = options.token ?? GHL_TEST_TOKEN;
  const locationId = options.locationId ?? GHL_TEST_LOCATION_ID;
  const scenario = options.scenario ?? "success";
  const seed = options.seed ?? "msw";
  const requests: RecordedRequest[] = [];
  const stats = { maxInFlight: 0 };
  let inFlight = 0;
  let limited = false;

  const contactFor = (email: string): TGoHighLevelContact | null => {
    if (options.contacts && email in options.contacts) return options.contacts[email] ?? null;
    const match = sandboxContact(seed, email);
    return match ? goHighLevelContact({ id: match.contactId, email, tags: match.tags }) : null;
  };

  /** The revival search: a tag `contains` filter and a lastActivity `range` with `lt`, paged. */
  const revivalAnswer = (body: Record<string, unknown>) => {
    const [tagFilter, activityFilter] = body.filters as Record<string, unknown>[];
    const before = (activityFilter?.value as { lt?: unknown } | undefined)?.lt;
    if (
      tagFilter?.field !== "tags" ||
      tagFilter.operator !== "contains" ||
      typeof tagFilter.value !== "string" ||
      activityFilter?.field !== "lastActivity" ||
      activityFilter.operator !== "range" ||
      typeof before !== "string" ||
      typeof body.page !== "number" ||
      typeof body.pageLimit !== "number"
    ) {
      return HttpResponse.json(
        { statusCode: 422, message: ["filters must be tags contains and lastActivity range"] },
        { status: 422 },
      );
    }
    const tag = tagFilter.value;
    const all = (options.crm ?? sandboxCrmContacts(seed, Date.parse(before)))
      .filter((c) => c.tags.includes(tag) && c.lastActivity && c.lastActivity < before)
      .sort((a, b) => (a.lastActivity ?? "").localeCompare(b.lastActivity ?? ""));
    const from = (body.page - 1) * body.pageLimit;
    const page = all.slice(from, from + body.pageLimit).map((c) =>
      goHighLevelContact({
        id: c.contactId,
        email: c.email,
        firstName: c.firstName,
        lastName: c.lastName,
        companyName: c.companyName,
        tags: c.tags,
        // GoHighLevel answers epoch ms here (3p); the client reads both.
        lastActivity: Date.parse(c.lastActivity ?? ""),
      }),
    );
    return HttpResponse.json({ contacts: page, total: all.length });
  };

  const answer = async (seen: RecordedRequest) => {
    if (scenario === "unauthorized" || seen.headers.get("authorization") !== `Bearer ${token}`) {
      return HttpResponse.json({ statusCode: 401, message: "Invalid JWT" }, { status: 401 });
    }
    if (seen.headers.get("version") !== GOHIGHLEVEL_CONTACTS_VERSION) {
      return HttpResponse.json(
        { statusCode: 400, message: "Version header was not found or is invalid" },
        { status: 400 },
      );
    }
    if (scenario === "rateLimitOnce" && !limited) {
      limited = true;
      return HttpResponse.json(
        { statusCode: 429, message: "Too many requests" },
        { status: 429, headers: { "retry-after": GHL_RETRY_AFTER } },
      );
    }
    if (scenario === "serverError") {
      return HttpResponse.json({ statusCode: 502, message: "Bad gateway" }, { status: 502 });
    }
    const body = (seen.body ?? {}) as Record<string, unknown>;
    if (body.locationId !== locationId) {
      return HttpResponse.json(
        { statusCode: 403, message: "The token does not have access to this location." },
        { status: 403 },
      );
    }
    const filters = body.filters;
    if (Array.isArray(filters) && filters.length === 2) return revivalAnswer(body);
    const filter = Array.isArray(filters) && filters.length === 1 ? filters[0] : null;
    const { field, operator, value } = (filter ?? {}) as Record<string, unknown>;
    if (
      body.page !== 1 ||
      typeof body.pageLimit !== "number" ||
      field !== "email" ||
      operator !== "eq" ||
      typeof value !== "string"
    ) {
      return HttpResponse.json(
        { statusCode: 422, message: ["filters must hold one email eq filter"] },
        { status: 422 },
      );
    }
    const contact = contactFor(value);
    const response: TGoHighLevelContactSearchResponse = contact
      ? { contacts: [contact], total: 1 }
      : { contacts: [], total: 0 };
    return HttpResponse.json(response);
  };

  const search = http.post(`${GOHIGHLEVEL_BASE_URL}/contacts/search`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      if (options.latencyMs) await delay(options.latencyMs);
      return await answer(seen);
    } finally {
      inFlight -= 1;
    }
  });

  return { handlers: [search], requests, stats };
}
