// How many new leads may enter a channel today: the channel's cap (LinkedIn also HeyReach's own
// daily limit), lowered to the ramp's limit while the ramp is active, or to the graduated limit.
import type { TConfig } from "../config/schemas.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";

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
