// pause-campaigns-on-stop: while the emergency stop holds — switched on at runtime (its event), or
// set in env or config (checked every 15 minutes) — pauses at the providers every campaign this
// system activated, because they send on their own schedule. Each campaign is paused on its own:
// one that cannot be paused raises a CRITICAL alert naming it, and the others are still paused.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { emergencyState } from "../lib/dispatch/emergency.ts";
import { pauseActiveCampaigns } from "../lib/dispatch/pause-campaigns.ts";
import { emergencyStopChanged } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { redact, secretsOf } from "../lib/log.ts";

export const pauseCampaignsOnStop = inngest.createFunction(
  {
    id: "pause-campaigns-on-stop",
    onFailure: onFunctionFailure("pause-campaigns-on-stop"),
    triggers: [emergencyStopChanged, cron("*/15 * * * *")],
    retries: 3,
  },
  async ({ step, deps }) => {
    const outcome = await step.run("pause-active", async () => {
      const stop = await emergencyState(deps);
      if (!stop.on) return { paused: [], failed: [] };
      return pauseActiveCampaigns(deps, `emergency stop: ${stop.reason}`);
    });
    if (outcome.failed.length > 0) {
      const secrets = secretsOf(deps.env);
      await step.sendEvent("alert-unpaused", {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: "Emergency stop: campaigns could not be paused",
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
