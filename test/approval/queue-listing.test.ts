// The review queue sorted, filtered and searched through GET /api/emails/pending, paged with a
// keyset cursor that survives decisions between pages, with counts per tier and of today's
// decisions; and bulk decisions over a selection or a filter, whose count must be the one the
// person confirmed. On the embedded store and on a real redis-server.
import { afterEach, describe, expect, inject, it } from "vitest";
import type { SlimCardView } from "../../lib/approval/card-view.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "hos-dashboard-token-0123456789abcdef";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const redisUrl = inject("redisUrl");

async function setup(url: string | undefined, limit = 30) {
  const rt = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN, ...(url && { REDIS_URL: url }) },
    start: new Date("2026-11-24T15:00:00Z"), // Tuesday 10:00 in Detroit, inside the send window
  });
  runtime = rt;
  if (url) await rt.store.redis.flushdb();
  await startRun(rt, { campaign: "default", mode: "sandbox", limit }, "test");
  await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
  const app = createApp(rt);
  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await app.request(path, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, json: await res.json() };
  };
  /** Every card of a listing, page by page. */
  const all = async (query: string, limit = 7) => {
    const cards: SlimCardView[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        `/api/emails/pending?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      cards.push(...page.json.cards);
      cursor = page.json.nextCursor;
    } while (cursor);
    return cards;
  };
  return { rt, call, all };
}

const TIER_RANK = { tier_1: 1, tier_2: 2, tier_3: 3 } as const;
const rank = (c: SlimCardView) => (c.tier ? TIER_RANK[c.tier] : 4);

describe.each([
  ["the embedded store", undefined],
  ["a real redis-server", redisUrl ? `${redisUrl}/4` : undefined],
])("the sorted queue on %s", (transport, url) => {
  it.skipIf(transport !== "the embedded store" && !url)(
    "sorts tier then age by default, by age or by score; filters, searches and counts",
    async () => {
      const { call, all } = await setup(url);
      const byTier = await all("sort=tier");
      expect(byTier.length).toBeGreaterThan(20);
      for (let i = 1; i < byTier.length; i++) {
        const [a, b] = [byTier[i - 1], byTier[i]] as [SlimCardView, SlimCardView];
        expect(rank(a) < rank(b) || (rank(a) === rank(b) && a.createdAt <= b.createdAt)).toBe(true);
      }
      expect(new Set(byTier.map((c) => c.id)).size).toBe(byTier.length);
      const byScore = await all("sort=score");
      expect(byScore.map((c) => c.score)).toEqual(
        [...byScore.map((c) => c.score)].sort((a, b) => b - a),
      );
      const first = await call("/api/emails/pending?sort=tier&limit=5");
      const { counts, today, campaigns, total } = first.json;
      expect(total).toBe(byTier.length);
      expect(counts.byTier.tier_1 + counts.byTier.tier_2 + counts.byTier.tier_3).toBe(total);
      expect(counts.byTier.tier_1).toBe(byTier.filter((c) => c.tier === "tier_1").length);
      expect(today).toMatchObject({ approved: 0, rejected: 0 });
      expect(campaigns).toEqual(["default"]);

      const tier2 = await all("tier=tier_2");
      expect(tier2.length).toBe(counts.byTier.tier_2);
      expect(tier2.every((c) => c.tier === "tier_2")).toBe(true);
      const risky = await all("risky=1");
      expect(risky.length).toBe(counts.risky);
      expect(risky.every((c) => c.lead.verification?.risky)).toBe(true);
      const target = byTier[3] as SlimCardView;
      const company = (target.lead.company ?? "").split(" ")[0] ?? "";
      const found = await all(`q=${encodeURIComponent(company.toUpperCase())}`);
      expect(found.map((c) => c.id)).toContain(target.id);
      const byEmail = await all(`q=${encodeURIComponent(target.lead.email ?? "")}`);
      expect(byEmail.map((c) => c.id)).toEqual([target.id]);
      expect((await all("q=nobody-is-called-this")).length).toBe(0);
      expect((await all("sla=breached")).length).toBe(0);
      // Two hours and a minute of send-window time later every card is past its deadline.
      runtime?.clock.advanceTo(runtime.now().getTime() + 121 * 60_000);
      expect((await all("sla=breached")).length).toBe(byTier.length);

      for (const [query, field] of [
        ["sort=newest", "query.sort"],
        ["tier=tier_9", "query.tier"],
        ["risky=yes", "query.risky"],
        ["sla=late", "query.sla"],
        ["sort=tier&cursor=k.bm9wZQ", "cursor"],
      ] as const) {
        const bad = await call(`/api/emails/pending?${query}`);
        expect(bad.status, query).toBe(400);
        expect(JSON.stringify(bad.json), query).toContain(field);
      }
      // The oldest-first listing's cursor is refused by a sorted one, and the other way round.
      const plain = (await call("/api/emails/pending?limit=2")).json.nextCursor;
      const mixed = await call(`/api/emails/pending?sort=tier&cursor=${plain}`);
      expect(mixed.status).toBe(400);
      expect(mixed.json.detail).toContain("cursor");
      // A cursor of one order is refused by another.
      const cursor = (await call("/api/emails/pending?sort=score&limit=2")).json.nextCursor;
      expect((await call(`/api/emails/pending?sort=age&cursor=${cursor}`)).status).toBe(400);
    },
  );

  it.skipIf(transport !== "the embedded store" && !url)(
    "pages without skipping or repeating a card while cards are decided between pages",
    async () => {
      const { call } = await setup(url);
      const expected = (await call("/api/emails/pending?sort=tier&limit=200")).json.cards.map(
        (c: SlimCardView) => c.id,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(
          `/api/emails/pending?sort=tier&limit=6${cursor ? `&cursor=${cursor}` : ""}`,
        );
        const ids = page.json.cards.map((c: SlimCardView) => c.id);
        seen.push(...ids);
        // The first card of each page is decided before the next page is read.
        if (ids[0]) await call(`/api/emails/${ids[0]}/approve`, { method: "POST", body: {} });
        cursor = page.json.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    },
  );

  it.skipIf(transport !== "the embedded store" && !url)(
    "bulk approves a selection, bulk rejects a filter only at the confirmed count, and undoes",
    async () => {
      const { call, all } = await setup(url, 24);
      const cards = await all("sort=age");
      const selection = cards.slice(0, 3).map((c) => c.id);
      const approved = await call("/api/emails/bulk", {
        method: "POST",
        body: { action: "approve", ids: selection, undoable: true },
      });
      expect(approved.status).toBe(200);
      expect(approved.json.decided).toEqual(selection.map((id) => ({ id, status: "approved" })));
      const undone = await call("/api/emails/bulk/undo", {
        method: "POST",
        body: { ids: selection },
      });
      expect(undone.json.undone).toEqual(selection);

      const tier3 = cards.filter((c) => c.tier === "tier_3");
      const filter = { tier: "tier_3" };
      const wrong = await call("/api/emails/bulk", {
        method: "POST",
        body: {
          action: "reject",
          filter,
          expected: tier3.length + 1,
          rejection_tag: "wrong_icp_fit",
        },
      });
      expect(wrong.status).toBe(409);
      expect(wrong.json.matching).toBe(tier3.length);
      expect(wrong.json.detail).toBe(
        `the filter now matches ${tier3.length} cards, not the ${tier3.length + 1} confirmed; confirm again`,
      );
      const rejected = await call("/api/emails/bulk", {
        method: "POST",
        body: { action: "reject", filter, expected: tier3.length, rejection_tag: "wrong_icp_fit" },
      });
      expect(rejected.status).toBe(200);
      expect(rejected.json.decided).toHaveLength(tier3.length);
      expect((await all("tier=tier_3")).length).toBe(0);
      const listing = await call("/api/emails/pending?sort=tier");
      expect(listing.json.today).toMatchObject({ approved: 0, rejected: tier3.length });

      for (const [body, field] of [
        [{ action: "reject", ids: selection }, "rejection_tag"],
        [{ action: "approve" }, "either ids or filter"],
        [{ action: "approve", filter }, "expected"],
        [{ action: "archive", ids: selection }, "action"],
        [{ action: "reject", ids: selection, rejection_tag: "nope" }, "unknown tag"],
      ] as const) {
        const bad = await call("/api/emails/bulk", { method: "POST", body });
        expect(bad.status, field).toBe(400);
        expect(JSON.stringify(bad.json), field).toContain(field);
      }
    },
  );
});
