// The five KPI rates of a set of counts, each judged against config/kpis.json: on target, off
// target, or a red flag — judged only over enough leads (`min_sample`; replies: none after
// `red_flag_zero_after_sends` contacted), so a first send that bounces is not yet a red flag.
import type { TConfig } from "../config/schemas.ts";
import type { TKpiCounts } from "./kpi-metrics.ts";

export const RATE_NAMES = [
  "icp_match_rate",
  "open_rate",
  "reply_rate",
  "bounce_rate",
  "unsubscribe_rate",
] as const;
export type TRateName = (typeof RATE_NAMES)[number];

/** Each rate's name for people (alerts, the overview page). */
export const RATE_LABELS: Readonly<Record<TRateName, string>> = {
  icp_match_rate: "ICP match rate",
  open_rate: "Open rate",
  reply_rate: "Reply rate",
  bounce_rate: "Bounce rate",
  unsubscribe_rate: "Unsubscribe rate",
};

/** "settling": opens or replies of leads emailed too recently to judge (`settle_days`). */
export type TRateStatus = "no_data" | "on_target" | "off_target" | "red_flag" | "settling";

export type TRate = {
  /** The share (0–1), null when nothing was counted under it yet. */
  value: number | null;
  numerator: number;
  denominator: number;
  status: TRateStatus;
  /** The target as said in config ("≥ 80%", "< 5%"). */
  target: string;
  /** When the rate is a red flag, as said in config. */
  redFlag: string;
};

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** What each rate divides, from the counts. */
const PARTS: Record<TRateName, (c: TKpiCounts) => [number, number]> = {
  icp_match_rate: (c) => [c.matched, c.scored],
  open_rate: (c) => [c.opened, c.emailed],
  reply_rate: (c) => [c.replied, c.contacted],
  bounce_rate: (c) => [c.bounced, c.emails],
  unsubscribe_rate: (c) => [c.unsubscribed, c.emails],
};

const statusOf = (value: number | null, red: boolean, onTarget: boolean): TRateStatus =>
  value === null ? "no_data" : red ? "red_flag" : onTarget ? "on_target" : "off_target";

function judge(name: TRateName, n: number, d: number, kpis: TConfig["kpis"]): TRate {
  const value = d > 0 ? n / d : null;
  const base = { value, numerator: n, denominator: d };
  if (name === "reply_rate") {
    const rule = kpis.reply_rate;
    return {
      ...base,
      status: statusOf(
        value,
        n === 0 && d >= rule.red_flag_zero_after_sends,
        (value ?? 0) >= rule.target,
      ),
      target: `≥ ${percent(rule.target)}`,
      redFlag: `no reply after ${rule.red_flag_zero_after_sends} contacted`,
    };
  }
  if (name === "bounce_rate" || name === "unsubscribe_rate") {
    const rule = kpis[name];
    return {
      ...base,
      status: statusOf(
        value,
        d >= rule.min_sample && (value ?? 0) > rule.red_flag_above,
        (value ?? 0) < rule.target_below,
      ),
      target: `< ${percent(rule.target_below)}`,
      redFlag: `> ${percent(rule.red_flag_above)} over ${rule.min_sample}+ emails sent`,
    };
  }
  const rule = kpis[name];
  return {
    ...base,
    status: statusOf(
      value,
      d >= rule.min_sample && (value ?? 0) < rule.red_flag_below,
      (value ?? 0) >= rule.target,
    ),
    target: `≥ ${percent(rule.target)}`,
    redFlag: `< ${percent(rule.red_flag_below)} over ${rule.min_sample}+ ${name === "icp_match_rate" ? "scored" : "emailed"}`,
  };
}

/** Every rate of the counts, judged; the `settling` ones only measured. */
export function judgeRates(
  counts: TKpiCounts,
  kpis: TConfig["kpis"],
  settling: ReadonlySet<TRateName> = new Set(),
): Record<TRateName, TRate> {
  return Object.fromEntries(
    RATE_NAMES.map((name) => {
      const [n, d] = PARTS[name](counts);
      const rate = judge(name, n, d, kpis);
      return [
        name,
        settling.has(name) && rate.status !== "no_data" ? { ...rate, status: "settling" } : rate,
      ];
    }),
  ) as Record<TRateName, TRate>;
}

export { percent };
