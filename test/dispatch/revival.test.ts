// The revival motion: GoHighLevel contacts with the tag, quiet for 90 days, become leads of the
// revival campaign and reach the Head of Sales' queue with re-engagement copy. A dry run writes
// nothing; the suppressed and the people we already have are held back with the reason; the
// sandbox CRM's generated people run as a sandbox run; a live CRM is searched with the tag and
// last-activity filters, its contacts run as production, and the dispatch plan does not hold them
// for being CRM contacts.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { planDispatch } from "../../lib/dispatch/plan.ts";
import { runRevival } from "../../lib/dispatch/revival.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  dispatchRuntime,
  type Json,
  LIVE_CRM_ENV,
  OPERATOR_TOKEN,
  operatorApi,
  sendingProviders,
  useProviderServer,
} from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

/** Runs the engine for 15 minutes of virtual time (the pipeline of a few leads). */
const settle = (runtime: TestRuntime) =>
  runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 15 * 60_000 });

describe("the revival motion", () => {
  it("dry run writes nothing; live brings the contacts into the queue with re-engagement copy", async () => {
    rt = await dispatchRuntime({ crons: false, env: { DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN } });
    const api = operatorApi(rt);
    const keys = await rt.store.redis.keys("*");
    const dry = (
      await api("/api/operator/dispatch", { method: "POST", body: { motion: "revival" } })
    ).json;
    expect(dry).toMatchObject({ motion: "revival", live: false, crm: "sandbox", run: null });
    expect(dry.wouldRevive.length).toBeGreaterThan(3);
    expect(await rt.store.redis.keys("*")).toEqual(keys);
    for (const c of dry.wouldRevive) {
      expect(Date.parse(c.lastActivity)).toBeLessThan(Date.parse(dry.query.lastActivityBefore));
    }
    // One contact asked never to be mailed again.
    const [first, ...rest] = dry.wouldRevive as Json[];
    await rt.repos.suppression.add(
      { email: first?.email },
      { reason: "unsubscribed", source: "manual", at: rt.now().toISOString(), note: null },
    );

    const live = (
      await api("/api/operator/dispatch", {
        method: "POST",
        body: { motion: "revival", live: true },
      })
    ).json;
    expect(live.held[0]).toMatchObject({
      contactId: first?.contactId,
      reason: expect.stringMatching(/^suppressed \(unsubscribed/),
    });
    expect(live.wouldRevive).toHaveLength(rest.length);
    expect(live.run.created).toHaveLength(rest.length);
    await settle(rt);
    const run = await rt.repos.runs.scorecard(live.run.runId);
    expect(run).toMatchObject({ campaign: "revival", mode: "sandbox", status: "completed" });
    expect(run?.stages.map((stage) => stage.status)).toEqual([
      "PASS",
      "PASS",
      "PASS",
      "PASS",
      "PASS",
    ]);
    const cards = (await rt.repos.cards.getMany(await rt.repos.cards.pendingIds())).filter(
      (card) => card?.campaign === "revival",
    );
    expect(cards.length).toBeGreaterThan(0);
    const opening = cards.map((card) => card?.sequence[0]?.body ?? "").join("\n");
    expect(opening).toMatch(/since we were last in touch|We spoke with .* some time ago/);

    // Run again: everyone is now a lead here (or suppressed), nobody is brought in twice.
    const again = await runRevival(rt, { live: true, by: "test" });
    expect(again.wouldRevive).toEqual([]);
    expect(again.run).toBeNull();
    expect(again.held.filter((h) => h.reason.startsWith("already a lead here"))).toHaveLength(
      rest.length,
    );
  });

  it("a live CRM is searched by tag and last activity; its contacts run as production and pass the CRM layer", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ crons: false, config: ALL_TIERS, env: LIVE_CRM_ENV });
    const live = await runRevival(rt, { live: true, by: "test" });
    expect(live.crm).toBe("live");
    const [search] = providers.ghl.requests;
    expect(search?.body).toMatchObject({
      filters: [
        { field: "tags", operator: "contains", value: "past-customer" },
        { field: "lastActivity", operator: "range", value: { lt: live.query.lastActivityBefore } },
      ],
      sort: [{ field: "lastActivity", direction: "asc" }],
    });
    expect(live.wouldRevive.length).toBeGreaterThan(0);
    expect(live.wouldRevive[0]?.lastActivity).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await settle(rt);
    expect(await rt.repos.runs.scorecard(live.run?.runId ?? "")).toMatchObject({
      mode: "production",
      status: "completed",
    });
    const ids = await rt.repos.cards.pendingIds();
    for (const id of ids) await approveCard(rt, id, {}, "Head of Sales");
    await settle(rt);
    const plan = await planDispatch(rt);
    expect(plan.held.filter((h) => h.layer === "crm")).toEqual([]);
    expect(plan.channels.email.units.length).toBeGreaterThan(0);
  });
});
