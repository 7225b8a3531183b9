// The KPI watch: each campaign's rates over the last `window_days` days (opens and replies over
// cohorts old enough to have them: `settle_days`) and each sending account's last sends, judged
// against config/kpis.json. A red flag alerts once when raised and once when it recovers (the
// store keeps the raised ones, with their latest numbers); a campaign with a raised flag is judged
// even when nothing new was counted for it. A bounce or unsubscribe red flag, or an account whose
// recent sends bounced over the limit, engages the deliverability guard — when the flag is new,
// or when a new bounce or unsubscribe is evidence for it (`evidence`): a guard a person cleared
// engages again on new evidence, not on the numbers they already saw. Flags are written last, so
// a retried watch announces again what its failed attempt did.
import { dispatchDay, shiftDay } from "../dispatch/day.ts";
import type { OutgoingEvent } from "../engine/emit.ts";
import type { TGuardTrigger } from "../store/guard-repo.ts";
import { flagField, type TKpiFlag } from "../store/kpi-repo.ts";
import type { TKpiCounts } from "./kpi-metrics.ts";
import { judgeRates, percent, RATE_LABELS, type TRateName } from "./kpi-rates.ts";
import {
  accountWindows,
  countsByDay,
  daysBetween,
  type KpiDeps,
  settledSum,
} from "./kpi-report.ts";

/** Red flags that engage the guard, by KPI. */
const GUARDED: Readonly<Record<string, TGuardTrigger["kind"]>> = {
  bounce_rate: "bounce_rate",
  unsubscribe_rate: "unsubscribe_rate",
  account_bounce: "account_bounce",
};

const LABEL: Readonly<Record<string, string>> = {
  ...RATE_LABELS,
  account_bounce: "Sending account bounces",
};

export type TWatchScope = {
  /** Campaigns to judge (all that counted anything in the window or hold a flag when absent). */
  campaigns?: readonly string[];
  /** Sending accounts to judge (all when absent). */
  accounts?: readonly string[];
  /** Judge ICP matching too (it needs the runs; a signal does not change it). */
  icp: boolean;
  /** A new bounce or unsubscribe: held flags of these kinds engage the guard again. */
  evidence?: { id: string; kinds: readonly TGuardTrigger["kind"][] };
};

export type TWatchOutcome = {
  raised: TKpiFlag[];
  recovered: TKpiFlag[];
  engaged: TGuardTrigger[];
  /** Alerts and the guard's change, for the caller to send. */
  events: OutgoingEvent[];
};

type TJudged = { flag: TKpiFlag; red: boolean; redFlag: string };

/** Each campaign's counts over the days of the window, opens and replies over settled days. */
async function campaignCounts(deps: KpiDeps, scope: TWatchScope, flagged: readonly string[]) {
  const { kpis } = deps.config;
  const openSettle = kpis.open_rate.settle_days ?? 0;
  const replySettle = kpis.reply_rate.settle_days ?? 0;
  const today = dispatchDay(deps.now(), deps.config);
  const span = kpis.window_days + Math.max(openSettle, replySettle);
  const days = daysBetween(shiftDay(today, 1 - span), today);
  const byDay = scope.icp ? await countsByDay(deps, days) : await deps.repos.kpis.days(days);
  // The window ending today; for opens and replies, the window ending `settle_days` earlier.
  const within = (settle: number) => (day: string) =>
    day <= shiftDay(today, -settle) && day > shiftDay(today, -settle - kpis.window_days);
  const windows = { all: within(0), open: within(openSettle), reply: within(replySettle) };
  const names = new Set(flagged);
  for (const day of byDay.values()) for (const campaign of day.keys()) names.add(campaign);
  const result = new Map<string, TKpiCounts>();
  for (const campaign of names) {
    if (scope.campaigns && !scope.campaigns.includes(campaign)) continue;
    const sum = settledSum(windows);
    for (const [day, counts] of byDay) {
      const c = counts.get(campaign);
      if (c) sum.add(day, c);
    }
    result.set(campaign, sum.settled());
  }
  return { result, window: `the ${kpis.window_days} days to ${today}` };
}

