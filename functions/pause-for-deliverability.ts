// pause-for-deliverability: when the deliverability guard engages (its event), pauses at
// Instantly each active campaign it concerns (those sending from a flagged account; all of them
// for a campaign's bounce or unsubscribe red flag), each on its own: one that cannot be paused
// raises a CRITICAL alert naming it. While the guard holds, no campaign can be activated.
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { pauseForGuard } from "../lib/dispatch/deliverability-guard.ts";
import { deliverabilityGuardChanged } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { redact, secretsOf } from "../lib/log.ts";

export const pauseForDeliverability = inngest.createFunction(
  {
    id: "pause-for-deliverability",
    onFailure: onFunctionFailure("pause-for-deliverability"),
    triggers: [deliverabilityGuardChanged],
    retries: 3,
  },
  async ({ step, deps }) => {
    const outcome = await step.run("pause-concerned", () => pauseForGuard(deps));
    if (outcome.failed.length > 0) {
      const secrets = secretsOf(deps.env);
      await step.sendEvent("alert-unpaused", {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: "Deliverability guard: campaigns could not be paused",
          detail: outcome.failed
            .map((f) => `${f.campaign}: ${redact(f.reason, secrets)}`)
            .join("\n")
            .slice(0, 3900),
          context: { paused: String(outcome.paused.length), failed: String(outcome.failed.length) },
        },
      });
    }
    return outcome;
  },
);
