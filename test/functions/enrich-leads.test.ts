// enrich-leads under InngestTestEngine: leads whose profile is already known cost no Apollo call,
// the rest are matched ten per call (all in one step, each call's profiles stored as they come), BetterContact is asked only for Apollo hits without an email (its waits mocked), leads
// with no match or no email are dropped with the reason, and `leads.enriched` carries the
// survivors. Sandbox mode with a wrapped provider, and production mode against msw (counting HTTP
// calls, BetterContact never finishing); an Apollo 401 fails the batch with a NonRetriableError
// and onFailure records FAIL for it and raises a WARNING alert.
import { describe, expect, it, vi } from "vitest";
import { enrichLeads } from "../../functions/enrich-leads.ts";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import type { TPersonProfile, TSearchPerson } from "../../lib/leads/profile.ts";
import { BETTERCONTACT_POLL_WAITS } from "../../lib/pipeline/enrich.ts";
import { searchPage, storeScraped } from "../../lib/pipeline/scrape.ts";
import { stageDeps } from "../../lib/pipeline/stage-deps.ts";
import { APOLLO_TEST_KEY, apolloHandlers } from "../msw/apollo.ts";
import { BETTERCONTACT_TEST_KEY, betterContactHandlers } from "../msw/bettercontact.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  createRun,
  execute,
  executeOnFailure,
  failedWith,
  RUN_ID,
  stageEvent,
  startRuntime,
  stepRunIds,
  useMswServer,
} from "./support.ts";

const server = useMswServer();

const WAITS = BETTERCONTACT_POLL_WAITS.map((_, n) => `bettercontact-wait-${n}`);

const enrich = (event: ReturnType<typeof stageEvent>) =>
  execute(enrichLeads, event, { sendEvents: ["next"], mockSteps: WAITS });

/** Scrapes `count` people of the default campaign into the store (as scrape-leads would). */
async function scrapedPeople(runtime: TestRuntime, count: number) {
  const deps = stageDeps(runtime, "sandbox");
  const people = await searchPage(deps, "default", 1, count);
  const { leadIds } = await storeScraped(deps, "default", people);
  // What Apollo will answer for each of them, asked before any spy is in place.
  const matches: (TPersonProfile | null)[] = [];
  for (let i = 0; i < people.length; i += 10) {
    const chunk = people.slice(i, i + 10).map((p) => ({ id: p.apolloId }));
    matches.push(...(await deps.providers.apollo.bulkMatch(chunk)).matches);
  }
  return people.map((person: TSearchPerson, i) => ({
    person,
    leadId: leadIds[i] as string,
    match: matches[i] ?? null,
  }));
}

/** Gives the lead a profile already paid for (by an earlier run). */
async function cacheProfile(runtime: TestRuntime, leadId: string, profile: TPersonProfile) {
  const [lead] = await runtime.repos.leads.getMany([leadId]);
  if (!lead) throw new Error(`no lead ${leadId}`);
  await runtime.repos.leads.saveMany([
    { ...lead, profile, enrichment: { source: "apollo", at: "2026-11-01T09:00:00.000Z" } },
  ]);
}