export async function watchKpis(deps: KpiDeps, scope: TWatchScope): Promise<TWatchOutcome> {
  const at = deps.now().toISOString();
  const stored = await deps.repos.kpis.flagMap();
  const flagged = [...stored.values()].map((f) => f.scope).filter((s) => !s.startsWith("account:"));
  const { result, window } = await campaignCounts(deps, scope, flagged);
  const judged: TJudged[] = [];
  for (const [campaign, counts] of result) {
    const rates = judgeRates(counts, deps.config.kpis);
    for (const [name, rate] of Object.entries(rates) as [TRateName, (typeof rates)[TRateName]][]) {
      if (name === "icp_match_rate" && !scope.icp) continue;
      judged.push({
        red: rate.status === "red_flag",
        redFlag: `red flag ${rate.redFlag}, target ${rate.target}`,
        flag: {
          kpi: name,
          scope: campaign,
          value: rate.value ?? 0,
          sample: rate.denominator,
          detail: `${LABEL[name]} of ${campaign}: ${rate.value === null ? "no data" : percent(rate.value)} (${rate.numerator} of ${rate.denominator}) over ${window}`,
          since: at,
        },
      });
    }
  }
  const rule = deps.config.kpis.account_bounce;
  for (const a of await accountWindows(deps)) {
    if (scope.accounts && !scope.accounts.includes(a.account)) continue;
    judged.push({
      red: a.overLimit,
      redFlag: `limit ${percent(rule.max_rate)} of its last ${rule.last_sends} sends`,
      flag: {
        kpi: "account_bounce",
        scope: `account:${a.account}`,
        value: a.rate,
        sample: a.sends,
        detail: `${a.bounced} of the last ${a.sends} sends from ${a.account} bounced: ${percent(a.rate)} of its last ${rule.last_sends}`,
        since: at,
      },
    });
  }

  const outcome: TWatchOutcome = { raised: [], recovered: [], engaged: [], events: [] };
  const redFlags = new Map<string, string>();
  for (const { flag, red, redFlag } of judged) {
    const held = stored.get(flagField(flag));
    if (!red) {
      if (held && (await deps.repos.kpis.dropFlag(flag))) outcome.recovered.push(flag);
      continue;
    }
    redFlags.set(flagField(flag), redFlag);
    const kind = GUARDED[flag.kpi];
    const evidence = !held
      ? `flag:${flagField(flag)}:${at.slice(0, 13)}`
      : scope.evidence?.kinds.includes(kind as TGuardTrigger["kind"])
        ? scope.evidence.id
        : null;
    if (kind && evidence) {
      const trigger: TGuardTrigger = {
        kind,
        scope: flag.scope.replace(/^account:/, ""),
        rate: flag.value,
        sample: flag.sample,
        detail: flag.detail,
        at,
        evidence,
      };
      if ((await deps.repos.guard.engage(trigger)).added) outcome.engaged.push(trigger);
    }
    await deps.repos.kpis.raiseFlag(flag, held?.since ?? at);
    if (!held) outcome.raised.push(flag);
  }
  outcome.events = eventsOf(outcome, redFlags, at);
  return outcome;
}

function eventsOf(outcome: TWatchOutcome, redFlags: Map<string, string>, at: string) {
  const events: OutgoingEvent[] = [];
  for (const flag of outcome.raised) {
    events.push({
      name: "alert.raised",
      data: {
        severity: GUARDED[flag.kpi] ? "CRITICAL" : "WARNING",
        title: `KPI red flag: ${LABEL[flag.kpi] ?? flag.kpi} (${flag.scope})`,
        detail: `${flag.detail}; ${redFlags.get(flagField(flag)) ?? ""}`,
        context: { kpi: flag.kpi, scope: flag.scope },
      },
    });
  }
  for (const flag of outcome.recovered) {
    events.push({
      name: "alert.raised",
      data: {
        severity: "INFO",
        title: `KPI recovered: ${LABEL[flag.kpi] ?? flag.kpi} (${flag.scope})`,
        detail: `${flag.detail} — no longer a red flag.`,
        context: { kpi: flag.kpi, scope: flag.scope },
      },
    });
  }
  if (outcome.engaged.length > 0) {
    const reason = outcome.engaged.map((t) => t.detail).join("\n");
    events.push(
      {
        name: "safety.deliverability_guard.changed",
        data: { engaged: true, by: "KPI watch", reason: reason.slice(0, 1000), at },
      },
      {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: "Deliverability guard engaged: live dispatch is held",
          detail:
            `${reason}\nLive dispatch is held and the concerned campaigns are being paused until a person clears the guard with a reason (POST /api/deliverability/clear, or the Operator page).`.slice(
              0,
              4000,
            ),
          context: { triggers: String(outcome.engaged.length) },
        },
      },
    );
  }
  return events;
}
