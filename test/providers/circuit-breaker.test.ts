// Provider circuit breakers: closed → open after the threshold of failures in a row (alerted),
// fast failures with a RetryAfterError while open (the provider is not called), one trial call
// after the cool-down (a failure opens it again, a success closes it, alerted), refusals of the
// request itself not counted — on the virtual clock; one state seen by two processes sharing
// Redis; and GET /api/health/providers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NonRetriableError, RetryAfterError } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/load-config.ts";
import { VirtualClock } from "../../lib/engine/clock.ts";
import {
  type BreakerDeps,
  guardClient,
  type TBreakerNews,
} from "../../lib/providers/circuit-breaker.ts";
import { PROVIDER_NAMES } from "../../lib/providers/guard-providers.ts";
import { createBreakerRepo } from "../../lib/store/breaker-repo.ts";
import { openStore, type Store } from "../../lib/store/index.ts";
import { dispatchRuntime, OPERATOR_TOKEN, operatorApi } from "../dispatch/support.ts";
import { NO_REDIS_REASON, testRedisUrl } from "../support/redis.ts";

const config = loadConfig(); // threshold 5, cool-down 60 s
const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

/** A live-looking Instantly whose calls fail while `failing` says so, counting its calls. */
function flakyInstantly() {
  const state = { failing: true, calls: 0, refuse: false };
  const client = {
    kind: "live" as const,
    async pauseCampaign(id: string) {
      state.calls += 1;
      if (state.refuse) throw new NonRetriableError(`Instantly does not know campaign ${id} (404)`);
      if (state.failing) throw new Error("Instantly answered 502 Bad Gateway");
      return { id, status: 2 };
    },
  };
  return { client, state };
}

function breakerDeps(store: Store, clock: VirtualClock, news: TBreakerNews[]): BreakerDeps {
  return {
    repo: createBreakerRepo(store.redis),
    config,
    now: () => clock.now(),
    names: PROVIDER_NAMES,
    onChange: (n) => news.push(n),
    onStoreError: (error) => {
      throw error;
    },
  };
}

describe("provider circuit breakers", () => {
  it("open after 5 failures, fail fast, let one trial through after the cool-down, and close on success", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 24, 15));
    const dir = mkdtempSync(join(tmpdir(), "as-breaker-"));
    const store = await openStore({ DATA_DIR: dir }, { now: () => clock.now() });
    open.push(store, { close: async () => rmSync(dir, { recursive: true, force: true }) });
    const news: TBreakerNews[] = [];
    const { client, state } = flakyInstantly();
    const guarded = guardClient(client, "instantly", breakerDeps(store, clock, news));
    // A refusal of the request itself is not an outage.
    state.refuse = true;
    for (let i = 0; i < 6; i++) await expect(guarded.pauseCampaign("c1")).rejects.toThrow(/404/);
    expect(news).toEqual([]);
    state.refuse = false;
    for (let i = 0; i < 5; i++) await expect(guarded.pauseCampaign("c1")).rejects.toThrow(/502/);
    expect(news.map((n) => [n.provider, n.change])).toEqual([["instantly", "opened"]]);
    expect(news[0]?.breaker).toMatchObject({ state: "open", failures: 5 });
    // Open: fails fast without calling Instantly.
    const calls = state.calls;
    const fast = guarded.pauseCampaign("c1");
    await expect(fast).rejects.toBeInstanceOf(RetryAfterError);
    await expect(guarded.pauseCampaign("c1")).rejects.toThrow(
      /circuit is open until 2026-11-24T15:01:00/,
    );
    expect(state.calls).toBe(calls);
    // After the cool-down one trial goes; it fails: open again for another minute.
    clock.advance(60_000);
    await expect(guarded.pauseCampaign("c1")).rejects.toThrow(/502/);
    expect(state.calls).toBe(calls + 1);
    await expect(guarded.pauseCampaign("c1")).rejects.toBeInstanceOf(RetryAfterError);
    // The next trial succeeds: closed, recovery told, calls go through.
    clock.advance(60_000);
    state.failing = false;
    await expect(guarded.pauseCampaign("c1")).resolves.toEqual({ id: "c1", status: 2 });
    expect(news.map((n) => n.change)).toEqual(["opened", "recovered"]);
    await expect(guarded.pauseCampaign("c2")).resolves.toEqual({ id: "c2", status: 2 });
    expect(await createBreakerRepo(store.redis).get("instantly")).toMatchObject({
      state: "closed",
      failures: 0,
    });
  });

  it.skipIf(!testRedisUrl())(
    `two processes on one Redis see one circuit ${testRedisUrl() ? "" : NO_REDIS_REASON}`,
    async () => {
      const url = `${testRedisUrl()}/11`;
      const clock = new VirtualClock(Date.UTC(2026, 10, 24, 15));
      const [a, b] = [await openStore({ REDIS_URL: url }), await openStore({ REDIS_URL: url })];
      open.push(a, b);
      await a.redis.flushdb();
      const first = flakyInstantly();
      const second = flakyInstantly();
      second.state.failing = false;
      const inA = guardClient(first.client, "instantly", breakerDeps(a, clock, []));
      const inB = guardClient(second.client, "instantly", breakerDeps(b, clock, []));
      for (let i = 0; i < 5; i++) await expect(inA.pauseCampaign("c1")).rejects.toThrow(/502/);
      // The other process fails fast too, without calling Instantly.
      await expect(inB.pauseCampaign("c1")).rejects.toBeInstanceOf(RetryAfterError);
      expect(second.state.calls).toBe(0);
      // After the cool-down only one of the two gets the trial call (it fails, so the circuit
      // opens again and the other is refused whichever comes first).
      second.state.failing = true;
      clock.advance(60_000);
      const trials = await Promise.allSettled([inA.pauseCampaign("c1"), inB.pauseCampaign("c1")]);
      expect(first.state.calls + second.state.calls).toBe(5 + 1);
      expect(
        trials.filter((t) => t.status === "rejected" && t.reason instanceof RetryAfterError),
      ).toHaveLength(1);
      await a.redis.flushdb();
    },
  );

  it("GET /api/health/providers shows each provider's client and breaker, its last error masked", async () => {
    const rt = await dispatchRuntime({
      env: { DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN, INSTANTLY_API_KEY: "inst-test-key-9f3b6d2e71" },
    });
    open.push(rt);
    await createBreakerRepo(rt.store.redis).update("instantly", (b) => ({
      next: {
        ...b,
        state: "open",
        failures: 5,
        retryAt: "2026-11-24T15:01:00.000Z",
        lastError: "502 for key inst-test-key-9f3b6d2e71",
        lastErrorAt: "2026-11-24T15:00:00.000Z",
      },
      result: null,
    }));
    const { status, json } = await operatorApi(rt)("/api/health/providers");
    expect(status).toBe(200);
    const instantly = json.providers.find((p: { provider: string }) => p.provider === "Instantly");
    expect(instantly).toMatchObject({
      client: "live",
      state: "open",
      failures: 5,
      retryAt: "2026-11-24T15:01:00.000Z",
    });
    expect(instantly.lastError).not.toContain("inst-test-key-9f3b6d2e71");
    const apollo = json.providers.find((p: { provider: string }) => p.provider === "Apollo");
    expect(apollo).toMatchObject({ client: "sandbox", state: "closed", failures: 0 });
    expect(json.providers).toHaveLength(6);
  });
});
