// scrape-leads: `pipeline.requested` → Apollo people search with the campaign's targets, paged up
// to the requested limit → one lead per person → `leads.scraped` in batches of ≤100 ids.
import { leadsScraped, pipelineCancelled, pipelineRequested } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import type { TSearchPerson } from "../lib/leads/profile.ts";
import { chunk } from "../lib/pipeline/batches.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { searchPage, searchPlan, storeScraped } from "../lib/pipeline/scrape.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";
import { startStage } from "../lib/pipeline/stage-start.ts";

export const scrapeLeads = inngest.createFunction(
  {
    id: "scrape-leads",
    triggers: [pipelineRequested],
    retries: 3,
    onFailure: onStageFailure("scrape"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const { runId, campaign, mode, limit } = event.data;
    const deps = stageDeps(injected, mode);
    const { startedAt, cancelled } = await step.run("start", () => startStage(deps, runId));
    if (cancelled) return { cancelled: true };
    const { pages, perPage } = searchPlan(limit);
    const people: TSearchPerson[] = [];
    for (let page = 1; page <= pages && people.length < limit; page++) {
      const found = await step.run(`search-page-${page}`, () =>
        searchPage(deps, campaign, page, perPage),
      );
      people.push(...found);
      if (found.length < perPage) break;
    }
    const scraped = await step.run("store-leads", () =>
      storeScraped(deps, campaign, people.slice(0, limit)),
    );
    const batches = chunk(scraped.leadIds);
    await step.run("record", async () => {
      await deps.repos.runs.setExpectedBatches(runId, batches.length);
      await recordBatch(deps, { runId, batch: { index: 0, count: 1 } }, "scrape", {
        startedAt,
        countIn: scraped.found,
        countOut: scraped.leadIds.length,
        errors: [],
      });
    });
    if (batches.length > 0) {
      await step.sendEvent(
        "emit-batches",
        batches.map((leadIds, index) => ({
          name: leadsScraped.name,
          data: { runId, campaign, mode, leadIds, batch: { index, count: batches.length } },
        })),
      );
    }
    return { ...scraped, leadIds: undefined, batches: batches.length };
  },
);
