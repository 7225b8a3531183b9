// craft-emails: `leads.segmented` → an 8-step sequence per lead and a pending card in the Head of
// Sales' queue for its first message → `emails.crafted`. The batch's last stage: it settles it.
// Two steps per batch of ≤500 leads.
import { emailsCrafted, leadsSegmented, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { craftCards } from "../lib/pipeline/craft.ts";
import { perRun } from "../lib/pipeline/flow-control.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { stageStep } from "../lib/pipeline/stage-step.ts";

export const craftEmails = inngest.createFunction(
  {
    id: "craft-emails",
    triggers: [leadsSegmented],
    retries: 3,
    concurrency: perRun,
    onFailure: onStageFailure("craft"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const outcome = await step.run("craft", () =>
      stageStep(
        deps,
        batch,
        "craft",
        async () => {
          const crafted = await craftCards(deps, batch, batch.leadIds);
          return {
            ...crafted,
            countOut: crafted.cardIds.length,
            errors: crafted.failed.map((f) => `${f.leadId}: ${f.reason}`),
          };
        },
        { last: true },
      ),
    );
    if (outcome.cancelled) return { cancelled: true };
    await step.sendEvent("crafted", {
      name: emailsCrafted.name,
      data: { ...nextBatch(batch, outcome.leadIds), cardIds: outcome.cardIds },
    });
    return { cards: outcome.cardIds.length, created: outcome.created, failed: outcome.failed };
  },
);
