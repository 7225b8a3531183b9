// enrich-leads: `leads.scraped` → Apollo bulk match for the leads without a profile (all of a
// batch in one step), BetterContact for the ones matched without an email (submit, then poll with
// step.sleep, bounded) → `leads.enriched`. Three steps per batch of ≤500 leads when Apollo finds
// every email, six when BetterContact answers at its first poll.
import { leadsEnriched, leadsScraped, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { nextBatch } from "../lib/pipeline/batches.ts";
import {
  BETTERCONTACT_POLL_WAITS,
  matchBatch,
  pollBetterContact,
  settleEnrichment,
  submitToBetterContact,
} from "../lib/pipeline/enrich.ts";
import { perProvider, perRun } from "../lib/pipeline/flow-control.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { isCancelled } from "../lib/pipeline/stage-step.ts";

export const enrichLeads = inngest.createFunction(
  {
    id: "enrich-leads",
    triggers: [leadsScraped],
    retries: 3,
    concurrency: [perRun, perProvider("apollo")],
    onFailure: onStageFailure("enrich"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const match = await step.run("match", async () => {
      const startedAt = Date.now();
      if (await isCancelled(deps, batch.runId)) return { cancelled: true as const };
      return { cancelled: false as const, startedAt, ...(await matchBatch(deps, batch.leadIds)) };
    });
    if (match.cancelled) return { cancelled: true };
    let betterContactFinished = true;
    if (match.needEmail.length > 0) {
      const requestIds = await step.run("bettercontact-submit", () =>
        submitToBetterContact(deps, match.needEmail),
      );
      const waiting = new Set(requestIds);
      for (const [n, wait] of BETTERCONTACT_POLL_WAITS.entries()) {
        if (waiting.size === 0) break;
        await step.sleep(`bettercontact-wait-${n}`, wait);
        const finished = await step.run(`bettercontact-poll-${n}`, () =>
          pollBetterContact(deps, [...waiting]),
        );
        for (const requestId of finished) waiting.delete(requestId);
      }
      betterContactFinished = waiting.size === 0;
    }
    const outcome = await step.run("save", async () => {
      const settled = await settleEnrichment(deps, batch.leadIds, betterContactFinished);
      await recordBatch(deps, batch, "enrich", {
        startedAt: match.startedAt,
        countIn: batch.leadIds.length,
        countOut: settled.enriched.length,
        errors: [],
        dropped: settled.dropped.map((d) => d.reason),
      });
      return settled;
    });
    await step.sendEvent("next", {
      name: leadsEnriched.name,
      data: nextBatch(batch, outcome.enriched),
    });
    return {
      enriched: outcome.enriched.length,
      fromCache: match.known,
      apolloCalls: match.apolloCalls,
      betterContact: match.needEmail.length,
      dropped: outcome.dropped,
    };
  },
);
