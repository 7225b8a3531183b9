// craft-emails under InngestTestEngine: per segmented lead an 8-step sequence and one pending card
// (compliance checks all passing, every email ending with the STOP line, "why this score" kept),
// leads queued with their card, `emails.crafted` with the card ids, and the batch settled as the
// last stage (the run completes). A second craft creates no duplicate card. Craft calls no
// provider: its failure is an unknown campaign (NonRetriableError); onFailure settles the batch
// as failed and raises a WARNING alert.
import { describe, expect, it } from "vitest";
import { craftEmails } from "../../functions/craft-emails.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import { segmentLeads } from "../../lib/pipeline/segment.ts";
import { stageDeps } from "../../lib/pipeline/stage-deps.ts";
import { cardIdFor, type TCard } from "../../lib/store/card-repo.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  createRun,
  execute,
  executeOnFailure,
  failedWith,
  makeLead,
  makeProfile,
  RUN_ID,
  stageEvent,
  startRuntime,
} from "./support.ts";

const STOP_LINE = "Reply STOP to unsubscribe.";

const craft = (event: ReturnType<typeof stageEvent>) =>
  execute(craftEmails, event, { sendEvents: ["crafted"] });

/** Two leads scored by the segment stage's logic, as segment-leads leaves them. */
async function segmentedLeads(runtime: TestRuntime): Promise<string[]> {
  const leads = [
    makeLead(
      makeProfile({
        firstName: "Robin",
        email: "robin@northwind.example",
        title: "Chief Revenue Officer",
        seniority: "c_suite",
      }),
      "verified",
    ),
    makeLead(
      makeProfile({
        firstName: "Sam",
        email: "sam@harbor.example",
        title: "Director of Operations",
        seniority: "director",
        city: null,
        company: {
          name: "Harbor Partners, Inc.",
          industry: "management consulting",
          employees: 80,
          technologies: ["HubSpot"],
        },
      }),
      "verified",
    ),
  ];
  await runtime.repos.leads.saveMany(leads);
  const ids = leads.map((l) => l.id);
  const outcome = await segmentLeads(stageDeps(runtime, "sandbox"), "default", ids);
  expect(outcome.qualified).toEqual(ids);
  return ids;
}

