// Helpers for the dispatch suites: a runtime on a Tuesday morning inside the send window (embedded
// store, or its own database of the shared redis-server), config changes per test, a queue of
// approved cards from a sandbox run, and the msw servers of the sending providers.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import type { TConfig } from "../../lib/config/schemas.ts";
import { approveBatch } from "../../lib/dispatch/batch-lifecycle.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createApp } from "../../routes/app.ts";
import { goHighLevelHandlers } from "../msw/gohighlevel.ts";
import { heyReachHandlers } from "../msw/heyreach.ts";
import { instantlyHandlers } from "../msw/instantly.ts";
import { withRealSender } from "../support/real-sender.ts";
import { testRedisUrl } from "../support/redis.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

/** An API answer or a recorded request body, read field by field in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk JSON of documented shapes
export type Json = Record<string, any>;

/** Tuesday 24 November 2026, 10:00 in Detroit: inside the send window. */
export const TUESDAY_10AM = new Date("2026-11-24T15:00:00Z");
/** The redis-server database the dispatch suites use (no other suite uses it; the signal suites use 14). */
const REDIS_DB = 13;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge<T>(base: T, change: DeepPartial<T> | undefined): T {
  if (!change) return base;
  const out = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(change)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      current &&
      typeof current === "object"
        ? merge(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}

/** The app's config with a change (e.g. the ramp's tiers). */
/** The app's config, with a real-looking sender (production cards pass), and a change. */
export const configWith = (change?: DeepPartial<TConfig>): TConfig =>
  merge(withRealSender(loadConfig()), change);

/** Every tier allowed while ramping, so a small sandbox run has leads to send. */
export const ALL_TIERS: DeepPartial<TConfig> = {
  ramp: { ramp_tiers: ["tier_1", "tier_2", "tier_3"] },
};

export async function dispatchRuntime(
  options: {
    config?: DeepPartial<TConfig>;
    env?: Record<string, string>;
    redis?: boolean;
    start?: Date;
    /** Fire cron triggers as the virtual clock moves (default true). */
    crons?: boolean;
    /** The redis-server database (default 13): suites running side by side each use their own. */
    redisDb?: number;
  } = {},
): Promise<TestRuntime> {
  const url = testRedisUrl();
  if (options.redis && !url) throw new Error("the dispatch suite needs redis-server (see README)");
  const rt = await createTestRuntime({
    start: options.start ?? TUESDAY_10AM,
    config: configWith(options.config),
    ...(options.crons === false && { startCrons: false }),
    rawEnv: {
      ...(options.redis ? { REDIS_URL: `${url}/${options.redisDb ?? REDIS_DB}` } : {}),
      ...options.env,
    },
  });
  if (options.redis) await rt.store.redis.flushdb();
  return rt;
}

/**
 * Runs a pipeline of `limit` leads and approves every card; returns the card ids. The run is a
 * production run (its providers are still sandboxes, having no keys), because a sandbox run's
 * leads never go to a live provider.
 */
export async function approvedCards(rt: TestRuntime, limit: number): Promise<string[]> {
  await startRun(rt, { campaign: "default", mode: "production", limit }, "test");
  await rt.engine?.runUntilIdle();
  const ids = await rt.repos.cards.pendingIds();
  for (const id of ids) await approveCard(rt, id, {}, "Head of Sales");
  await rt.engine?.runUntilIdle();
  return ids;
}

/** The env that makes the sending providers live clients (msw answers them); the CRM stays a sandbox. */
export const LIVE_PROVIDER_ENV = {
  SHADOW_MODE: "false",
  INSTANTLY_API_KEY: "inst-test-key-9f3b6d2e71",
  HEYREACH_API_KEY: "hr-test-key-5b9f2e71ac",
};

/** The env that makes GoHighLevel a live client too (its searches are spaced 100 ms apart). */
export const LIVE_CRM_ENV = {
  GHL_API_TOKEN: "pit-3f0c9a1e-test-7d42b8",
  GHL_LOCATION_ID: "ve9EPM428h8vShlRW1KT",
};

/** An msw server that fails any request no handler answers. */
export function useProviderServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** The three sending providers' handlers, each recording what it received. */
export function sendingProviders(
  options: {
    instantly?: Parameters<typeof instantlyHandlers>[0];
    heyReach?: Parameters<typeof heyReachHandlers>[0];
    ghl?: Parameters<typeof goHighLevelHandlers>[0];
  } = {},
) {
  const instantly = instantlyHandlers(options.instantly);
  const heyReach = heyReachHandlers(options.heyReach);
  const ghl = goHighLevelHandlers(options.ghl);
  return {
    instantly,
    heyReach,
    ghl,
    handlers: [...instantly.handlers, ...heyReach.handlers, ...ghl.handlers],
  };
}

/** The dashboard token the dispatch suites' runtimes are given (`DASHBOARD_AUTH_TOKEN`). */
export const OPERATOR_TOKEN = "operator-dashboard-token-0123456789abcdef";

/** The app's API as a token caller named `actor`: JSON in, status and JSON out. */
export function operatorApi(runtime: TestRuntime, actor = "Ops Lead") {
  const app = createApp(runtime);
  return async (
    path: string,
    init: { method?: string; body?: unknown; raw?: string } = {},
  ): Promise<{ status: number; json: Json }> => {
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const res = await app.request(path, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${OPERATOR_TOKEN}`,
        "content-type": "application/json",
        "x-actor": actor,
      },
      ...(body !== undefined && { body }),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
}

/**
 * A live outbound dispatch whose batches the Head of Sales approves at once, run for `forMs` of
 * virtual time (a minute by default: enough to send, while the cadences it starts sleep on);
 * returns the dispatch's answer.
 */
export async function sendLive(rt: TestRuntime, forMs = 60_000) {
  const live = await runOutbound(rt, { live: true, by: "operator" });
  for (const batch of live.batches) await approveBatch(rt, batch.id, "Head of Sales");
  await rt.engine?.runUntilIdle({ until: rt.now().getTime() + forMs });
  return live;
}
