// segment-leads: `leads.verified` → ICP score, tier and "why this score" per lead; leads outside the
// ICP stop here with their reasons → `leads.segmented`.
import { leadsSegmented, leadsVerified, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { segmentLeads as segment } from "../lib/pipeline/segment.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { startStage } from "../lib/pipeline/stage-start.ts";

export const segmentLeads = inngest.createFunction(
  {
    id: "segment-leads",
    triggers: [leadsVerified],
    retries: 3,
    onFailure: onStageFailure("segment"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const { startedAt, cancelled } = await step.run("start", () => startStage(deps, batch.runId));
    if (cancelled) return { cancelled: true };
    const outcome = await step.run("score", () => segment(deps, batch.campaign, batch.leadIds));
    await step.run("record", () =>
      recordBatch(deps, batch, "segment", {
        startedAt,
        countIn: batch.leadIds.length,
        countOut: outcome.qualified.length,
        errors: [],
      }),
    );
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
