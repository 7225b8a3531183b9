// verify-leads: `leads.enriched` → ZeroBounce verdict per address; never-send verdicts dropped with
// the reason, catch-all and unknown flagged risky → `leads.verified`.
import { leadsEnriched, leadsVerified, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { startStage } from "../lib/pipeline/stage-start.ts";
import { emailsToVerify, saveVerification, verifyWithZeroBounce } from "../lib/pipeline/verify.ts";

export const verifyLeads = inngest.createFunction(
  {
    id: "verify-leads",
    triggers: [leadsEnriched],
    retries: 3,
    onFailure: onStageFailure("verify"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const { startedAt, cancelled } = await step.run("start", () => startStage(deps, batch.runId));
    if (cancelled) return { cancelled: true };
    const targets = await step.run("load-emails", () => emailsToVerify(deps, batch.leadIds));
    const verdicts = await step.run("zerobounce", () =>
      verifyWithZeroBounce(
        deps,
        targets.map((t) => t.email),
      ),
    );
    const outcome = await step.run("save", () =>
      saveVerification(
        deps,
        batch.leadIds,
        targets.flatMap((t, i) => {
          const verification = verdicts[i];
          return verification ? [{ leadId: t.leadId, verification }] : [];
        }),
      ),
    );
    await step.run("record", () =>
      recordBatch(deps, batch, "verify", {
        startedAt,
        countIn: batch.leadIds.length,
        countOut: outcome.verified.length,
        errors: [],
      }),
    );
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
