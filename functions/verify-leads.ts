// verify-leads: `leads.enriched` → ZeroBounce verdict per address (calls of ≤200); never-send
// verdicts dropped with the reason, catch-all and unknown flagged risky → `leads.verified`.
// Two steps per batch of ≤500 leads.
import { leadsEnriched, leadsVerified, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { perProvider, perRun } from "../lib/pipeline/flow-control.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { stageStep } from "../lib/pipeline/stage-step.ts";
import { verifyBatch } from "../lib/pipeline/verify.ts";

export const verifyLeads = inngest.createFunction(
  {
    id: "verify-leads",
    triggers: [leadsEnriched],
    retries: 3,
    concurrency: [perRun, perProvider("zerobounce")],
    onFailure: onStageFailure("verify"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const outcome = await step.run("verify", () =>
      stageStep(deps, batch, "verify", async (run) => {
        const verified = await verifyBatch(deps, run.startedAt, batch.leadIds);
        return {
          ...verified,
          countOut: verified.verified.length,
          droppedReasons: verified.dropped.map((d) => d.reason),
        };
      }),
    );
    if (outcome.cancelled) return { cancelled: true };
    await step.sendEvent("next", {
      name: leadsVerified.name,
      data: nextBatch(batch, outcome.verified),
    });
    return {
      verified: outcome.verified.length,
      risky: outcome.risky.length,
      dropped: outcome.dropped,
    };
  },
);
