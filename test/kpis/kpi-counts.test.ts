// The KPI counts and the red flags, on the embedded store and on a real redis-server: each lead
// counts once per metric on its cohort day however often a signal repeats, the five rates are
// judged against config/kpis.json only over enough leads, a red flag alerts once and its recovery
// too, a bounce red flag or an account's bounces engage the deliverability guard — again after a
// person cleared it only on new evidence — and GET /api/kpis refuses a bad range.
import { afterEach, describe, expect, it } from "vitest";
import { clearGuard } from "../../lib/dispatch/deliverability-guard.ts";
import { metricsOf } from "../../lib/kpis/kpi-metrics.ts";
import { kpiReport } from "../../lib/kpis/kpi-report.ts";
import { watchKpis } from "../../lib/kpis/watch-kpis.ts";
import { dispatchRuntime, type Json, OPERATOR_TOKEN, operatorApi } from "../dispatch/support.ts";
import { testRedisUrl } from "../support/redis.ts";
import type { TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const DAY_1 = "2026-11-24T16:00:00.000Z";
const DAY_2 = "2026-11-25T16:00:00.000Z";
const ACCOUNT = "outreach@alphaswarm-ai.example";

/** Applies one Instantly or HeyReach signal to a lead with its KPI counts, as the signal loop does. */
async function signal(
  runtime: TestRuntime,
  leadId: string,
  type: string,
  options: { at?: string; id?: string; account?: string | null; source?: string } = {},
) {
  const source = options.source ?? "instantly";
  const at = options.at ?? DAY_1;
  return runtime.repos.signals.apply(
    leadId,
    options.id ?? `${source}-${type}-${leadId}-${at}`,
    null,
    { at, type: `${source}.${type}`, channel: "email", detail: type, batchId: null },
    runtime.repos.kpis.counter(leadId, {
      metrics: metricsOf(source, type),
      day: at.slice(0, 10),
      campaign: "default",
      account: options.account === undefined ? ACCOUNT : options.account,
      emailSend: source === "instantly" && type === "email_sent",
    }),
  );
}

/** `n` leads emailed on DAY_1 (from `account`; null: Instantly did not say), ids `${prefix}0…`. */
async function emailed(
  runtime: TestRuntime,
  n: number,
  prefix: string,
  account: string | null = ACCOUNT,
) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  for (const id of ids) await signal(runtime, id, "email_sent", { account });
  return ids;
}

const report = (runtime: TestRuntime, from = "2026-11-24", to = "2026-11-25") =>
  kpiReport(runtime, { from, to, campaign: null });

const redisUrl = testRedisUrl();
const stores: [string, boolean][] = [
  ["the embedded store", false],
  ...(redisUrl ? ([["a real redis-server", true]] as [string, boolean][]) : []),
];

