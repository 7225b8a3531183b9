// scrape-leads: `pipeline.requested` → Apollo people search with the campaign's targets, paged up
// to the requested limit, five pages (500 people) stored as leads per step → `leads.scraped` in
// batches of ≤500 ids. A handful of steps per run: steps are billed.
import { leadsScraped, pipelineCancelled, pipelineRequested } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { chunk } from "../lib/pipeline/batches.ts";
import { perProvider } from "../lib/pipeline/flow-control.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { SEARCH_PAGES_PER_STEP, searchAndStore, searchPlan } from "../lib/pipeline/scrape.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";
import { onStageFailure } from "../lib/pipeline/stage-failure.ts";

/** Batch events sent per sendEvent step (each ≤500 ids, about 14 KB). */
const EVENTS_PER_SEND = 20;

export const scrapeLeads = inngest.createFunction(
  {
    id: "scrape-leads",
    triggers: [pipelineRequested],
    retries: 3,
    concurrency: perProvider("apollo"),
    onFailure: onStageFailure("scrape"),
    cancelOn: [{ event: pipelineCancelled, match: "data.runId" }],
  },
  async ({ event, step, deps: injected }) => {
    const { runId, campaign, mode, limit } = event.data;
    const deps = stageDeps(injected, mode);
    const { pages, perPage } = searchPlan(limit);
    const leadIds = new Set<string>();
    const totals = { found: 0, created: 0, alreadyProcessed: 0 };
    let startedAt: number | undefined;
    for (let fromPage = 1; fromPage <= pages && totals.found < limit; ) {
      const count = Math.min(SEARCH_PAGES_PER_STEP, pages - fromPage + 1);
      const part = await step.run(`search-pages-${fromPage}-${fromPage + count - 1}`, () =>
        searchAndStore(deps, {
          runId,
          campaign,
          fromPage,
          pages: count,
          perPage,
          want: limit - totals.found,
        }),
      );
      if (part.cancelled) return { cancelled: true };
      startedAt ??= part.startedAt;
      for (const id of part.leadIds) leadIds.add(id);
      totals.found += part.found;
      totals.created += part.created;
      totals.alreadyProcessed += part.alreadyProcessed;
      if (part.exhausted) break;
      fromPage += count;
    }
    const batches = chunk([...leadIds]);
    await step.run("record", async () => {
      await deps.repos.runs.setExpectedBatches(runId, batches.length);
      await recordBatch(deps, { runId, batch: { index: 0, count: 1 } }, "scrape", {
        startedAt: startedAt ?? Date.now(),
        countIn: totals.found,
        countOut: leadIds.size,
        errors: [],
      });
    });
    for (const [n, group] of chunk(batches, EVENTS_PER_SEND).entries()) {
      await step.sendEvent(
        n === 0 ? "emit-batches" : `emit-batches-${n}`,
        group.map((ids, i) => ({
          name: leadsScraped.name,
          data: {
            runId,
            campaign,
            mode,
            leadIds: ids,
            batch: { index: n * EVENTS_PER_SEND + i, count: batches.length },
          },
        })),
      );
    }
    return { ...totals, batches: batches.length };
  },
);
