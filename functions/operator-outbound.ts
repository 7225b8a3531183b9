// operator-outbound: the weekday outbound motion. Ticks every hour on weekdays and runs once a day,
// at the first tick inside the send window of config/sending.json (its own time zone): live
// (creating GATEKEEPER batches that still wait for a person's approval) only when
// config/safety.json dry_run_default is false, a dry run otherwise; Slack hears what it found.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { dispatchDay, insideSendWindow } from "../lib/dispatch/day.ts";
import { runOutbound } from "../lib/dispatch/outbound.ts";
import { inngest } from "../lib/inngest.ts";

export const operatorOutbound = inngest.createFunction(
  {
    id: "operator-outbound",
    onFailure: onFunctionFailure("operator-outbound"),
    triggers: [cron("5 * * * *")],
    retries: 2,
  },
  async ({ step, deps }) => {
    const answer = await step.run("outbound", async () => {
      const now = deps.now();
      const day = dispatchDay(now, deps.config);
      if (!insideSendWindow(now, deps.config))
        return { skipped: `outside the send window (${day})` };
      if (!(await deps.repos.ledger.firstOfDay(day, "operator-outbound"))) {
        return { skipped: `already ran on ${day}` };
      }
      const live = !deps.config.safety.dry_run_default;
      const result = await runOutbound(deps, { live, by: "operator-outbound (cron)" });
      return {
        live,
        mode: result.mode,
        email: result.channels.email.wouldSend.length,
        linkedin: result.channels.linkedin.wouldSend.length,
        held: result.held.length,
        heldByLayer: result.heldByLayer,
        batches: result.batches.map((b) => b.id),
      };
    });
    if ("skipped" in answer) return answer;
    await step.sendEvent("tell-slack", {
      name: "alert.raised",
      data: {
        severity: "INFO",
        title: answer.live
          ? "Outbound dispatch: batches wait for approval"
          : "Outbound dispatch (dry run)",
        detail: `${answer.email} email and ${answer.linkedin} LinkedIn lead(s) ${answer.live ? "in new batches" : "would go"}; ${answer.held} held back (${
          Object.entries(answer.heldByLayer)
            .map(([layer, n]) => `${layer} ${n}`)
            .join(", ") || "none"
        }).`,
        context: { mode: answer.mode, batches: answer.batches.join(", ") || "none" },
      },
    });
    return answer;
  },
);
