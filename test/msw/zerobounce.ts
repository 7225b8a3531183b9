// msw handlers for ZeroBounce (`GET api.zerobounce.net/v2/validate`, `POST
// bulkapi.zerobounce.net/v2/validatebatch`) shaped like its documented payloads, plus fixture
// builders. Handlers check the key (`api_key` in the query or the body) and the request shape
// (email and ip_address present, ≤ 200 per batch) and serve the sandbox world's verdicts.
import { type HttpHandler, HttpResponse, http } from "msw";
import { sandboxVerdict } from "../../lib/providers/sandbox/zerobounce-world.ts";
import { ZEROBOUNCE_BASE_URL, ZEROBOUNCE_BULK_BASE_URL } from "../../lib/providers/zerobounce.ts";
import type { TZeroBounceResult } from "../../lib/providers/zerobounce-schemas.ts";
import { type RecordedRequest, record } from "./recorder.ts";

export const ZEROBOUNCE_TEST_KEY = "zb-test-key-0d4e8c17f3";

/** "key-error" is ZeroBounce's way: status 200 with `{ error }`; "unauthorized" a plain 401. */
export type ZeroBounceScenario =
  | "success"
  | "key-error"
  | "unauthorized"
  | "rate-limited"
  | "malformed"
  | "server-error";

export type ZeroBounceMockOptions = {
  apiKey?: string;
  scenario?: ZeroBounceScenario;
  /** Seed of the sandbox world whose verdicts "success" serves. */
  seed?: string;
  /** When verdicts are processed (ms since the epoch). */
  at?: number;
  /** Verdicts to serve for given addresses instead of the world's. */
  verdicts?: Record<string, Partial<TZeroBounceResult>>;
};

export type ZeroBounceMock = { handlers: HttpHandler[]; requests: RecordedRequest[] };

export const ZEROBOUNCE_KEY_ERROR = "Invalid API key or your account ran out of credits";

/** A verdict as `/v2/validate` returns it: valid, with ZeroBounce's string booleans. */
export function zeroBounceResult(overrides: Partial<TZeroBounceResult> = {}): TZeroBounceResult {
  return {
    address: "dana.whitfield@northwindanalytics.com",
    status: "valid",
    sub_status: "",
    free_email: false,
    did_you_mean: null,
    mx_found: "true",
    processed_at: "2025-06-02 14:03:27.412",
    ...overrides,
  };
}

export function zeroBounceHandlers(options: ZeroBounceMockOptions = {}): ZeroBounceMock {
  const apiKey = options.apiKey ?? ZEROBOUNCE_TEST_KEY;
  const scenario = options.scenario ?? "success";
  const seed = options.seed ?? "msw";
  const at = options.at ?? Date.UTC(2025, 5, 2, 14, 3, 27);
  const requests: RecordedRequest[] = [];

  const verdict = (email: string): TZeroBounceResult => ({
    ...sandboxVerdict(seed, email, at),
    ...options.verdicts?.[email],
  });

  /** The answer for scenarios shared by both endpoints, or null to go on. */
  const common = (key: string | null) => {
    if (scenario === "unauthorized") {
      return HttpResponse.json({ error: ZEROBOUNCE_KEY_ERROR }, { status: 401 });
    }
    if (key !== apiKey || scenario === "key-error") return "key-error" as const;
    if (scenario === "rate-limited") {
      return HttpResponse.json(
        { error: "Rate limit exceeded" },
        { status: 429, headers: { "retry-after": "60" } },
      );
    }
    if (scenario === "server-error") {
      return HttpResponse.json({ error: "Service unavailable" }, { status: 503 });
    }
    return null;
  };

  const validate = http.get(`${ZEROBOUNCE_BASE_URL}/v2/validate`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const early = common(seen.url.searchParams.get("api_key"));
    if (early === "key-error") return HttpResponse.json({ error: ZEROBOUNCE_KEY_ERROR });
    if (early) return early;
    const email = seen.url.searchParams.get("email");
    if (!email || !seen.url.searchParams.has("ip_address")) {
      return HttpResponse.json({ error: "email and ip_address are required" }, { status: 400 });
    }
    if (scenario === "malformed") return HttpResponse.json({ ...verdict(email), status: 42 });
    return HttpResponse.json(verdict(email));
  });

  const batch = http.post(`${ZEROBOUNCE_BULK_BASE_URL}/v2/validatebatch`, async ({ request }) => {
    const seen = await record(request);
    requests.push(seen);
    const body = (seen.body ?? {}) as { api_key?: unknown; email_batch?: unknown };
    const early = common(typeof body.api_key === "string" ? body.api_key : null);
    if (early === "key-error") {
      return HttpResponse.json({
        email_batch: [],
        errors: [{ error: ZEROBOUNCE_KEY_ERROR, email_address: "all" }],
      });
    }
    if (early) return early;
    const entries = body.email_batch;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > 200) {
      return HttpResponse.json(
        { error: "email_batch must hold 1 to 200 entries" },
        { status: 400 },
      );
    }
    const emails: string[] = [];
    for (const entry of entries) {
      const { email_address, ip_address } = (entry ?? {}) as Record<string, unknown>;
      if (typeof email_address !== "string" || ip_address === undefined) {
        return HttpResponse.json(
          { error: "each entry needs email_address and ip_address" },
          { status: 400 },
        );
      }
      emails.push(email_address);
    }
    const results = emails.map(verdict);
    if (scenario === "malformed") {
      return HttpResponse.json({
        email_batch: results.map((result, i) => (i === 0 ? { ...result, mx_found: 1 } : result)),
        errors: [],
      });
    }
    return HttpResponse.json({ email_batch: results, errors: [] });
  });

  return { handlers: [validate, batch], requests };
}
