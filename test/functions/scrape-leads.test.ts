// scrape-leads under InngestTestEngine: Apollo search paged to the limit (sandbox), one lead per
// person, `leads.scraped` in batches of ≤100 with index/count, expected batches and the scrape's
// scorecard row; a second scrape finds no new people; an Apollo 401 (msw, production) fails the
// run with a NonRetriableError, and onFailure records FAIL and raises a WARNING alert.
import { describe, expect, it, vi } from "vitest";
import { scrapeLeads } from "../../functions/scrape-leads.ts";
import { STAGE_BATCH_SIZE } from "../../lib/events.ts";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import { APOLLO_TEST_KEY, apolloHandlers } from "../msw/apollo.ts";
import {
  createRun,
  execute,
  executeOnFailure,
  failedWith,
  RUN_ID,
  startRuntime,
  stepRunIds,
  useMswServer,
} from "./support.ts";

const server = useMswServer();

function requested(limit: number, mode: "sandbox" | "production" = "sandbox", runId = RUN_ID) {
  return {
    name: "pipeline.requested",
    data: { runId, campaign: "default", mode, limit, requestedBy: "test@alpha-swarm.example" },
  };
}

const scrape = (event: ReturnType<typeof requested>) =>
  execute(scrapeLeads, event, { sendEvents: ["emit-batches"] });

type ScrapedBatch = {
  runId: string;
  campaign: string;
  mode: string;
  leadIds: string[];
  batch: { index: number; count: number };
};

