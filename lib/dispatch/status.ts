// The operator's status: the emergency stop, the deliverability guard, shadow mode, the ramp
// (state, limits and each judged day with why it counted or not), today's caps used per channel
// and per account, the batches waiting for approval, and the size of the approved pool.
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import type { DispatchDeps } from "./candidates.ts";
import { rampIsActive, todaysCaps } from "./daily-limit.ts";
import { dispatchDay } from "./day.ts";
import { guardReason } from "./deliverability-guard.ts";
import { emergencyState, shadowMode } from "./emergency.ts";

export async function operatorStatus(deps: DispatchDeps) {
  const { repos, config } = deps;
  const now = deps.now();
  const day = dispatchDay(now, config);
  const [emergency, guard, ramp, days, counts, pending, pool] = await Promise.all([
    emergencyState(deps),
    repos.guard.state(),
    repos.ramp.state(),
    repos.ramp.days(30),
    repos.ledger.counts(day),
    repos.batches.recent(50, "pending_approval"),
    repos.cards.dispatchQueue(),
  ]);
  const rampActive = rampIsActive(config, ramp);
  const capOf = (channel: TOutreachChannel) => {
    const { cap, accounts } = todaysCaps(config, counts, channel, rampActive);
    return { cap: { limit: cap.limit, used: cap.used }, accounts };
  };
  const email = capOf("email");
  return {
    at: now.toISOString(),
    day,
    timezone: config.sending.send_window.timezone,
    emergencyStop: emergency,
    deliverabilityGuard: { ...guard, reason: guardReason(guard) },
    shadowMode: shadowMode(deps),
    dryRunDefault: config.safety.dry_run_default,
    gatekeeperRequired: config.safety.gatekeeper_required,
    ramp: {
      enabled: config.ramp.enabled,
      active: rampActive,
      mode: config.ramp.mode,
      streak: ramp.streak,
      required: config.ramp.clean_days_required,
      graduatedAt: ramp.graduatedAt,
      dailyLimit: rampActive ? config.ramp.ramp_daily_limit : config.ramp.graduated_daily_limit,
      tiers: rampActive ? config.ramp.ramp_tiers : ["tier_1", "tier_2", "tier_3"],
      days,
    },
    caps: {
      email: email.cap,
      linkedin: capOf("linkedin").cap,
      accounts: email.accounts.map(({ account, limit, used }) => ({ account, limit, used })),
    },
    pendingBatches: pending.map(({ snapshot, hash, state }) => ({
      id: snapshot.id,
      channel: snapshot.channel,
      leads: snapshot.leads.length,
      createdAt: snapshot.createdAt,
      createdBy: snapshot.createdBy,
      expiresAt: snapshot.expiresAt,
      snapshotHash: hash,
      status: state.status,
    })),
    approvedWaiting: pool.length,
  };
}
