// The whole lead pipeline end to end on the embedded engine over a real redis-server: from
// `pipeline.requested` to pending cards, in sandbox mode and in production mode against the
// providers' HTTP APIs (answered by msw), and a second run of the same campaign that adds nothing.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startRun } from "../../lib/pipeline/start-run.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { PENDING_CARDS_KEY, type TCard } from "../../lib/store/card-repo.ts";
import { APOLLO_TEST_KEY } from "../msw/apollo.ts";
import { BETTERCONTACT_TEST_KEY } from "../msw/bettercontact.ts";
import { providerHandlers } from "../msw/index.ts";
import { ZEROBOUNCE_TEST_KEY } from "../msw/zerobounce.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const redisUrl = inject("redisUrl");
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let runtime: TestRuntime | undefined;
afterEach(async () => {
  if (runtime) {
    await runtime.store.redis.flushdb();
    await runtime.close();
  }
  runtime = undefined;
});

/** A runtime on its own Redis database, so this file never meets another suite's keys. */
async function redisRuntime(db: number, extra: Record<string, string> = {}): Promise<TestRuntime> {
  if (!redisUrl) throw new Error("the pipeline end-to-end suite needs redis-server (see README)");
  const rt = await createTestRuntime({ rawEnv: { REDIS_URL: `${redisUrl}/${db}`, ...extra } });
  expect(rt.store.transport).toBe("redis");
  await rt.store.redis.flushdb();
  return rt;
}

async function runToEnd(rt: Runtime & { engine: NonNullable<Runtime["engine"]> }, input: object) {
  const run = await startRun(rt, input, "test");
  await rt.engine.runUntilIdle();
  const card = await rt.repos.runs.scorecard(run.id);
  if (!card) throw new Error("no scorecard");
  return card;
}

async function allCards(rt: Runtime): Promise<TCard[]> {
  const ids = await rt.repos.cards.pendingIds();
  return (await rt.repos.cards.getMany(ids)).filter((c): c is TCard => c !== null);
}

async function countKeys(rt: Runtime, pattern: string): Promise<number> {
  return (await rt.store.redis.keys(pattern)).length;
}

function engineOf(rt: TestRuntime) {
  if (!rt.engine) throw new Error("expected the embedded engine");
  return rt as TestRuntime & { engine: NonNullable<Runtime["engine"]> };
}

