// evaluate-ramp: every day after the send window closes (17:30 in Detroit; the day judged is the
// latest whose window has closed in the configured time zone), judges the day for the ramp
// (clean_days mode), tells Slack when the ramp graduates, and expires batches whose approval time
// ran out without their send function noticing (a batch created while the engine was down).
import { cron } from "inngest";
import { endUnsent } from "../lib/dispatch/batch-lifecycle.ts";
import { lastClosedDay } from "../lib/dispatch/day.ts";
import { evaluateRampDay } from "../lib/dispatch/ramp.ts";
import { inngest } from "../lib/inngest.ts";

export const evaluateRamp = inngest.createFunction(
  { id: "evaluate-ramp", triggers: [cron("TZ=America/Detroit 30 17 * * *")], retries: 3 },
  async ({ step, deps }) => {
    const expired = await step.run("expire-overdue-batches", async () => {
      const now = deps.now().getTime();
      const pending = await deps.repos.batches.recent(200, "pending_approval");
      const ids: string[] = [];
      for (const batch of pending) {
        if (Date.parse(batch.snapshot.expiresAt) > now) continue;
        const read = await deps.repos.batches.get(batch.snapshot.id);
        if (
          read &&
          (await endUnsent(deps, read, "expired", "nobody approved it in time", "evaluate-ramp"))
        ) {
          ids.push(batch.snapshot.id);
        }
      }
      return ids;
    });
    const evaluation = await step.run("judge-day", () =>
      evaluateRampDay(deps, lastClosedDay(deps.now(), deps.config)),
    );
    if (evaluation.graduated) {
      await step.sendEvent("tell-slack", {
        name: "alert.raised",
        data: {
          severity: "INFO",
          title: "The ramp graduated",
          detail: `${deps.config.ramp.clean_days_required} clean supervised live days in a row: from now on ${deps.config.ramp.graduated_daily_limit}/day and every tier.`,
          context: { day: evaluation.day.day, streak: String(evaluation.state.streak) },
        },
      });
    }
    return { day: evaluation.day, expired };
  },
);
