// GET /api/kpis: the KPI counts and rates per day and per campaign over a range of days (send
// window time zone), each rate judged against its target and red flag: ICP match from the
// pipeline runs' segment stage (the day a run started), the others from the signal loop's counts
// (kpi-metrics.ts). With them, the red flags raised, the sending accounts' recent bounces and the
// deliverability guard.
import { DAY_MS, dispatchDay, endOfDispatchDay, previousDay, shiftDay } from "../dispatch/day.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { TGuardState } from "../store/guard-repo.ts";
import type { TKpiFlag } from "../store/kpi-repo.ts";
import { addCounts, emptyCounts, type TKpiCounts } from "./kpi-metrics.ts";
import { judgeRates, type TRate, type TRateName } from "./kpi-rates.ts";

export type KpiDeps = Pick<Runtime, "repos" | "config" | "now">;

export type TKpiRow = { counts: TKpiCounts; rates: Record<TRateName, TRate> };
export type TAccountWindow = {
  account: string;
  sends: number;
  bounced: number;
  /** Bounced sends over the window's full size `of` (config account_bounce.last_sends). */
  rate: number;
  of: number;
  overLimit: boolean;
};

export type TKpiReport = {
  from: string;
  to: string;
  timezone: string;
  campaign: string | null;
  /** The last cohort days counted in the totals' open and reply rates (`settle_days`). */
  settledThrough: { open: string; reply: string };
  total: TKpiRow;
  days: (TKpiRow & { day: string })[];
  campaigns: (TKpiRow & { campaign: string })[];
  flags: TKpiFlag[];
  accounts: TAccountWindow[];
  guard: TGuardState;
};

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The last `count` days up to today (send window time zone). */
export function lastDays(deps: KpiDeps, count: number): { from: string; to: string } {
  const to = dispatchDay(deps.now(), deps.config);
  return { from: shiftDay(to, 1 - count), to };
}

/** The counts of each day and campaign: the signal loop's, plus ICP matching from the runs. */
export async function countsByDay(
  deps: KpiDeps,
  days: readonly string[],
): Promise<Map<string, Map<string, TKpiCounts>>> {
  const first = days[0];
  const last = days.at(-1);
  const byDay = await deps.repos.kpis.days(days);
  if (!first || !last) return byDay;
  const ids = await deps.repos.runs.idsBetween(
    endOfDispatchDay(previousDay(first), deps.config),
    endOfDispatchDay(last, deps.config) - 1,
  );
  const cards = await Promise.all(ids.map((id) => deps.repos.runs.scorecard(id)));
  for (const run of cards) {
    const segment = run?.stages.find((s) => s.stage === "segment");
    if (!run || !segment || segment.countIn === 0) continue;
    const day = byDay.get(dispatchDay(new Date(run.startedAt), deps.config));
    if (!day) continue;
    const counts = day.get(run.campaign) ?? emptyCounts();
    addCounts(counts, { scored: segment.countIn, matched: segment.countOut });
    day.set(run.campaign, counts);
  }
  return byDay;
}

const row = (counts: TKpiCounts, deps: KpiDeps, settling?: ReadonlySet<TRateName>): TKpiRow => ({
  counts,
  rates: judgeRates(counts, deps.config.kpis, settling),
});

/** A sum's row: every count as counted, its open and reply rates over settled cohorts only. */
const settledRow = (sum: ReturnType<typeof settledSum>, deps: KpiDeps): TKpiRow => ({
  counts: sum.all,
  rates: judgeRates(sum.settled(), deps.config.kpis),
});

/** The last cohort days whose opens and replies have had time to come (`settle_days`). */
export function settledThrough(deps: KpiDeps): { open: string; reply: string } {
  const today = dispatchDay(deps.now(), deps.config);
  return {
    open: shiftDay(today, -(deps.config.kpis.open_rate.settle_days ?? 0)),
    reply: shiftDay(today, -(deps.config.kpis.reply_rate.settle_days ?? 0)),
  };
}

/** Which days a settled sum takes its counts from: every count, opens, replies. */
export type TSettledDays = {
  all: (day: string) => boolean;
  open: (day: string) => boolean;
  reply: (day: string) => boolean;
};

/** Every day of a range, opens and replies only up to their settled days (`settledThrough`). */
export const upTo = (through: { open: string; reply: string }): TSettledDays => ({
  all: () => true,
  open: (day) => day <= through.open,
  reply: (day) => day <= through.reply,
});

/**
 * Sums days' counts, opens (emailed, opened) only from settled cohorts and replies (contacted,
 * replied) likewise, so leads emailed this morning are not judged on opens they had no time for.
 */
export function settledSum(days: TSettledDays) {
  const all = emptyCounts();
  const opens = emptyCounts();
  const replies = emptyCounts();
  return {
    all,
    add(day: string, counts: TKpiCounts) {
      if (days.all(day)) addCounts(all, counts);
      if (days.open(day)) addCounts(opens, counts);
      if (days.reply(day)) addCounts(replies, counts);
    },
    settled: (): TKpiCounts => ({
      ...all,
      emailed: opens.emailed,
      opened: opens.opened,
      contacted: replies.contacted,
      replied: replies.replied,
    }),
  };
}

/** Each sending account's recent sends, bounced share and whether it passes the limit. */
export async function accountWindows(deps: KpiDeps): Promise<TAccountWindow[]> {
  const rule = deps.config.kpis.account_bounce;
  return (await deps.repos.kpis.accounts()).map((a) => {
    const rate = a.bounced / rule.last_sends;
    return { ...a, rate, of: rule.last_sends, overLimit: rate > rule.max_rate };
  });
}

export async function kpiReport(
  deps: KpiDeps,
  range: { from: string; to: string; campaign: string | null },
): Promise<TKpiReport> {
  const days = daysBetween(range.from, range.to);
  const [byDay, flags, accounts, guard] = await Promise.all([
    countsByDay(deps, days),
    deps.repos.kpis.flags(),
    accountWindows(deps),
    deps.repos.guard.state(),
  ]);
  const through = settledThrough(deps);
  const total = settledSum(upTo(through));
  const perCampaign = new Map<string, ReturnType<typeof settledSum>>();
  const perDay = days.map((day) => {
    const counts = emptyCounts();
    for (const [campaign, c] of byDay.get(day) ?? []) {
      if (range.campaign !== null && campaign !== range.campaign) continue;
      addCounts(counts, c);
      const sum = perCampaign.get(campaign) ?? settledSum(upTo(through));
      sum.add(day, c);
      perCampaign.set(campaign, sum);
    }
    total.add(day, counts);
    const settling = new Set<TRateName>();
    if (day > through.open) settling.add("open_rate");
    if (day > through.reply) settling.add("reply_rate");
    return { day, ...row(counts, deps, settling) };
  });
  return {
    from: range.from,
    to: range.to,
    timezone: deps.config.sending.send_window.timezone,
    campaign: range.campaign,
    settledThrough: through,
    total: settledRow(total, deps),
    days: perDay,
    campaigns: [...perCampaign]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([campaign, sum]) => ({ campaign, ...settledRow(sum, deps) })),
    flags: range.campaign === null ? flags : flags.filter((f) => f.scope === range.campaign),
    accounts,
    guard,
  };
}