describe.skipIf(!redisUrl)("pipeline end to end over real Redis", () => {
  it("turns a sandbox campaign into scored leads and compliant pending cards", async () => {
    runtime = await redisRuntime(5);
    const rt = engineOf(runtime);
    const card = await runToEnd(rt, { campaign: "competitor_gong", mode: "sandbox", limit: 650 });

    expect(card.status).toBe("completed");
    expect(card.expectedBatches).toBe(2);
    expect(card.stages.map((s) => [s.stage, s.status])).toEqual([
      ["scrape", "PASS"],
      ["enrich", "PASS"],
      ["verify", "PASS"],
      ["segment", "PASS"],
      ["craft", "PASS"],
    ]);
    const [scrape, enrich, verify, segment, craft] = card.stages;
    expect(scrape?.countOut).toBe(650);
    expect(enrich?.countIn).toBe(650);
    expect(verify?.countIn).toBe(enrich?.countOut);
    expect(segment?.countIn).toBe(verify?.countOut);
    expect(craft?.countIn).toBe(segment?.countOut);
    // Some leads are dropped on the way (no email, invalid address, outside the ICP) — with reasons.
    expect(verify?.countOut).toBeLessThan(650);

    const cards = await allCards(rt);
    expect(cards).toHaveLength(craft?.countOut ?? -1);
    expect(new Set(cards.map((c) => c.tier))).toEqual(new Set(["tier_1", "tier_2", "tier_3"]));
    for (const c of cards) {
      expect(c.status).toBe("pending");
      expect(c.whyThisScore.reduce((sum, f) => sum + f.points, 0)).toBe(c.score);
      expect(c.whyThisScore.every((f) => f.reason.length > 0)).toBe(true);
      expect(c.sequence).toHaveLength(8);
      expect(c.message.body).toContain("Reply STOP to unsubscribe.");
      expect(c.message.body).toContain(rt.config.sending.sender.postal_address);
      expect(c.message.body).toContain(rt.config.sending.sender.signature);
      expect(c.message.body).not.toMatch(/\{\{|\}\}/);
      expect(c.compliance.passed).toBe(true);
    }
    const leads = await rt.repos.leads.getMany(cards.map((c) => c.leadId));
    expect(leads.every((l) => l?.status === "queued" && l.cardId !== null)).toBe(true);
    // Nothing transient outlives the run: no working keys, no locks, the campaign released.
    expect(await countKeys(rt, "alpha-swarm:run:*:settled")).toBe(0);
    expect(await countKeys(rt, "alpha-swarm:run:*:flags")).toBe(0);
    expect(await countKeys(rt, "alpha-swarm:lock:*")).toBe(0);
    expect(await countKeys(rt, "alpha-swarm:runs:active:*")).toBe(0);
  });

  it("records why dropped leads were dropped", async () => {
    runtime = await redisRuntime(6);
    const rt = engineOf(runtime);
    await runToEnd(rt, { campaign: "default", mode: "sandbox", limit: 200 });
    const keys = await rt.store.redis.keys("alpha-swarm:lead:*");
    const leads = await rt.repos.leads.getMany(keys.map((k) => k.split(":").at(-1) ?? ""));
    const dropped = leads.filter((l) => l?.status === "dropped");
    expect(dropped.length).toBeGreaterThan(0);
    for (const lead of dropped) {
      expect(lead?.dropped?.reason).toMatch(
        /ZeroBounce: (invalid|spamtrap|abuse|do_not_mail)|no email|no match|same person/,
      );
    }
    const disqualified = leads.filter((l) => l?.status === "disqualified");
    for (const lead of disqualified) expect(lead?.score).not.toBeNull();
  });

  it("a second run of the same campaign adds no lead, card or credit", async () => {
    runtime = await redisRuntime(7, {
      APOLLO_API_KEY: APOLLO_TEST_KEY,
      BETTERCONTACT_API_KEY: BETTERCONTACT_TEST_KEY,
      ZEROBOUNCE_API_KEY: ZEROBOUNCE_TEST_KEY,
    });
    const rt = engineOf(runtime);
    const mocks = providerHandlers();
    server.use(...mocks.handlers);
    const first = await runToEnd(rt, { campaign: "event_saastr", mode: "production", limit: 60 });
    expect(first.status).toBe("completed");
    const matchCalls = () =>
      mocks.apollo.requests.filter((r) => r.url.pathname.endsWith("/people/bulk_match")).length;
    const firstMatchCalls = matchCalls();
    expect(firstMatchCalls).toBeGreaterThanOrEqual(6);
    const leadsBefore = await countKeys(rt, "alpha-swarm:lead:*");
    const cardsBefore = await rt.store.redis.zcard(PENDING_CARDS_KEY);
    expect(cardsBefore).toBeGreaterThan(0);

    const second = await runToEnd(rt, { campaign: "event_saastr", mode: "production", limit: 60 });
    expect(second.status).toBe("completed");
    expect(second.stages[0]?.countIn).toBe(60);
    expect(second.stages[0]?.countOut).toBe(0);
    expect(matchCalls()).toBe(firstMatchCalls);
    expect(await countKeys(rt, "alpha-swarm:lead:*")).toBe(leadsBefore);
    expect(await rt.store.redis.zcard(PENDING_CARDS_KEY)).toBe(cardsBefore);
  });

  it("a stage failure marks the run failed and sends a WARNING naming the run", async () => {
    runtime = await redisRuntime(8, { APOLLO_API_KEY: APOLLO_TEST_KEY });
    const rt = engineOf(runtime);
    server.use(...providerHandlers({ apollo: { scenario: "unauthorized" } }).handlers);
    const card = await runToEnd(rt, { campaign: "default", mode: "production", limit: 10 });
    expect(card.status).toBe("failed");
    expect(card.stages[0]).toMatchObject({ stage: "scrape", status: "FAIL" });
    expect(card.stages[0]?.errors.join()).toMatch(/Apollo refused the API key \(401\)/);
    const alert = rt.logs.find(([, line]) => line.includes("ALERT") && line.includes(card.id));
    expect(alert?.[1]).toContain("*WARNING* Pipeline stage scrape failed");
    expect(rt.logs.some(([, line]) => line.includes(APOLLO_TEST_KEY))).toBe(false);
  });
});
