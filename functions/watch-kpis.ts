// watch-kpis: every hour, each campaign's KPIs over the last `window_days` days and each sending
// account's last sends are judged against config/kpis.json (lib/kpis/watch-kpis.ts): a new red
// flag alerts (a bounce or unsubscribe one engages the deliverability guard), a recovered one
// says so. A bounce or unsubscribe is also judged the moment it arrives (apply-lead-signal).
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { inngest } from "../lib/inngest.ts";
import { watchKpis } from "../lib/kpis/watch-kpis.ts";

export const watchKpisFn = inngest.createFunction(
  {
    id: "watch-kpis",
    onFailure: onFunctionFailure("watch-kpis"),
    triggers: [cron("20 * * * *")],
    retries: 3,
  },
  async ({ step, deps }) => {
    const outcome = await step.run("judge", () => watchKpis(deps, { icp: true }));
    if (outcome.events.length > 0) await step.sendEvent("announce", outcome.events);
    return {
      raised: outcome.raised.length,
      recovered: outcome.recovered.length,
      engaged: outcome.engaged.length,
    };
  },
);
