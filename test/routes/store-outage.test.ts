// The app over a Redis that hangs (SIGSTOP) or dies (SIGKILL): the API answers 503
// store_unavailable within the command timeout instead of hanging or 500, /health says degraded
// and why, and the API and a pipeline run in progress carry on by themselves once Redis is back.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { functions } from "../../functions/index.ts";
import { createLogger } from "../../lib/log.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createApp } from "../../routes/app.ts";
import { hasRedisServer, type RedisProcess, startRedisServer } from "../support/redis-process.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "outage-dashboard-token-0123456789abcdef";
const TIMEOUT_MS = 300;
/** How much later than the timeout an answer may come on a busy 2-core machine. */
const SLACK_MS = 1200;

describe.skipIf(!hasRedisServer())("the app when Redis hangs or dies", () => {
  let server: RedisProcess;
  let runtime: TestRuntime | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    server.thaw();
    await runtime?.close();
    runtime = undefined;
  });
  afterAll(async () => {
    await server.stop();
  });

  async function setup() {
    const rt = await createTestRuntime({
      rawEnv: {
        DASHBOARD_AUTH_TOKEN: TOKEN,
        REDIS_URL: server.url,
        STORE_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      start: new Date("2026-11-24T15:00:00Z"),
    });
    runtime = rt;
    await rt.store.redis.flushdb();
    const app = createApp(rt);
    const call = async (path: string, method = "GET", body?: unknown) => {
      const started = Date.now();
      const res = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return {
        status: res.status,
        json: await res.json(),
        ms: Date.now() - started,
        retryAfter: res.headers.get("retry-after"),
      };
    };
    const healthy = async () => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const health = await call("/health");
        if (health.status === 200) return health;
        if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(health.json)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return { rt, call, healthy };
  }

  it("answers 503 within the timeout while Redis is frozen, and recovers when it runs again", async () => {
    const { rt, call, healthy } = await setup();
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 3 }, "test");
    await rt.engine?.runUntilIdle();
    const [card] = (await call("/api/emails/pending")).json.cards;
    expect(card).toBeDefined();

    server.freeze();
    for (const [path, method, body] of [
      ["/api/emails/pending", "GET", undefined],
      [`/api/emails/${card.id}/approve`, "POST", {}],
      ["/api/pipeline/runs", "GET", undefined],
    ] as const) {
      const answer = await call(path, method, body);
      expect(answer.status, path).toBe(503);
      expect(answer.retryAfter, path).toBe("2");
      expect(answer.json.error).toBe("store_unavailable");
      expect(answer.json.detail).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+: /);
      expect(answer.ms, path).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    const health = await call("/health");
    expect(health.status).toBe(503);
    expect(health.json.status).toBe("degraded");
    expect(health.json.reason).toMatch(/^store unavailable: Redis at redis:\/\/127\.0\.0\.1:\d+: /);
    expect(health.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);

    server.thaw();
    expect((await healthy()).json).toMatchObject({ status: "ok" });
    expect(health.json.reason).not.toContain(TOKEN);
    // One outage: one alert when it began and one when it ended, however many requests failed.
    const alerts = rt.logs.map(([, line]) => line).filter((line) => line.includes("ALERT"));
    expect(alerts.filter((line) => line.includes("Store unreachable"))).toHaveLength(1);
    expect(alerts.filter((line) => line.includes("Store reachable again"))).toHaveLength(1);
    const approved = await call(`/api/emails/${card.id}/approve`, "POST", {});
    expect(approved.status).toBe(200);
    expect(approved.json.card.status).toBe("approved");
  });

  it("says why while Redis is dead, and works again once it is back", async () => {
    const { call, healthy } = await setup();
    await server.kill();
    const runs = await call("/api/pipeline/runs", "POST", {
      campaign: "default",
      mode: "sandbox",
      limit: 2,
    });
    expect(runs.status).toBe(503);
    expect(runs.json.error).toBe("store_unavailable");
    expect(runs.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    const health = await call("/health");
    expect(health.status).toBe(503);
    expect(health.json.reason).toMatch(/store unavailable: Redis at /);
    await server.restart();
    expect((await healthy()).json.status).toBe("ok");
    expect((await call("/api/emails/pending")).status).toBe(200);
  });

  it("the Vercel entry answers 503 while Redis is down at its first request, then starts", async () => {
    await server.kill();
    vi.stubEnv("VERCEL", "1");
    vi.stubEnv("REDIS_URL", server.url);
    vi.stubEnv("DASHBOARD_AUTH_TOKEN", TOKEN);
    vi.stubEnv("INNGEST_SIGNING_KEY", "signkey-prod-0123456789abcdef");
    vi.stubEnv("INNGEST_EVENT_KEY", "event-key-0123456789");
    vi.stubEnv("STORE_TIMEOUT_MS", String(TIMEOUT_MS));
    vi.stubEnv("LOG_LEVEL", "error");
    try {
      const entry = (await import("../../routes/vercel.ts")).default;
      const down = await entry.request("/health");
      expect(down.status).toBe(503);
      expect(((await down.json()) as { error: string }).error).toBe("store_unavailable");
      await server.restart();
      const up = await entry.request("/health");
      expect(up.status).toBe(200);
      expect(((await up.json()) as { engine: string }).engine).toBe("inngest-cloud");
    } finally {
      vi.unstubAllEnvs();
      await server.restart();
    }
  });

  it("finishes a pipeline run that Redis froze in the middle of", async () => {
    const { rt, call } = await setup();
    const run = await startRun(rt, { campaign: "default", mode: "sandbox", limit: 20 }, "test");
    // Freeze Redis shortly after the engine starts working, for longer than several timeouts.
    const frozen = new Promise<void>((resolve) =>
      setTimeout(() => {
        server.freeze();
        setTimeout(() => {
          server.thaw();
          resolve();
        }, 4 * TIMEOUT_MS);
      }, 30),
    );
    await rt.engine?.runUntilIdle();
    await frozen;
    await rt.engine?.runUntilIdle();
    const scorecard = await rt.repos.runs.scorecard(run.id);
    expect(scorecard?.status).toBe("completed");
    expect((await call("/api/emails/pending")).json.cards.length).toBeGreaterThan(0);
  });
});

