// craft-emails: `leads.segmented` → an 8-step sequence per lead and a pending card in the Head of
// Sales' queue for its first message → `emails.crafted`. The batch's last stage: it settles it.
import { emailsCrafted, leadsSegmented, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { craftCards } from "../lib/pipeline/craft.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { startStage } from "../lib/pipeline/stage-start.ts";

export const craftEmails = inngest.createFunction(
  {
    id: "craft-emails",
    triggers: [leadsSegmented],
    retries: 3,
    onFailure: onStageFailure("craft"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const { startedAt, cancelled } = await step.run("start", () => startStage(deps, batch.runId));
    if (cancelled) return { cancelled: true };
    const outcome = await step.run("craft", () => craftCards(deps, batch, batch.leadIds));
    await step.run("record", () =>
      recordBatch(
        deps,
        batch,
        "craft",
        {
          startedAt,
          countIn: batch.leadIds.length,
          countOut: outcome.cardIds.length,
          errors: outcome.failed.map((f) => `${f.leadId}: ${f.reason}`),
        },
        { last: true },
      ),
    );
    await step.sendEvent("crafted", {
      name: emailsCrafted.name,
      data: { ...nextBatch(batch, outcome.leadIds), cardIds: outcome.cardIds },
    });
    return { cards: outcome.cardIds.length, created: outcome.created, failed: outcome.failed };
  },
);
