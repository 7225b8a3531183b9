// segment-leads: `leads.verified` → ICP score, tier and "why this score" per lead; leads outside the
// ICP stop here with their reasons → `leads.segmented`. Two steps per batch of ≤500 leads.
import { leadsSegmented, leadsVerified, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { perRun } from "../lib/pipeline/flow-control.ts";
import { segmentLeads as segment } from "../lib/pipeline/segment.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { stageStep } from "../lib/pipeline/stage-step.ts";

export const segmentLeads = inngest.createFunction(
  {
    id: "segment-leads",
    triggers: [leadsVerified],
    retries: 3,
    concurrency: perRun,
    onFailure: onStageFailure("segment"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const outcome = await step.run("score", () =>
      stageStep(deps, batch, "segment", async () => {
        const scored = await segment(deps, batch.campaign, batch.leadIds);
        return {
          ...scored,
          countOut: scored.qualified.length,
          droppedReasons: scored.disqualified.map((d) => d.reason),
        };
      }),
    );
    if (outcome.cancelled) return { cancelled: true };
    await step.sendEvent("next", {
      name: leadsSegmented.name,
      data: nextBatch(batch, outcome.qualified),
    });
    return {
      qualified: outcome.qualified.length,
      tiers: outcome.tiers,
      disqualified: outcome.disqualified,
    };
  },
);
