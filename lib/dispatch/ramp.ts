// The ramp in clean_days mode: each day (send window time zone) is judged after the window closes —
// clean when it had a live run, no batch left waiting for approval, no errors and at least
// `min_dispatches` dispatches. A clean day adds to the streak, a day with an error resets it, any
// other day leaves it as it was; after `clean_days_required` clean days in a row the ramp
// graduates (the graduated limit, all tiers) and Slack is told.
import type { TRampDay, TRampState } from "../store/ramp-repo.ts";
import type { DispatchDeps } from "./candidates.ts";
import { rampIsActive } from "./daily-limit.ts";

export type TRampEvaluation = { day: TRampDay; state: TRampState; graduated: boolean };

/** Judges `day` (once: a day already judged is returned as judged). */
export async function evaluateRampDay(deps: DispatchDeps, day: string): Promise<TRampEvaluation> {
  const { repos, config } = deps;
  const state = await repos.ramp.state();
  const known = (await repos.ramp.days(60)).find((d) => d.day === day);
  if (known) return { day: known, state, graduated: false };
  const activity = await repos.ramp.activity(day);
  const pending = (await repos.batches.recent(200, "pending_approval")).filter(
    (b) => b.snapshot.day === day,
  ).length;
  const rules = config.ramp.clean_day;
  const reasons: string[] = [];
  if (rules.requires_live_run && activity.live_runs === 0) reasons.push("no live run");
  if (rules.requires_no_pending_hold && pending > 0) {
    reasons.push(`${pending} batch(es) still waiting for approval`);
  }
  if (rules.requires_no_errors && activity.errors > 0) reasons.push(`${activity.errors} error(s)`);
  if (activity.dispatches < rules.min_dispatches) {
    reasons.push(`${activity.dispatches} dispatch(es), at least ${rules.min_dispatches} needed`);
  }
  const clean = reasons.length === 0;
  const effect: TRampDay["effect"] = clean
    ? "counted"
    : activity.errors > 0
      ? "reset"
      : "unchanged";
  const streak = effect === "counted" ? state.streak + 1 : effect === "reset" ? 0 : state.streak;
  const graduates = rampIsActive(config, state) && streak >= config.ramp.clean_days_required;
  const at = deps.now().toISOString();
  const judged: TRampDay = {
    day,
    clean,
    effect,
    reasons: clean
      ? [`clean: live run, ${activity.dispatches} dispatch(es), no errors, nothing held`]
      : reasons,
    liveRuns: activity.live_runs,
    dispatches: activity.dispatches,
    errors: activity.errors,
    pendingHolds: pending,
    streakAfter: streak,
    evaluatedAt: at,
  };
  const next: TRampState = {
    streak,
    graduatedAt: graduates ? at : state.graduatedAt,
    lastEvaluatedDay: day,
  };
  await repos.ramp.recordDay(judged, next);
  return { day: judged, state: next, graduated: graduates };
}
