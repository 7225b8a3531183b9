// The KPI watch: each campaign's rates over the last `window_days` days and each sending account's
// last sends, judged against config/kpis.json. A red flag raised for the first time alerts (once:
// the store remembers it until it recovers, which alerts too). A bounce or unsubscribe red flag,
// or an account whose recent sends bounced over the limit, engages the deliverability guard — when
// the flag is new, or, on a new bounce or unsubscribe (`engageOnHeld`), whenever it still holds:
// a guard a person cleared engages again on new evidence, not on the numbers they already saw.
import type { OutgoingEvent } from "../engine/emit.ts";
import type { TGuardTrigger } from "../store/guard-repo.ts";
import type { TKpiFlag } from "../store/kpi-repo.ts";
import { addCounts, emptyCounts, type TKpiCounts } from "./kpi-metrics.ts";
import { judgeRates, percent, type TRateName } from "./kpi-rates.ts";
import { accountWindows, countsByDay, daysBetween, type KpiDeps, lastDays } from "./kpi-report.ts";

/** Red flags that engage the guard, by KPI. */
const GUARDED: Readonly<Record<string, TGuardTrigger["kind"]>> = {
  bounce_rate: "bounce_rate",
  unsubscribe_rate: "unsubscribe_rate",
  account_bounce: "account_bounce",
};

const LABEL: Record<TRateName | "account_bounce", string> = {
  icp_match_rate: "ICP match rate",
  open_rate: "Open rate",
  reply_rate: "Reply rate",
  bounce_rate: "Bounce rate",
  unsubscribe_rate: "Unsubscribe rate",
  account_bounce: "Sending account bounces",
};

export type TWatchScope = {
  /** Campaigns to judge (all that counted anything in the window when absent). */
  campaigns?: readonly string[];
  /** Sending accounts to judge (all when absent). */
  accounts?: readonly string[];
  /** Judge ICP matching too (it needs the runs; a signal does not change it). */
  icp: boolean;
  /** Engage the guard for a guarded flag that was already raised (a new bounce or unsubscribe). */
  engageOnHeld: boolean;
};

export type TWatchOutcome = {
  raised: TKpiFlag[];
  recovered: TKpiFlag[];
  engaged: TGuardTrigger[];
  /** Alerts and the guard's change, for the caller to send. */
  events: OutgoingEvent[];
};

type TJudged = { flag: TKpiFlag; red: boolean };

function campaignFlags(
  deps: KpiDeps,
  counts: ReadonlyMap<string, TKpiCounts>,
  scope: TWatchScope,
  at: string,
  days: string,
): TJudged[] {
  const judged: TJudged[] = [];
  for (const [campaign, c] of counts) {
    const rates = judgeRates(c, deps.config.kpis);
    for (const [name, rate] of Object.entries(rates) as [TRateName, (typeof rates)[TRateName]][]) {
      if (name === "icp_match_rate" && !scope.icp) continue;
      judged.push({
        red: rate.status === "red_flag",
        flag: {
          kpi: name,
          scope: campaign,
          value: rate.value ?? 0,
          sample: rate.denominator,
          detail: `${LABEL[name]} of ${campaign} is ${percent(rate.value ?? 0)} (${rate.numerator} of ${rate.denominator}) over ${days}; red flag: ${rate.redFlag}, target ${rate.target}`,
          since: at,
        },
      });
    }
  }
  return judged;
}

export async function watchKpis(deps: KpiDeps, scope: TWatchScope): Promise<TWatchOutcome> {
  const at = deps.now().toISOString();
  const window = lastDays(deps, deps.config.kpis.window_days);
  const days = daysBetween(window.from, window.to);
  const byDay = scope.icp ? await countsByDay(deps, days) : await deps.repos.kpis.days(days);
  const perCampaign = new Map<string, TKpiCounts>();
  for (const day of byDay.values()) {
    for (const [campaign, c] of day) {
      if (scope.campaigns && !scope.campaigns.includes(campaign)) continue;
      perCampaign.set(campaign, addCounts(perCampaign.get(campaign) ?? emptyCounts(), c));
    }
  }
  const judged = campaignFlags(deps, perCampaign, scope, at, `${window.from}…${window.to}`);
  const rule = deps.config.kpis.account_bounce;
  for (const a of await accountWindows(deps)) {
    if (scope.accounts && !scope.accounts.includes(a.account)) continue;
    judged.push({
      red: a.overLimit,
      flag: {
        kpi: "account_bounce",
        scope: `account:${a.account}`,
        value: a.rate,
        sample: a.sends,
        detail: `${a.bounced} of the last ${a.sends} sends from ${a.account} bounced: ${percent(a.rate)} of its last ${rule.last_sends}, over the ${percent(rule.max_rate)} limit`,
        since: at,
      },
    });
  }

  const outcome: TWatchOutcome = { raised: [], recovered: [], engaged: [], events: [] };
  for (const { flag, red } of judged) {
    if (!red) {
      if (await deps.repos.kpis.dropFlag(flag)) outcome.recovered.push(flag);
      continue;
    }
    const isNew = await deps.repos.kpis.raiseFlag(flag);
    if (isNew) outcome.raised.push(flag);
    const kind = GUARDED[flag.kpi];
    if (!kind || !(isNew || scope.engageOnHeld)) continue;
    const trigger: TGuardTrigger = {
      kind,
      scope: flag.scope.replace(/^account:/, ""),
      rate: flag.value,
      sample: flag.sample,
      detail: flag.detail,
      at,
    };
    const engaged = await deps.repos.guard.engage(trigger);
    if (engaged.added) outcome.engaged.push(trigger);
  }
  outcome.events = eventsOf(outcome, at);
  return outcome;
}

function eventsOf(outcome: TWatchOutcome, at: string): OutgoingEvent[] {
  const events: OutgoingEvent[] = [];
  for (const flag of outcome.raised) {
    events.push({
      name: "alert.raised",
      data: {
        severity: GUARDED[flag.kpi] ? "CRITICAL" : "WARNING",
        title: `KPI red flag: ${LABEL[flag.kpi as TRateName] ?? flag.kpi} (${flag.scope})`,
        detail: flag.detail,
        context: { kpi: flag.kpi, scope: flag.scope },
      },
    });
  }
  for (const flag of outcome.recovered) {
    events.push({
      name: "alert.raised",
      data: {
        severity: "INFO",
        title: `KPI recovered: ${LABEL[flag.kpi as TRateName] ?? flag.kpi} (${flag.scope})`,
        detail: `${flag.detail.split(";")[0]} — no longer a red flag.`,
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
            `${reason}\nLive dispatch is held and the affected campaigns are being paused until a person clears the guard with a reason (POST /api/deliverability/clear, or the Operator page).`.slice(
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
