// pause-campaigns-on-stop: when the emergency stop is switched on, pauses at the providers every
// campaign this system activated (Instantly campaigns a person activated, HeyReach campaigns it
// added leads to), because they send on their own schedule; each pause is recorded.
import { emergencyStopChanged } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const pauseCampaignsOnStop = inngest.createFunction(
  { id: "pause-campaigns-on-stop", triggers: [emergencyStopChanged], retries: 5 },
  async ({ event, step, deps }) => {
    if (!event.data.on) return { paused: [] };
    const active = await step.run("list-active", async () =>
      (await deps.repos.campaigns.list())
        .filter((c) => c.status === "active")
        .map((c) => ({ provider: c.provider, id: c.id })),
    );
    const paused: string[] = [];
    for (const campaign of active) {
      await step.run(`pause-${campaign.provider}-${campaign.id}`, async () => {
        const providers = deps.providers("production");
        if (campaign.provider === "instantly") await providers.instantly.pauseCampaign(campaign.id);
        else await providers.heyReach.pauseCampaign(Number(campaign.id));
        const record = await deps.repos.campaigns.get(campaign.provider, campaign.id);
        if (record) {
          await deps.repos.campaigns.save({
            ...record,
            status: "paused",
            pausedAt: deps.now().toISOString(),
            pausedReason: `emergency stop: ${event.data.reason}`,
          });
        }
      });
      paused.push(`${campaign.provider}:${campaign.id}`);
    }
    return { paused };
  },
);
