// Fuzzing every route as a client could call it: arbitrary methods, path segments, query strings,
// headers and bodies (JSON of any shape, malformed JSON, forms, wrong content types), with and
// without a valid token. No client input may ever get a 5xx. Bounded: a few thousand requests.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "../../lib/http/api-routes.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "fuzz-dashboard-token-0123456789abcdefg";
let runtime: TestRuntime;
let app: ReturnType<typeof createApp>;
let cardId = "card_00000000000000000000";
let runId = "run_20000101_000000_000000";

beforeAll(async () => {
  runtime = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
    start: new Date("2026-11-24T15:00:00Z"),
  });
  const run = await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 6 }, "fuzz");
  runId = run.id;
  await runtime.engine?.runUntilIdle();
  cardId = (await runtime.repos.cards.pendingIds())[0] ?? cardId;
  app = createApp(runtime);
});
afterAll(async () => {
  await runtime.close();
});

const PATHS = [
  ...new Set([
    ...API_ROUTES.map((r) => r.path),
    "/health",
    "/sales",
    "/sales/login",
    "/sales/logout",
    "/api/inngest",
    "/nope",
  ]),
];

const segment = fc.oneof(
  fc.constantFrom("toString", "__proto__", "constructor", "..", "%2e%2e", "%00", "card_x", "run_1"),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
const json = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  json.map((value) => ({ type: "application/json", text: JSON.stringify(value) })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: "application/json", text })),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })).map((form) => ({
    type: "application/x-www-form-urlencoded",
    text: new URLSearchParams(form).toString(),
  })),
  fc.string({ maxLength: 100 }).map((text) => ({ type: "text/plain", text })),
  fc.constant(null),
);
const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"),
  path: fc.constantFrom(...PATHS),
  swap: fc.option(segment, { nil: undefined }),
  extra: fc.option(segment, { nil: undefined }),
  query: fc.option(
    fc.dictionary(
      fc.constantFrom("include", "card", "limit", "offset", "stale", "dwell", "heartbeat", "x"),
      fc.string({ maxLength: 20 }),
    ),
    { nil: undefined },
  ),
  auth: fc.constantFrom("valid", "none", "wrong", "garbage"),
  actor: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
  body,
});

describe("fuzzing every route", () => {
  it("never answers a client's input with a 5xx", async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let path = r.path
          .replace("card_00000000000000000000", cardId)
          .replace("run_20000101_000000_000000", runId);
        if (r.swap !== undefined) path = path.replace(/\/[^/]+$/, `/${r.swap}`);
        if (r.extra !== undefined) path = `${path}/${r.extra}`;
        const query = r.query ? `?${new URLSearchParams(r.query).toString()}` : "";
        const headers: Record<string, string> = {};
        if (r.auth === "valid") headers.authorization = `Bearer ${TOKEN}`;
        if (r.auth === "wrong") headers.authorization = "Bearer not-the-token-0123456789abcdef";
        if (r.auth === "garbage") headers.authorization = "Basic Zm9vOmJhcg== Bearer x y";
        if (r.actor !== undefined) headers["x-actor"] = r.actor.replace(/[^\x20-\x7e]/g, "?");
        if (r.body) headers["content-type"] = r.body.type;
        const init: RequestInit = { method: r.method, headers };
        if (r.body && !["GET", "OPTIONS"].includes(r.method)) init.body = r.body.text;
        let status = 0;
        try {
          status = (await app.request(`http://127.0.0.1${path}${query}`, init)).status;
        } catch (error) {
          failures.push(`${r.method} ${path}${query}: threw ${String(error)}`);
          return false;
        }
        if (status >= 500)
          failures.push(`${r.method} ${path}${query} (${r.body?.type}): ${status}`);
        return status < 500;
      }),
      { numRuns: 2500, seed: 20261201, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