describe.each(stores)("KPI counts on %s", (_name, redis) => {
  const runtime = () =>
    dispatchRuntime({
      crons: false,
      redis,
      redisDb: 10,
      env: { DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN },
    });

  it("counts each lead once per metric on its cohort day, however often a signal repeats", async () => {
    rt = await runtime();
    await signal(rt, "lead_a", "email_sent");
    await signal(rt, "lead_a", "email_sent"); // the same delivery again: nothing counts twice
    await signal(rt, "lead_a", "email_sent", { at: DAY_2 }); // step 2: one more email, same lead
    await signal(rt, "lead_a", "email_opened", { at: DAY_2 });
    await signal(rt, "lead_a", "email_opened", { at: DAY_2, id: "second-open" });
    // An open whose send was never reported still counts the lead as emailed and contacted.
    await signal(rt, "lead_b", "email_opened", { at: DAY_2, account: null });
    // A LinkedIn reply counts for reply rate, on the day the lead was first contacted.
    await signal(rt, "lead_a", "message_reply_received", { at: DAY_2, source: "heyreach" });
    const r = await report(rt);
    const [day1, day2] = r.days;
    expect(day1?.counts).toMatchObject({
      contacted: 1,
      emailed: 1,
      opened: 1,
      replied: 1,
      emails: 1,
    });
    // Day 2: lead_a's second email, and the send lead_b's open implies.
    expect(day2?.counts).toMatchObject({ contacted: 1, emailed: 1, opened: 1, emails: 2 });
    expect(r.total.counts).toMatchObject({ emailed: 2, opened: 2, replied: 1, emails: 3 });
    // Opens of leads emailed today and yesterday are measured, not judged (settle_days 2), and
    // the total's open rate waits for them.
    expect(day2?.rates.open_rate).toMatchObject({ value: 1, numerator: 1, status: "settling" });
    expect(r.total.rates.open_rate.status).toBe("no_data");
    expect(r.campaigns.map((c) => c.campaign)).toEqual(["default"]);
    // Too few leads to judge: no red flag however the rates look.
    expect(Object.values(r.total.rates).map((rate) => rate.status)).not.toContain("red_flag");
    expect(r.total.rates.icp_match_rate.status).toBe("no_data");
  });

  it("looks a lead's campaign up only until the lead is counted, and never for a repeat", async () => {
    const current = await runtime();
    rt = current;
    const lookups: string[] = [];
    const apply = (leadId: string, type: string, id: string) =>
      current.repos.signals.apply(
        leadId,
        id,
        null,
        { at: DAY_1, type: `instantly.${type}`, channel: "email", detail: type, batchId: null },
        current.repos.kpis.counter(leadId, {
          metrics: metricsOf("instantly", type),
          day: DAY_1.slice(0, 10),
          campaign: async () => {
            lookups.push(id);
            return "competitor_gong";
          },
          account: ACCOUNT,
          emailSend: type === "email_sent",
        }),
      );
    await apply("lead_c", "email_sent", "sent-1");
    await apply("lead_c", "email_sent", "sent-1"); // the same delivery again
    await apply("lead_c", "email_opened", "open-1"); // counted under the marker's campaign
    expect(lookups).toEqual(["sent-1"]);
    const r = await report(rt);
    expect(r.campaigns.map((c) => c.campaign)).toEqual(["competitor_gong"]);
    expect(r.total.counts).toMatchObject({ emailed: 1, opened: 1, emails: 1 });
  });

  it("a bounce red flag alerts once, engages the guard, and recovers when the rate falls", async () => {
    rt = await runtime();
    // Sends whose account Instantly did not name: only the campaign's rates are judged here.
    const ids = await emailed(rt, 30, "lead_", null);
    for (const id of ids.slice(0, 12)) await signal(rt, id, "email_opened");
    for (const id of ids.slice(0, 3)) await signal(rt, id, "reply_received");
    // Four bounces: 13.3% of 30, over the 10% red flag.
    for (const id of ids.slice(20, 24)) await signal(rt, id, "email_bounced", { account: null });
    const first = await watchKpis(rt, { icp: false });
    expect(first.raised.map((f) => `${f.scope}|${f.kpi}`)).toEqual(["default|bounce_rate"]);
    expect(first.engaged).toMatchObject([{ kind: "bounce_rate", scope: "default", sample: 30 }]);
    const titles = first.events.map((e) => (e.data as Json).title ?? e.name);
    expect(titles).toEqual([
      "KPI red flag: Bounce rate (default)",
      "safety.deliverability_guard.changed",
      "Deliverability guard engaged: live dispatch is held",
    ]);
    const r = await report(rt, "2026-11-24", "2026-11-24");
    expect(r.days[0]?.rates).toMatchObject({
      open_rate: { value: 0.4, status: "settling" },
      reply_rate: { value: 0.1, status: "settling" },
      bounce_rate: { numerator: 4, denominator: 30, status: "red_flag" },
      unsubscribe_rate: { value: 0, status: "on_target" },
    });
    expect(r.flags).toMatchObject([{ kpi: "bounce_rate", scope: "default", sample: 30 }]);
    expect(r.guard).toMatchObject({ engaged: true, triggers: [{ kind: "bounce_rate" }] });

    // Judged again: already raised, nothing new to say.
    expect((await watchKpis(rt, { icp: false })).events).toEqual([]);

    // A person clears the guard; the hourly watch does not engage it again on the same numbers,
    // nor does an unsubscribe (no evidence about bounces)…
    await clearGuard(rt, "bad list removed from the campaign", "Ops Lead");
    await watchKpis(rt, { icp: false });
    const unsubscribe = { id: "signal:u1", kinds: ["unsubscribe_rate"] as const };
    await watchKpis(rt, { campaigns: ["default"], icp: false, evidence: unsubscribe });
    expect((await rt.repos.guard.state()).engaged).toBe(false);
    // …but a new bounce while the rate is still over the line does.
    const bounce = { id: "signal:b1", kinds: ["bounce_rate", "account_bounce"] as const };
    const again = await watchKpis(rt, { campaigns: ["default"], icp: false, evidence: bounce });
    expect(again.engaged).toHaveLength(1);
    expect(again.raised).toEqual([]);
    expect((await rt.repos.guard.state()).engaged).toBe(true);

    // Fifty more sends without a bounce: 4 of 80 emails is 5%, no longer a red flag.
    await emailed(rt, 50, "more_", null);
    const recovered = await watchKpis(rt, { icp: false });
    expect(recovered.recovered.map((f) => f.kpi)).toEqual(["bounce_rate"]);
    expect(recovered.events.map((e) => (e.data as Json).title)).toEqual([
      "KPI recovered: Bounce rate (default)",
    ]);
    expect(await rt.repos.kpis.flags()).toEqual([]);
    // The guard stays until a person clears it.
    expect((await rt.repos.guard.state()).engaged).toBe(true);
  });

  it("no reply after 15 contacted, and an open rate under 30%, are red flags once their cohort has settled, and recover when it leaves the window", async () => {
    rt = await runtime();
    const ids = await emailed(rt, 20, "quiet_");
    await signal(rt, ids[0] as string, "email_opened");
    // The same day nobody could have opened or replied yet: nothing is judged.
    expect((await watchKpis(rt, { icp: false })).raised).toEqual([]);
    rt.clock.advance(4 * 86_400_000);
    const watched = await watchKpis(rt, { icp: false });
    expect(watched.raised.map((f) => f.kpi).sort()).toEqual(["open_rate", "reply_rate"]);
    expect(watched.engaged).toEqual([]);
    expect(watched.events.map((e) => (e.data as Json).severity)).toEqual(["WARNING", "WARNING"]);
    expect((await rt.repos.guard.state()).engaged).toBe(false);
    // Ten days later the campaign has counted nothing new: its flags are judged all the same.
    rt.clock.advance(10 * 86_400_000);
    const later = await watchKpis(rt, { icp: false });
    expect(later.recovered.map((f) => f.kpi).sort()).toEqual(["open_rate", "reply_rate"]);
    expect(await rt.repos.kpis.flags()).toEqual([]);
  });

  it("an account's second bounce in its last 50 sends engages the guard for that account", async () => {
    rt = await runtime();
    const other = "outreach@alphaswarm-labs.example";
    const ids = await emailed(rt, 40, "acct_");
    await emailed(rt, 10, "other_", other);
    // A lead sent three steps, then bounced: three sends, one bounce (1 of 50 is 2%, not over).
    for (const step of [2, 3]) await signal(rt, ids[3] as string, "email_sent", { id: `s${step}` });
    await signal(rt, ids[3] as string, "email_bounced");
    expect(await rt.repos.kpis.accountWindow(ACCOUNT)).toEqual({ sends: 42, bounced: 1 });
    const evidence = { id: "signal:b", kinds: ["account_bounce"] as const };
    let watched = await watchKpis(rt, { accounts: [ACCOUNT], icp: false, evidence });
    expect(watched.engaged).toEqual([]);
    await signal(rt, ids[9] as string, "email_bounced");
    watched = await watchKpis(rt, { accounts: [ACCOUNT], icp: false, evidence });
    expect(watched.engaged).toMatchObject([
      { kind: "account_bounce", scope: ACCOUNT, rate: 0.04, sample: 42 },
    ]);
    // The same evidence again (a retried step) is announced again; other evidence is not news.
    const trigger = watched.engaged[0];
    if (!trigger) throw new Error("no trigger");
    expect((await rt.repos.guard.engage(trigger)).added).toBe(true);
    expect((await rt.repos.guard.engage({ ...trigger, evidence: "other" })).added).toBe(false);
    const accounts = (await report(rt)).accounts;
    expect(accounts).toEqual([
      { account: ACCOUNT, sends: 42, bounced: 2, rate: 0.04, of: 50, overLimit: true },
      { account: other, sends: 10, bounced: 0, rate: 0, of: 50, overLimit: false },
    ]);
    // Its window is its last 50 sends: 50 clean sends later the two bounces have left it.
    await emailed(rt, 50, "later_");
    expect(await rt.repos.kpis.accountWindow(ACCOUNT)).toEqual({ sends: 50, bounced: 0 });
  });

  it("GET /api/kpis answers the last 14 days by default and refuses a bad range or campaign", async () => {
    rt = await runtime();
    await emailed(rt, 2, "api_");
    const call = operatorApi(rt);
    const fine = await call("/api/kpis");
    expect(fine.status).toBe(200);
    expect(fine.json).toMatchObject({ from: "2026-11-11", to: "2026-11-24", campaign: null });
    expect(fine.json.days).toHaveLength(14);
    expect(fine.json.total.counts.emailed).toBe(2);
    expect(fine.json.total.rates.bounce_rate).toMatchObject({
      target: "< 5%",
      status: "on_target",
    });
    const one = await call("/api/kpis?from=2026-11-24&to=2026-11-24&campaign=default");
    expect(one.json.days).toHaveLength(1);
    // An early year is a day like another (its default start is 13 days before it).
    expect((await call("/api/kpis?to=0001-01-01")).json).toMatchObject({ from: "0000-12-19" });
    for (const [query, detail] of [
      ["from=2026-13-01", /query\.from: expected a calendar day/],
      ["from=yesterday", /query\.from: expected a day as YYYY-MM-DD/],
      ["from=2026-11-24&to=2026-11-01", /after query\.to/],
      ["from=2026-01-01&to=2026-11-24", /at most 92 days/],
      ["campaign=nope", /unknown campaign "nope"/],
    ] as const) {
      const res = await call(`/api/kpis?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.detail, query).toMatch(detail);
    }
  });
});
