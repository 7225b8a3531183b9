// One bad stored record never takes a listing down: a card whose lead no longer matches its schema,
// a damaged card and a damaged run are skipped and counted by the queue, the page and the runs
// listing, logged once, and listed read-only by GET /api/store/damaged.
import { afterEach, describe, expect, it } from "vitest";
import { MAX_PAGE_VALIDITY_MS } from "../../lib/approval/queue.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "damaged-dashboard-token-0123456789abc";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup() {
  const rt = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
    start: new Date("2026-11-24T15:00:00Z"),
  });
  runtime = rt;
  const run = await startRun(rt, { campaign: "default", mode: "sandbox", limit: 8 }, "test");
  await rt.engine?.runUntilIdle();
  const app = createApp(rt);
  const call = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { rt, app, call, runId: run.id };
}

describe("damaged stored records", () => {
  it("are skipped by the pending queue, counted, logged once and listed", async () => {
    const { rt, call } = await setup();
    const before = (await call("/api/emails/pending")).json.cards as {
      id: string;
      lead: { id: string };
    }[];
    expect(before.length).toBeGreaterThan(2);
    const [victim, broken] = before;
    // A lead with a verification status the schema does not know, as an older version could write.
    const leadKey = storeKey("lead", victim?.lead.id ?? "", "verification");
    const verdict = (await rt.store.redis.get<Record<string, unknown>>(leadKey)) ?? {};
    await rt.store.redis.set(leadKey, { ...verdict, status: "teleported" });
    await rt.store.redis.set(storeKey("card", broken?.id ?? ""), {
      id: broken?.id,
      nonsense: true,
    });
    // Written outside the app (nothing moved the queue's version): the page rendered before is
    // kept for at most its bounded life, then read again.
    rt.clock.advance(MAX_PAGE_VALIDITY_MS);

    for (let i = 0; i < 2; i++) {
      const { status, json } = await call("/api/emails/pending");
      expect(status).toBe(200);
      const ids = (json.cards as { id: string }[]).map((c) => c.id);
      expect(ids).toHaveLength(before.length - 2);
      expect(ids).not.toContain(victim?.id);
      expect(ids).not.toContain(broken?.id);
      const skipped = json.skipped as { id: string; reason: string }[];
      expect(skipped.map((s) => s.id).sort()).toEqual([victim?.id, broken?.id].sort());
      expect(skipped.find((s) => s.id === victim?.id)?.reason).toMatch(/lead.*malformed/);
    }
    const warnings = rt.logs.filter(([, line]) => line.includes("skipped a damaged stored record"));
    expect(warnings).toHaveLength(2);

    const damaged = await call("/api/store/damaged");
    expect(damaged.status).toBe(200);
    const keys = (damaged.json.damaged as { key: string }[]).map((d) => d.key);
    expect(keys).toEqual(expect.arrayContaining([leadKey, storeKey("card", broken?.id ?? "")]));
  });

  it("are skipped by the runs listing, which keeps answering", async () => {
    const { rt, call, runId } = await setup();
    await rt.store.redis.set(storeKey("run", "run_20200101_000000_aaaaaa"), { id: "x" });
    await rt.store.redis.zadd(storeKey("runs"), {
      score: Date.now() + 1e9,
      member: "run_20200101_000000_aaaaaa",
    });
    const { status, json } = await call("/api/pipeline/runs");
    expect(status).toBe(200);
    expect((json.runs as { id: string }[]).map((r) => r.id)).toContain(runId);
    expect(json.skipped).toEqual([
      { id: "run_20200101_000000_aaaaaa", reason: expect.stringMatching(/malformed/) },
    ]);
  });

  it("leave the /sales page readable, with the count of skipped cards", async () => {
    const { rt, app, call } = await setup();
    const [first] = (await call("/api/emails/pending")).json.cards as { id: string }[];
    await rt.store.redis.set(storeKey("card", first?.id ?? ""), { broken: true });
    const login = await app.request("/sales/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: TOKEN, name: "Head of Sales" }).toString(),
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
    const page = await app.request("/sales", { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<strong>1<\/strong> skipped \(damaged record\)/);
  });
});
