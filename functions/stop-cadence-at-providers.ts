// stop-cadence-at-providers: `cadence.stopped` by a person (`stopAtProviders`) → the lead is stopped
// at Instantly and HeyReach (every campaign it went into), as a reply would stop it; a channel
// that cannot be stopped is a CRITICAL alert. (The signal loop stops the lead itself, in its own
// run, and announces the stop without asking for this.)

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { cadenceStopped } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { stopEverywhere } from "../lib/signals/stop-everywhere.ts";

export const stopCadenceAtProviders = inngest.createFunction(
  {
    id: "stop-cadence-at-providers",
    onFailure: onFunctionFailure("stop-cadence-at-providers"),
    triggers: [{ event: cadenceStopped, if: "event.data.stopAtProviders == true" }],
    retries: 5,
  },
  async ({ event, step, deps }) => {
    const { leadId, reason, by } = event.data;
    const stopped = await step.run("stop-everywhere", () =>
      stopEverywhere(deps, leadId, `cadence stopped by ${by}: ${reason}`),
    );
    if (stopped.unstoppable.length > 0) {
      await step.sendEvent("alert-unstoppable", {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: `Lead ${leadId} could not be stopped everywhere`,
          detail: `${reason}: ${stopped.unstoppable.join("; ")}. Stop it by hand at the provider.`,
          context: { lead: leadId },
        },
      });
    }
    return stopped;
  },
);
