// While the emergency stop holds, every campaign this system activated must be paused at its
// provider (they send on their own schedule): each active campaign is paused on its own, so one
// that cannot be paused (deleted at the provider) does not keep the others sending; the ones that
// failed are returned for an alert.
import type { TCampaignRecord } from "../store/campaign-repo.ts";
import type { DispatchDeps } from "./candidates.ts";

export type TPauseOutcome = { paused: string[]; failed: { campaign: string; reason: string }[] };

/** Pauses one campaign at its provider and records it paused. */
export async function pauseCampaign(
  deps: DispatchDeps,
  campaign: Pick<TCampaignRecord, "provider" | "id">,
  reason: string,
): Promise<void> {
  const providers = deps.providers("production");
  if (campaign.provider === "instantly") await providers.instantly.pauseCampaign(campaign.id);
  else await providers.heyReach.pauseCampaign(Number(campaign.id));
  const record = await deps.repos.campaigns.get(campaign.provider, campaign.id);
  if (record) {
    await deps.repos.campaigns.save({
      ...record,
      status: "paused",
      pausedAt: deps.now().toISOString(),
      pausedReason: reason,
    });
  }
}

/** Pauses every campaign recorded active (that `concerned` keeps); each failure is collected. */
export async function pauseActiveCampaigns(
  deps: DispatchDeps,
  reason: string,
  concerned: (campaign: TCampaignRecord) => boolean = () => true,
): Promise<TPauseOutcome> {
  const active = (await deps.repos.campaigns.list()).filter(
    (c) => c.status === "active" && concerned(c),
  );
  const outcome: TPauseOutcome = { paused: [], failed: [] };
  for (const campaign of active) {
    const name = `${campaign.provider}:${campaign.id}`;
    try {
      await pauseCampaign(deps, campaign, reason);
      outcome.paused.push(name);
    } catch (error) {
      outcome.failed.push({ campaign: name, reason: (error as Error).message });
    }
  }
  return outcome;
}
