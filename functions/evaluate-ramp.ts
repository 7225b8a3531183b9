// evaluate-ramp: every hour, judges for the ramp (clean_days mode) the latest day whose send window
// has closed in config/sending.json's time zone, once (a judged day is not judged again), and
// tells Slack when the ramp graduates. It also ends what a crash can leave behind: batches whose
// approval time ran out without their send function noticing (one created while the engine was
// down), and card channels claimed by a batch that does not exist or has ended.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { endUnsent } from "../lib/dispatch/batch-lifecycle.ts";
import { lastClosedDay } from "../lib/dispatch/day.ts";
import { evaluateRampDay } from "../lib/dispatch/ramp.ts";
import { inngest } from "../lib/inngest.ts";

const LIVE_STATES = new Set(["pending_approval", "approved"]);

export const evaluateRamp = inngest.createFunction(
  {
    id: "evaluate-ramp",
    onFailure: onFunctionFailure("evaluate-ramp"),
    triggers: [cron("30 * * * *")],
    retries: 3,
  },
  async ({ step, deps }) => {
    const swept = await step.run("sweep", async () => {
      const now = deps.now().getTime();
      const expired: string[] = [];
      for (const batch of await deps.repos.batches.recent(200, "pending_approval")) {
        if (Date.parse(batch.snapshot.expiresAt) > now) continue;
        const read = await deps.repos.batches.get(batch.snapshot.id);
        const ended =
          read &&
          (await endUnsent(deps, read, "expired", "nobody approved it in time", "evaluate-ramp"));
        if (ended) expired.push(batch.snapshot.id);
      }
      const orphans: string[] = [];
      for (const [field, batchId] of Object.entries(await deps.repos.ledger.claims())) {
        const read = await deps.repos.batches.get(batchId).catch(() => null);
        if (read && LIVE_STATES.has(read.state.status)) continue;
        orphans.push(field);
      }
      await deps.repos.ledger.unclaimUnits(orphans);
      return { expired, orphanClaims: orphans.length };
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
    return { day: evaluation.day, ...swept };
  },
);
