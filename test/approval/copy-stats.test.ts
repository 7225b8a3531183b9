// Decisions feed back to the copy: every step of a card records the template variant it was
// crafted from and the card its campaign angle; GET /api/copy/stats counts approvals, rejections
// and their tags per variant and angle, weakest first, and an undone decision is not counted.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard, rejectCard, undoDecision } from "../../lib/approval/decide.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { copyKeysOf } from "../../lib/store/card-repo.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "copy-stats-token-0123456789abcdefgh";
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

type TStat = {
  key: string;
  approved: number;
  rejected: number;
  acceptance: number | null;
  tags: Record<string, number>;
};

describe("GET /api/copy/stats", () => {
  it("counts decisions per template variant and angle, weakest first, and forgets an undone one", async () => {
    rt = await createTestRuntime({
      rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
      start: new Date("2026-11-24T15:00:00Z"),
    });
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 6 }, "test");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [a, b, c] = (await rt.repos.cards.pendingIds()) as [string, string, string];
    const cardA = await rt.repos.cards.get(a);
    expect(cardA?.angle).toBe("mid_market_ops");
    expect(cardA?.sequence.map((s) => s.variant)).toEqual(
      cardA?.sequence.map((s) =>
        expect.stringMatching(new RegExp(`^${s.template}#(\\d+|fallback)$`)),
      ),
    );
    await approveCard(rt, a, {}, "HoS");
    await rejectCard(rt, b, { rejection_tag: "tone_off_brand" }, "HoS");
    await approveCard(rt, c, { undoable: true }, "HoS");
    await undoDecision(rt, c, "HoS");
    const app = createApp(rt);
    const res = await app.request("/api/copy/stats", {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as { variants: TStat[]; angles: TStat[] };
    expect(stats.angles).toEqual([
      {
        key: "mid_market_ops",
        approved: 1,
        rejected: 1,
        acceptance: 0.5,
        tags: { tone_off_brand: 1 },
      },
    ]);
    const first = cardA?.sequence[0]?.variant ?? "";
    const stat = stats.variants.find((s) => s.key === first);
    expect(stat?.approved).toBeGreaterThanOrEqual(1);
    const total = stats.variants.filter((s) => s.key.startsWith("initial#"));
    expect(total.reduce((n, s) => n + s.approved + s.rejected, 0)).toBe(2);
    const acceptances = stats.variants.map((s) => s.acceptance ?? 1);
    expect(acceptances).toEqual([...acceptances].sort((x, y) => x - y));
  });

  it("counts a decision once for its whole copy, adds counts kept one key per field before, and an undo takes back either", async () => {
    rt = await createTestRuntime({ start: new Date("2026-11-24T15:00:00Z") });
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 6 }, "test");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [a, b] = (await rt.repos.cards.pendingIds()) as [string, string];
    const card = await rt.repos.cards.get(a);
    if (!card) throw new Error("no card");
    const keys = copyKeysOf(card);
    expect(keys.length).toBeGreaterThan(2);
    // An approval counted by an earlier release, one field per key.
    const key = storeKey("stats", "copy");
    await rt.store.redis.hset(key, Object.fromEntries(keys.map((k) => [`${k}|approved`, 1])));
    await approveCard(rt, a, {}, "HoS");
    expect(await rt.store.redis.hlen(key)).toBe(keys.length + 1);
    expect(String(await rt.store.redis.hget(key, `${JSON.stringify(keys)}|approved`))).toBe("1");
    const counts = await rt.repos.cards.copyStats();
    for (const k of keys) expect(counts[`${k}|approved`]).toBe(2);
    // A rejection with a tag, then undone: nothing of it is left in the counts.
    await rejectCard(rt, b, { rejection_tag: "tone_off_brand", undoable: true }, "HoS");
    await undoDecision(rt, b, "HoS");
    const after = await rt.repos.cards.copyStats();
    expect(
      Object.entries(after).filter(([field, n]) => field.includes("|tag:") && n !== 0),
    ).toEqual([]);
    for (const k of keys) expect(after[`${k}|approved`]).toBe(2);
  });
});
