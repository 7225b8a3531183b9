// How many new leads may enter a channel today: the channel's cap (LinkedIn also HeyReach's own
// daily limit), lowered to the ramp's limit while the ramp is active, or to the graduated limit;
// and each sending account's limit. Today's caps are these limits beside the day's counts; on
// LinkedIn, the day's cadence steps also use up HeyReach's daily limit.
import type { TConfig } from "../config/schemas.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";

/** The day counter of LinkedIn cadence steps (beside the new leads counted as "linkedin"). */
export const LINKEDIN_STEPS_COUNTER = "linkedin_steps";

/** The ramp holds while it is enabled and has not graduated. */
export const rampIsActive = (
  config: Pick<TConfig, "ramp">,
  state: { graduatedAt: string | null },
): boolean => config.ramp.enabled && state.graduatedAt === null;

export function dailyLimit(
  config: Pick<TConfig, "caps" | "ramp" | "sending">,
  channel: TOutreachChannel,
  rampActive: boolean,
): number {
  const channelCap =
    channel === "email"
      ? config.caps.daily.email
      : Math.min(config.caps.daily.linkedin, config.sending.heyreach.daily_limit);
  const rampCap = rampActive
    ? config.ramp.ramp_daily_limit
    : config.ramp.enabled
      ? config.ramp.graduated_daily_limit
      : channelCap;
  return Math.min(channelCap, rampCap);
}

export type TCapView = { limit: number; used: number; remaining: number };
export type TAccountCap = TCapView & { account: string };

const capView = (limit: number, used: number): TCapView => ({
  limit,
  used,
  remaining: Math.max(0, limit - used),
});

/** Each account of the channel with its daily limit (LinkedIn accounts only when configured). */
function accountLimits(config: Pick<TConfig, "caps" | "sending">, channel: TOutreachChannel) {
  return channel === "email"
    ? config.sending.accounts.map((a) => ({
        account: a.email,
        limit: Math.min(a.daily_limit, config.caps.per_account_daily.email),
      }))
    : config.sending.heyreach.linkedin_account_ids.map((id) => ({
        account: id,
        limit: config.caps.per_account_daily.linkedin,
      }));
}

/** A channel's cap and its accounts' caps today, from the day's counts (dispatch-ledger.ts). */
export function todaysCaps(
  config: Pick<TConfig, "caps" | "ramp" | "sending">,
  counts: Record<string, number>,
  channel: TOutreachChannel,
  rampActive: boolean,
): { cap: TCapView; accounts: TAccountCap[] } {
  const cap = capView(dailyLimit(config, channel, rampActive), counts[channel] ?? 0);
  if (channel === "linkedin") {
    // HeyReach's daily limit counts every LinkedIn action: new leads and cadence steps alike.
    const steps = counts[LINKEDIN_STEPS_COUNTER] ?? 0;
    const actionsLeft = config.sending.heyreach.daily_limit - cap.used - steps;
    cap.remaining = Math.max(0, Math.min(cap.remaining, actionsLeft));
  }
  return {
    cap,
    accounts: accountLimits(config, channel).map(({ account, limit }) => ({
      account,
      ...capView(limit, counts[`account:${account}`] ?? 0),
    })),
  };
}