describe("enrich-leads (sandbox)", () => {
  it("reuses known profiles, matches the rest ten at a time, and asks BetterContact for the misses", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1, limit: 100 });
    const people = await scrapedPeople(runtime, 100);
    const withEmail = people.filter((p) => p.match?.email);
    const noEmail = people.filter((p) => p.match && !p.match.email);
    const noMatch = people.filter((p) => !p.match);
    // The sandbox world has all three kinds in this page (about 90% / 10% / 2%).
    expect(noEmail.length).toBeGreaterThan(0);
    expect(noMatch.length).toBeGreaterThan(0);

    const cached = withEmail.slice(0, 3);
    for (const p of cached) {
      await cacheProfile(runtime, p.leadId, { ...(p.match as TPersonProfile), title: "Cached VP" });
    }
    const cachedIds = new Set(cached.map((p) => p.person.apolloId));
    const providers = runtime.providers("sandbox");
    const bulkMatch = vi.spyOn(providers.apollo, "bulkMatch");
    const submit = vi.spyOn(providers.betterContact, "submit");
    const leadIds = people.map((p) => p.leadId);

    const { result, error, sent, ctx } = await enrich(stageEvent("leads.scraped", { leadIds }));

    expect(error).toBeUndefined();
    // Apollo: 97 people in 10 calls of at most ten, never a cached one.
    const asked = bulkMatch.mock.calls.map(([details]) => details.map((d) => d.id));
    expect(asked).toHaveLength(10);
    expect(asked.every((ids) => ids.length <= 10)).toBe(true);
    expect(asked.flat()).toEqual(
      people.filter((p) => !cachedIds.has(p.person.apolloId)).map((p) => p.person.apolloId),
    );
    // BetterContact: once, for exactly the people Apollo matched without an email.
    expect(submit).toHaveBeenCalledTimes(1);
    expect(submit.mock.calls[0]?.[0].map((c) => c.uuid)).toEqual(noEmail.map((p) => p.leadId));
    expect(ctx.step.sleep.mock.calls).toEqual([["bettercontact-wait-0", "10s"]]);
    expect(stepRunIds(ctx)).toEqual([
      "match",
      "bettercontact-submit",
      "bettercontact-poll-0",
      "save",
    ]);

    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    const byId = new Map(stored.map((l) => [l.id, l]));
    for (const p of cached) {
      expect(byId.get(p.leadId)).toMatchObject({
        status: "enriched",
        enrichment: { source: "apollo", at: "2026-11-01T09:00:00.000Z" },
        profile: { title: "Cached VP" },
      });
    }
    for (const p of noMatch) {
      expect(byId.get(p.leadId)).toMatchObject({
        status: "dropped",
        dropped: { stage: "enrich", reason: "Apollo found no match for this person" },
      });
    }
    const foundByBetterContact = noEmail.filter(
      (p) => byId.get(p.leadId)?.enrichment?.source === "bettercontact",
    );
    const missedByBoth = noEmail.filter((p) => !foundByBetterContact.includes(p));
    // The sandbox BetterContact finds about 70%: this page has both outcomes.
    expect(foundByBetterContact.length).toBeGreaterThan(0);
    expect(missedByBoth.length).toBeGreaterThan(0);
    for (const p of foundByBetterContact) {
      const lead = byId.get(p.leadId);
      expect(lead?.status).toBe("enriched");
      expect(lead?.profile?.emailSource).toBe("bettercontact");
      expect(lead?.keys.email).toBe(lead?.profile?.email?.toLowerCase());
    }
    for (const p of missedByBoth) {
      expect(byId.get(p.leadId)?.dropped).toEqual({
        stage: "enrich",
        reason: "no email found by Apollo or BetterContact",
      });
    }
    const survivors = leadIds.filter((id) => byId.get(id)?.status === "enriched");
    expect(survivors).toHaveLength(100 - noMatch.length - missedByBoth.length);
    expect(stored.every((l) => l.status === "enriched" || l.status === "dropped")).toBe(true);
    expect(stored.filter((l) => l.status === "enriched").every((l) => l.keys.email)).toBe(true);

    expect(result).toEqual({
      enriched: survivors.length,
      fromCache: 3,
      apolloCalls: 10,
      betterContact: noEmail.length,
      dropped: stored
        .filter((l) => l.status === "dropped")
        .map((l) => ({ leadId: l.id, reason: l.dropped?.reason })),
    });

    expect(sent).toEqual([
      {
        id: "next",
        events: [
          {
            name: "leads.enriched",
            data: {
              runId: RUN_ID,
              campaign: "default",
              mode: "sandbox",
              leadIds: survivors,
              batch: { index: 0, count: 1 },
            },
          },
        ],
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[1]).toMatchObject({
      stage: "enrich",
      status: "PASS",
      batches: 1,
      countIn: 100,
      countOut: survivors.length,
    });
    // Freshly matched profiles stay on their leads: a second pass pays for nothing.
    bulkMatch.mockClear();
    submit.mockClear();
    await enrich(stageEvent("leads.scraped", { leadIds: survivors }));
    expect(bulkMatch).not.toHaveBeenCalled();
    expect(submit).not.toHaveBeenCalled();
  });

  it("makes no Apollo or BetterContact call when every lead's profile is known", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const people = (await scrapedPeople(runtime, 20)).filter((p) => p.match?.email).slice(0, 5);
    for (const p of people) await cacheProfile(runtime, p.leadId, p.match as TPersonProfile);
    const providers = runtime.providers("sandbox");
    const bulkMatch = vi.spyOn(providers.apollo, "bulkMatch");
    const submit = vi.spyOn(providers.betterContact, "submit");
    const leadIds = people.map((p) => p.leadId);

    const { result, sent, ctx } = await enrich(stageEvent("leads.scraped", { leadIds }));

    expect(bulkMatch).not.toHaveBeenCalled();
    expect(submit).not.toHaveBeenCalled();
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect(result).toEqual({
      enriched: 5,
      fromCache: 5,
      apolloCalls: 0,
      betterContact: 0,
      dropped: [],
    });
    expect(sent[0]?.events[0]?.data.leadIds).toEqual(leadIds);
  });
});