describe("the Vercel set-up when Upstash cannot be reached", () => {
  const UPSTASH_URL = "https://eu1-unreachable.upstash.io";
  const server = setupServer(http.post(`${UPSTASH_URL}/*`, () => HttpResponse.error()));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  it("starts, and answers 503 store_unavailable and a degraded /health instead of 500", async () => {
    const rt = await createRuntime({
      functions,
      rawEnv: {
        VERCEL: "1",
        UPSTASH_REDIS_REST_URL: UPSTASH_URL,
        UPSTASH_REDIS_REST_TOKEN: "AXupstash-secret-token-value",
        DASHBOARD_AUTH_TOKEN: TOKEN,
        INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
        INNGEST_EVENT_KEY: "event-key-0123456789",
        STORE_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      logger: createLogger({ level: "error", sink: () => {} }),
      startCrons: false,
    });
    try {
      const app = createApp(rt);
      const headers = { authorization: `Bearer ${TOKEN}` };
      const pending = await app.request("/api/emails/pending", { headers });
      expect(pending.status).toBe(503);
      const body = (await pending.json()) as { error: string; detail: string };
      expect(body.error).toBe("store_unavailable");
      expect(body.detail).toMatch(/^Upstash at https:\/\/eu1-unreachable\.upstash\.io: /);
      expect(body.detail).not.toContain("AXupstash-secret-token-value");
      const health = await app.request("/health");
      expect(health.status).toBe(503);
      expect(((await health.json()) as { status: string }).status).toBe("degraded");
    } finally {
      await rt.close();
    }
  });
});
