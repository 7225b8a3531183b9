// enrich-leads: `leads.scraped` → enrichment cache, Apollo bulk match (10 per call), BetterContact
// for the misses (submit, then poll with step.sleep, bounded) → `leads.enriched`.
import { leadsEnriched, leadsScraped, pipelineCancelled } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import type { TPersonProfile } from "../lib/leads/profile.ts";
import { chunk, nextBatch } from "../lib/pipeline/batches.ts";
import {
  APOLLO_MATCH_CHUNK,
  BETTERCONTACT_POLL_WAITS,
  betterContactCandidates,
  matchWithApollo,
  planEnrichment,
  saveEnrichment,
  usableBetterContactResults,
} from "../lib/pipeline/enrich.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { startStage } from "../lib/pipeline/stage-start.ts";
import type { BetterContactResult } from "../lib/providers/index.ts";

export const enrichLeads = inngest.createFunction(
  {
    id: "enrich-leads",
    triggers: [leadsScraped],
    retries: 3,
    onFailure: onStageFailure("enrich"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const batch = event.data;
    const deps = stageDeps(injected, batch.mode);
    const { startedAt, cancelled } = await step.run("start", () => startStage(deps, batch.runId));
    if (cancelled) return { cancelled: true };
    const plan = await step.run("check-cache", () => planEnrichment(deps, batch.leadIds));
    const matched: Record<string, TPersonProfile | null> = {};
    for (const [i, people] of chunk(plan.toMatch, APOLLO_MATCH_CHUNK).entries()) {
      Object.assign(
        matched,
        await step.run(`apollo-match-${i}`, () => matchWithApollo(deps, people)),
      );
    }
    const candidates = betterContactCandidates(matched);
    let betterContact: Record<string, BetterContactResult> = {};
    let betterContactFinished = true;
    if (candidates.length > 0) {
      betterContactFinished = false;
      const { requestId } = await step.run("bettercontact-submit", () =>
        deps.providers.betterContact.submit(candidates),
      );
      for (const [n, wait] of BETTERCONTACT_POLL_WAITS.entries()) {
        await step.sleep(`bettercontact-wait-${n}`, wait);
        const poll = await step.run(`bettercontact-poll-${n}`, () =>
          deps.providers.betterContact.poll(requestId),
        );
        if (poll.done) {
          betterContact = usableBetterContactResults(poll.results);
          betterContactFinished = true;
          break;
        }
      }
    }
    const outcome = await step.run("save", () =>
      saveEnrichment(deps, batch.leadIds, {
        cached: plan.cached,
        matched,
        betterContact,
        betterContactFinished,
      }),
    );
    await step.run("record", () =>
      recordBatch(deps, batch, "enrich", {
        startedAt,
        countIn: batch.leadIds.length,
        countOut: outcome.enriched.length,
        errors: [],
      }),
    );
    await step.sendEvent("next", {
      name: leadsEnriched.name,
      data: nextBatch(batch, outcome.enriched),
    });
    return {
      enriched: outcome.enriched.length,
      fromCache: Object.keys(plan.cached).length,
      apolloCalls: Math.ceil(plan.toMatch.length / APOLLO_MATCH_CHUNK),
      betterContact: candidates.length,
      dropped: outcome.dropped,
    };
  },
);