describe("enrich-leads (production, msw)", () => {
  const keys = { APOLLO_API_KEY: APOLLO_TEST_KEY, BETTERCONTACT_API_KEY: BETTERCONTACT_TEST_KEY };

  it("counts one Apollo HTTP call for the uncached and gives up on BetterContact after five waits", async () => {
    // The msw handlers serve the sandbox world of seed "msw": ids scraped from it match there.
    const runtime = await startRuntime({ rawEnv: keys, sandboxSeed: "msw" });
    await createRun(runtime, { mode: "production", expectedBatches: 1 });
    const apollo = apolloHandlers();
    const betterContact = betterContactHandlers({ pendingPolls: 99 });
    server.use(...apollo.handlers, ...betterContact.handlers);
    const people = await scrapedPeople(runtime, 12);
    const cached = people.filter((p) => p.match?.email).slice(0, 2);
    for (const p of cached) await cacheProfile(runtime, p.leadId, p.match as TPersonProfile);
    const noEmail = people.filter((p) => p.match && !p.match.email);
    expect(noEmail.length).toBeGreaterThan(0);
    const leadIds = people.map((p) => p.leadId);

    const { result, error, sent, ctx } = await enrich(
      stageEvent("leads.scraped", { leadIds, mode: "production" }),
    );

    expect(error).toBeUndefined();
    const matchCalls = apollo.requests.filter((r) => r.url.pathname.endsWith("/people/bulk_match"));
    expect(matchCalls).toHaveLength(1);
    const details = ((matchCalls[0]?.body ?? {}) as { details: { id: string }[] }).details;
    expect(details.map((d) => d.id)).toEqual(
      people.filter((p) => !cached.includes(p)).map((p) => p.person.apolloId),
    );
    expect(matchCalls[0]?.headers.get("x-api-key")).toBe(APOLLO_TEST_KEY);

    const submits = betterContact.requests.filter((r) => r.method === "POST");
    const polls = betterContact.requests.filter((r) => r.method === "GET");
    expect(submits).toHaveLength(1);
    const submitted = ((submits[0]?.body ?? {}) as { data: { custom_fields: { uuid: string } }[] })
      .data;
    expect(submitted.map((c) => c.custom_fields.uuid)).toEqual(noEmail.map((p) => p.leadId));
    expect(polls).toHaveLength(5);
    expect(ctx.step.sleep.mock.calls).toEqual(
      BETTERCONTACT_POLL_WAITS.map((wait, n) => [`bettercontact-wait-${n}`, wait]),
    );

    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    for (const p of noEmail) {
      expect(stored.find((l) => l.id === p.leadId)?.dropped).toEqual({
        stage: "enrich",
        reason: "no email found by Apollo; BetterContact did not finish in time",
      });
    }
    const survivors = stored.filter((l) => l.status === "enriched").map((l) => l.id);
    expect(result).toMatchObject({ enriched: survivors.length, fromCache: 2, apolloCalls: 1 });
    expect(sent[0]?.events[0]).toEqual({
      name: "leads.enriched",
      data: {
        runId: RUN_ID,
        campaign: "default",
        mode: "production",
        leadIds: survivors,
        batch: { index: 0, count: 1 },
      },
    });
  });

  it("fails on an Apollo 401 and onFailure records FAIL for the batch with a WARNING alert", async () => {
    const runtime = await startRuntime({ rawEnv: keys, sandboxSeed: "msw" });
    await createRun(runtime, { mode: "production", expectedBatches: 3 });
    const apollo = apolloHandlers({ scenario: "unauthorized" });
    server.use(...apollo.handlers);
    const leadIds = (await scrapedPeople(runtime, 5)).map((p) => p.leadId);
    const event = stageEvent("leads.scraped", {
      leadIds,
      mode: "production",
      batch: { index: 1, count: 3 },
    });

    const output = await enrich(event);

    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toBe(
      "Apollo refused the API key (401): check APOLLO_API_KEY (Invalid access credentials.)",
    );
    expect(output.sent).toEqual([]);
    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    expect(stored.every((l) => l.status === "scraped")).toBe(true);

    const failure = await executeOnFailure(enrichLeads, event, output.error);

    expect(failure.error).toBeUndefined();
    expect(failure.sent[0]?.events).toEqual([
      {
        name: "alert.raised",
        data: {
          severity: "WARNING",
          title: `Pipeline stage enrich failed in run ${RUN_ID}`,
          detail: error.message,
          context: { run: RUN_ID, campaign: "default", stage: "enrich", batch: "2 of 3" },
        },
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[1]).toMatchObject({
      stage: "enrich",
      status: "FAIL",
      batches: 1,
      errors: [error.message],
    });
    // One of three batches settled: the run goes on for the other two.
    expect(card?.status).toBe("running");
  });
});

describe("enrich-leads retried after a failed Apollo call", () => {
  it("pays only for the people not matched before the failure", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1, limit: 40 });
    const people = await scrapedPeople(runtime, 40);
    const apollo = runtime.providers("sandbox").apollo;
    const real = apollo.bulkMatch.bind(apollo);
    let calls = 0;
    const bulkMatch = vi.spyOn(apollo, "bulkMatch").mockImplementation(async (details) => {
      calls += 1;
      if (calls === 3) throw new Error("Apollo answered 503");
      return real(details);
    });
    const leadIds = people.map((p) => p.leadId);

    const first = await enrich(stageEvent("leads.scraped", { leadIds }));
    expect(first.error).toBeDefined();
    const askedFirst = bulkMatch.mock.calls.flatMap(([details]) => details.map((d) => d.id));
    bulkMatch.mockClear();

    const second = await enrich(stageEvent("leads.scraped", { leadIds }));
    expect(second.error).toBeUndefined();
    const askedAgain = bulkMatch.mock.calls.flatMap(([details]) => details.map((d) => d.id));
    // The two calls that succeeded were stored: their twenty people are not asked for again.
    const paid = new Set(askedFirst.slice(0, 20));
    expect(askedAgain.some((id) => paid.has(id))).toBe(false);
    expect(askedAgain).toHaveLength(20);
  });
});