describe("scrape-leads", () => {
  it("pages Apollo to the limit, five pages per step, and emits leads.scraped in batches of at most 500", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { limit: 1200 });
    const search = vi.spyOn(runtime.providers("sandbox").apollo, "searchPeople");

    const { result, error, sent, ctx } = await scrape(requested(1200));

    expect(error).toBeUndefined();
    expect(result).toEqual({ found: 1200, created: 1200, alreadyProcessed: 0, batches: 3 });
    expect(stepRunIds(ctx)).toEqual([
      "search-pages-1-5",
      "search-pages-6-10",
      "search-pages-11-12",
      "record",
    ]);
    expect(search.mock.calls.map(([query]) => [query.page, query.per_page])).toEqual(
      Array.from({ length: 12 }, (_, i) => [i + 1, 100]),
    );

    expect(sent).toHaveLength(1);
    expect(sent[0]?.id).toBe("emit-batches");
    const events = sent[0]?.events ?? [];
    expect(events.map((e) => e.name)).toEqual(["leads.scraped", "leads.scraped", "leads.scraped"]);
    const batches = events.map((e) => e.data as ScrapedBatch);
    expect(batches.map((b) => b.batch)).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
    expect(batches.map((b) => b.leadIds.length)).toEqual([500, 500, 200]);
    for (const b of batches) {
      expect(b).toMatchObject({ runId: RUN_ID, campaign: "default", mode: "sandbox" });
      expect(b.leadIds.length).toBeLessThanOrEqual(STAGE_BATCH_SIZE);
    }
    const allIds = batches.flatMap((b) => b.leadIds);
    expect(new Set(allIds).size).toBe(1200);

    const leads = await runtime.repos.leads.getMany(allIds);
    expect(leads.every((l) => l?.status === "scraped" && l.campaigns.includes("default"))).toBe(
      true,
    );
    expect(leads.every((l) => l?.search !== null && l?.keys.apolloId === l?.search?.apolloId)).toBe(
      true,
    );

    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card).toMatchObject({ status: "running", expectedBatches: 3 });
    expect(card?.stages[0]).toMatchObject({
      stage: "scrape",
      status: "PASS",
      batches: 1,
      countIn: 1200,
      countOut: 1200,
      errors: [],
    });
    expect(card?.stages.slice(1).every((s) => s.status === "PENDING")).toBe(true);
  });

  it("asks for one page of exactly the limit when it is under a page", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { limit: 30 });
    const search = vi.spyOn(runtime.providers("sandbox").apollo, "searchPeople");

    const { result, sent } = await scrape(requested(30));

    expect(result).toEqual({ found: 30, created: 30, alreadyProcessed: 0, batches: 1 });
    expect(search).toHaveBeenCalledTimes(1);
    expect(search.mock.calls[0]?.[0]).toMatchObject({ page: 1, per_page: 30 });
    const data = sent[0]?.events[0]?.data as ScrapedBatch;
    expect(data.batch).toEqual({ index: 0, count: 1 });
    expect(data.leadIds).toHaveLength(30);
  });

  it("finds no new people when the same campaign is scraped again", async () => {
    const runtime = await startRuntime();
    // A campaign runs one run at a time: each run's batch is settled before the next starts.
    await createRun(runtime, { limit: 40 });
    const first = await scrape(requested(40));
    await runtime.repos.runs.settleBatch(RUN_ID, 0, false);
    await createRun(runtime, { id: "run_second", limit: 40 });
    const firstIds = first.sent[0]?.events.flatMap((e) => (e.data as ScrapedBatch).leadIds) ?? [];
    expect(firstIds).toHaveLength(40);

    // Straight away: the same people, none created; unfinished leads go through again.
    const second = await scrape(requested(40, "sandbox", "run_second"));
    expect(second.result).toEqual({ found: 40, created: 0, alreadyProcessed: 0, batches: 1 });
    const secondIds = second.sent[0]?.events.flatMap((e) => (e.data as ScrapedBatch).leadIds);
    expect(secondIds).toEqual(firstIds);
    await runtime.repos.runs.settleBatch("run_second", 0, false);
    await createRun(runtime, { id: "run_third", limit: 40 });

    // Once the pipeline is done with them (queued, dropped, disqualified), nothing is emitted.
    const stored = (await runtime.repos.leads.getMany(firstIds)) as TLeadRecord[];
    const finished = ["queued", "dropped", "disqualified"] as const;
    await runtime.repos.leads.saveMany(
      stored.map((lead, i) => ({ ...lead, status: finished[i % 3] ?? "queued" })),
    );
    const third = await scrape(requested(40, "sandbox", "run_third"));
    expect(third.error).toBeUndefined();
    expect(third.result).toEqual({ found: 40, created: 0, alreadyProcessed: 40, batches: 0 });
    expect(third.sent).toEqual([]);
    // No batch will ever settle it, so a run with nothing to do is complete at once.
    expect(await runtime.repos.runs.get("run_third")).toMatchObject({
      status: "completed",
      expectedBatches: 0,
    });
  });

  it("fails on an Apollo 401 and onFailure marks the run failed with a WARNING alert", async () => {
    const runtime = await startRuntime({ rawEnv: { APOLLO_API_KEY: APOLLO_TEST_KEY } });
    await createRun(runtime, { mode: "production", limit: 250 });
    const apollo = apolloHandlers({ scenario: "unauthorized" });
    server.use(...apollo.handlers);
    const event = requested(250, "production");

    const output = await scrape(event);

    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toBe(
      "Apollo refused the API key (401): check APOLLO_API_KEY (Invalid access credentials.)",
    );
    expect(apollo.requests).toHaveLength(1);
    expect(output.sent).toEqual([]);

    const failure = await executeOnFailure(scrapeLeads, event, output.error);

    expect(failure.error).toBeUndefined();
    expect(stepRunIds(failure.ctx)).toEqual(["record-failure"]);
    expect(failure.sent).toEqual([
      {
        id: "alert",
        events: [
          {
            name: "alert.raised",
            data: {
              severity: "WARNING",
              title: `Pipeline stage scrape failed in run ${RUN_ID}`,
              detail: error.message,
              context: { run: RUN_ID, campaign: "default", stage: "scrape", batch: "1 of 1" },
            },
          },
        ],
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.status).toBe("failed");
    expect(card?.finishedAt).not.toBeNull();
    expect(card?.stages[0]).toMatchObject({
      stage: "scrape",
      status: "FAIL",
      countIn: 0,
      countOut: 0,
      errors: [error.message],
    });
  });
});