describe("craft-emails", () => {
  it("creates compliant pending cards, queues the leads and completes the run", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const leadIds = await segmentedLeads(runtime);
    const cardIds = leadIds.map((id) => cardIdFor(id, "default"));

    const { result, error, sent } = await craft(stageEvent("leads.segmented", { leadIds }));

    expect(error).toBeUndefined();
    expect(result).toEqual({ cards: 2, created: 2, failed: [] });

    const leads = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    expect(leads.map((l) => [l.status, l.cardId])).toEqual([
      ["queued", cardIds[0]],
      ["queued", cardIds[1]],
    ]);
    const cards = (await runtime.repos.cards.getMany(cardIds)) as TCard[];
    expect(cards).toHaveLength(2);
    const steps = runtime.config.cadence.steps;
    for (const [i, card] of cards.entries()) {
      const lead = leads[i] as TLeadRecord;
      expect(card).toMatchObject({
        id: cardIds[i],
        leadId: lead.id,
        runId: RUN_ID,
        campaign: "default",
        status: "pending",
        tier: lead.score?.tier,
        score: lead.score?.score,
        whyThisScore: lead.score?.factors,
        failure: null,
        message: { channel: "email", step: 1 },
      });
      expect(card.message.subject).toMatch(/\S/);
      expect(card.compliance.passed).toBe(true);
      expect(card.compliance.checks.length).toBeGreaterThan(0);
      expect(card.compliance.checks.filter((c) => !c.passed)).toEqual([]);
      expect(card.compliance.checks.map((c) => c.id)).toContain("unsubscribe_line");
      expect(card.message.body).toContain(STOP_LINE);
      expect(card.message.body).toContain(runtime.config.sending.sender.postal_address);
      expect(card.message.body).not.toMatch(/\{\{|\}\}/);
      expect(card.sequence.map((s) => [s.step, s.channel])).toEqual(
        steps.map((s) => [s.step, s.channel]),
      );
      const emails = card.sequence.filter((s) => s.channel === "email");
      expect(emails.length).toBeGreaterThan(1);
      for (const email of emails) expect(email.body.trimEnd().endsWith(STOP_LINE)).toBe(true);
    }
    expect(cards[0]?.message.body).toContain("Robin");
    expect(cards[1]?.message.body).toContain("Sam");
    expect(cards[1]?.message.body).not.toContain("Inc.");
    expect(await runtime.repos.cards.pendingIds()).toEqual(cardIds);
    // Each pending card's queue summary is stored with it, and its lead is queued in the
    // leads-by-status index.
    expect(await runtime.repos.cards.summaries(cardIds)).toEqual(
      cards.map((card) =>
        expect.objectContaining({ t: card.tier, s: card.score, g: "default", n: card.lead?.name }),
      ),
    );
    expect(await runtime.repos.leadIndex.statusOf(leadIds)).toEqual(["queued", "queued"]);

    expect(sent).toEqual([
      {
        id: "crafted",
        events: [
          {
            name: "emails.crafted",
            data: {
              runId: RUN_ID,
              campaign: "default",
              mode: "sandbox",
              leadIds,
              batch: { index: 0, count: 1 },
              cardIds,
            },
          },
        ],
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[4]).toMatchObject({
      stage: "craft",
      status: "PASS",
      countIn: 2,
      countOut: 2,
      errors: [],
    });
    // Craft is the batch's last stage: with its only batch settled the run is complete.
    expect(card?.status).toBe("completed");
    expect(card?.finishedAt).not.toBeNull();
  });

  it("creates no second card when the batch is crafted again", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const leadIds = await segmentedLeads(runtime);
    const event = stageEvent("leads.segmented", { leadIds });

    const first = await craft(event);
    const second = await craft(event);

    expect(first.result).toEqual({ cards: 2, created: 2, failed: [] });
    expect(second.result).toEqual({ cards: 2, created: 0, failed: [] });
    expect(second.sent[0]?.events[0]?.data.cardIds).toEqual(first.sent[0]?.events[0]?.data.cardIds);
    expect(await runtime.repos.cards.pendingIds()).toHaveLength(2);
  });

  it("fails a lead's card, naming the variable, when a template would be left unfilled", async () => {
    const config = loadConfig();
    const sender = { ...config.sending.sender, signature: "The team\n{{sender_title}}" };
    const runtime = await startRuntime({
      config: { ...config, sending: { ...config.sending, sender } },
    });
    await createRun(runtime, { expectedBatches: 1 });
    const leadIds = await segmentedLeads(runtime);

    const { result, error, sent } = await craft(stageEvent("leads.segmented", { leadIds }));

    expect(error).toBeUndefined();
    const reason = "Step 1 (initial) body: unfilled variable sender_title";
    expect(result).toEqual({
      cards: 0,
      created: 2,
      failed: leadIds.map((leadId) => ({ leadId, reason })),
    });
    const leads = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    for (const lead of leads) {
      expect(lead).toMatchObject({ status: "dropped", dropped: { stage: "craft", reason } });
    }
    const cards = (await runtime.repos.cards.getMany(
      leadIds.map((id) => cardIdFor(id, "default")),
    )) as TCard[];
    expect(cards.map((c) => [c.status, c.failure, c.sequence.length])).toEqual([
      ["failed", reason, 0],
      ["failed", reason, 0],
    ]);
    expect(await runtime.repos.cards.pendingIds()).toEqual([]);
    expect(sent[0]?.events[0]?.data.cardIds).toEqual([]);
    // Only queued leads go on: a failed card's lead is not carried in `emails.crafted`.
    expect(sent[0]?.events[0]?.data.leadIds).toEqual([]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[4]).toMatchObject({
      status: "PASS",
      countIn: 2,
      countOut: 0,
      errors: leadIds.map((id) => `${id}: ${reason}`),
    });
  });

  it("fails on an unknown campaign and onFailure fails the run with a WARNING alert", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const leadIds = await segmentedLeads(runtime);
    const event = stageEvent("leads.segmented", { leadIds, campaign: "retired_campaign" });

    const output = await craft(event);

    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toMatch(/^unknown campaign "retired_campaign" \(configured: default,/);
    expect(output.sent).toEqual([]);
    expect(await runtime.repos.cards.pendingIds()).toEqual([]);

    const failure = await executeOnFailure(craftEmails, event, output.error);

    expect(failure.sent[0]?.events[0]).toEqual({
      name: "alert.raised",
      data: {
        severity: "WARNING",
        title: `Pipeline stage craft failed in run ${RUN_ID}`,
        detail: error.message,
        context: { run: RUN_ID, campaign: "retired_campaign", stage: "craft", batch: "1 of 1" },
      },
    });
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[4]).toMatchObject({
      stage: "craft",
      status: "FAIL",
      errors: [error.message],
    });
    expect(card?.status).toBe("failed");
  });
});
