// pause-for-deliverability: when the deliverability guard engages (its event), and every hour
// while it holds, pauses at Instantly each active campaign it concerns (those sending from a
// flagged account; all of them for a campaign's bounce or unsubscribe red flag), each on its own.
// One that cannot be paused fails the step, which is retried for it alone (the others are paused
// by then); when the retries run out, onFailure raises a CRITICAL naming it. While the guard
// holds, no campaign can be activated.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { pauseForGuard, UnpausedCampaignsError } from "../lib/dispatch/deliverability-guard.ts";
import { deliverabilityGuardChanged } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { redact, secretsOf } from "../lib/log.ts";

export const pauseForDeliverability = inngest.createFunction(
  {
    id: "pause-for-deliverability",
    onFailure: onFunctionFailure("pause-for-deliverability"),
    triggers: [
      { event: deliverabilityGuardChanged, if: "event.data.engaged == true" },
      cron("40 * * * *"),
    ],
    retries: 4,
  },
  async ({ step, deps }) =>
    step.run("pause-concerned", async () => {
      const outcome = await pauseForGuard(deps);
      if (outcome.failed.length > 0) {
        const secrets = secretsOf(deps.env);
        throw new UnpausedCampaignsError(
          outcome.failed.map((f) => ({ ...f, reason: redact(f.reason, secrets) })),
        );
      }
      return outcome;
    }),
);
