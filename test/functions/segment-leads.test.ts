// segment-leads under InngestTestEngine: every verified lead gets an ICP score whose factor points
// sum to the score and a tier from the configured thresholds; leads outside the ICP (disqualifier,
// score under tier_3, no profile) are disqualified with the reason and `leads.segmented` carries
// only the qualified. Segment calls no provider: its failure is an unknown campaign
// (NonRetriableError → WARNING alert), and onFailure raises CRITICAL for a bug in our code.
import { describe, expect, it } from "vitest";
import { segmentLeads } from "../../functions/segment-leads.ts";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import { SCORE_FACTORS } from "../../lib/scoring/score-types.ts";
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

const segment = (event: ReturnType<typeof stageEvent>) =>
  execute(segmentLeads, event, { sendEvents: ["next"] });

/** Verified leads: one per tier, a weak one, two disqualified, and one with no profile. */
async function verifiedLeads(runtime: TestRuntime): Promise<Record<string, string>> {
  const leads = {
    strong: makeLead(
      makeProfile({
        firstName: "Robin",
        email: "robin@northwind.example",
        title: "Chief Revenue Officer",
        seniority: "c_suite",
        company: { technologies: ["Salesforce", "Gong", "Outreach", "Slack"] },
      }),
      "verified",
    ),
    good: makeLead(makeProfile(), "verified"),
    middling: makeLead(
      makeProfile({
        firstName: "Sam",
        email: "sam@harbor.example",
        title: "Director of Operations",
        seniority: "director",
        company: {
          name: "Harbor Partners",
          industry: "management consulting",
          employees: 80,
          technologies: ["HubSpot"],
        },
      }),
      "verified",
    ),
    weak: makeLead(
      makeProfile({
        firstName: "Lee",
        email: "lee@corner.example",
        title: "Store Associate",
        seniority: "entry",
        departments: [],
        company: { name: "Corner Shop", industry: "retail", employees: 30, technologies: [] },
      }),
      "verified",
    ),
    assistant: makeLead(
      makeProfile({
        firstName: "Alex",
        email: "alex@northwind.example",
        title: "Executive Assistant to the CEO",
        seniority: "entry",
      }),
      "verified",
    ),
    government: makeLead(
      makeProfile({
        firstName: "Pat",
        email: "pat@county.example",
        company: { name: "County Office", industry: "government administration" },
      }),
      "verified",
    ),
  };
  const unscored = makeLead(makeProfile({ email: "nobody@void.example" }), "verified", {
    profile: null,
  });
  await runtime.repos.leads.saveMany([...Object.values(leads), unscored]);
  return {
    ...Object.fromEntries(Object.entries(leads).map(([k, l]) => [k, l.id])),
    unscored: unscored.id,
  };
}

describe("segment-leads", () => {
  it("scores and tiers the batch, and passes on only the qualified", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const ids = await verifiedLeads(runtime);
    const leadIds = Object.values(ids);

    const { result, error, sent } = await segment(stageEvent("leads.verified", { leadIds }));

    expect(error).toBeUndefined();
    const stored = new Map(
      ((await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[]).map((l) => [l.id, l]),
    );
    const lead = (key: string) => stored.get(ids[key] as string) as TLeadRecord;
    const { tiers: thresholds } = runtime.config.icp;

    for (const key of ["strong", "good", "middling", "weak", "assistant", "government"]) {
      const score = lead(key).score;
      expect(score, key).not.toBeNull();
      if (!score) continue;
      expect(score.factors.map((f) => f.factor)).toEqual([...SCORE_FACTORS]);
      expect(score.factors.reduce((sum, f) => sum + f.points, 0)).toBe(score.score);
      expect(score.factors.every((f) => f.reason.length > 0)).toBe(true);
      if (score.tier !== null) {
        const expected =
          score.score >= thresholds.tier_1
            ? "tier_1"
            : score.score >= thresholds.tier_2
              ? "tier_2"
              : "tier_3";
        expect(score.tier, key).toBe(expected);
      }
    }

    expect(lead("strong")).toMatchObject({ status: "segmented", score: { tier: "tier_1" } });
    expect(lead("good")).toMatchObject({ status: "segmented", score: { tier: "tier_2" } });
    expect(lead("middling")).toMatchObject({ status: "segmented", score: { tier: "tier_3" } });
    const weak = lead("weak");
    expect(weak).toMatchObject({
      status: "disqualified",
      score: { tier: null, disqualifiers: [] },
    });
    expect(weak.score?.score).toBeLessThan(thresholds.tier_3);
    expect(lead("assistant")).toMatchObject({ status: "disqualified", score: { tier: null } });
    expect(lead("assistant").score?.disqualifiers.join(" ")).toMatch(/assistant/i);
    expect(lead("government").score?.disqualifiers.join(" ")).toMatch(/government administration/);
    expect(lead("unscored")).toMatchObject({ status: "disqualified", score: null });

    const qualified = [ids.strong, ids.good, ids.middling];
    expect(result).toEqual({
      qualified: 3,
      tiers: { tier_1: 1, tier_2: 1, tier_3: 1 },
      disqualified: [
        {
          leadId: ids.weak,
          reason: `score ${weak.score?.score} is under the tier_3 threshold (${thresholds.tier_3})`,
        },
        { leadId: ids.assistant, reason: lead("assistant").score?.disqualifiers.join("; ") },
        { leadId: ids.government, reason: lead("government").score?.disqualifiers.join("; ") },
        { leadId: ids.unscored, reason: "no profile to score" },
      ],
    });

    expect(sent).toEqual([
      {
        id: "next",
        events: [
          {
            name: "leads.segmented",
            data: {
              runId: RUN_ID,
              campaign: "default",
              mode: "sandbox",
              leadIds: qualified,
              batch: { index: 0, count: 1 },
            },
          },
        ],
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[3]).toMatchObject({
      stage: "segment",
      status: "PASS",
      countIn: 7,
      countOut: 3,
    });
  });

  it("fails on an unknown campaign and onFailure records FAIL with a WARNING alert", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 2 });
    const ids = await verifiedLeads(runtime);
    const event = stageEvent("leads.verified", {
      leadIds: [ids.strong as string],
      campaign: "no_such_campaign",
      batch: { index: 1, count: 2 },
    });

    const output = await segment(event);

    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toBe(
      'unknown campaign "no_such_campaign" (configured: default, competitor_gong, event_saastr, website_visitors, revival)',
    );
    expect(output.sent).toEqual([]);
    const [strong] = await runtime.repos.leads.getMany([ids.strong as string]);
    expect(strong).toMatchObject({ status: "verified", score: null });

    const failure = await executeOnFailure(segmentLeads, event, output.error);

    expect(failure.sent[0]?.events[0]).toEqual({
      name: "alert.raised",
      data: {
        severity: "WARNING",
        title: `Pipeline stage segment failed in run ${RUN_ID}`,
        detail: error.message,
        context: { run: RUN_ID, campaign: "no_such_campaign", stage: "segment", batch: "2 of 2" },
      },
    });
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[3]).toMatchObject({ stage: "segment", status: "FAIL", batches: 1 });
    expect(card?.status).toBe("running");
  });

  it("raises a CRITICAL alert when the stage failed on a bug in our code", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const event = stageEvent("leads.verified", { leadIds: ["lead_x"] });

    const failure = await executeOnFailure(
      segmentLeads,
      event,
      new TypeError("Cannot read properties of undefined (reading 'tier')"),
    );

    expect(failure.error).toBeUndefined();
    expect(failure.sent[0]?.events[0]?.data).toMatchObject({
      severity: "CRITICAL",
      title: `Pipeline stage segment failed in run ${RUN_ID}`,
      detail: "Cannot read properties of undefined (reading 'tier')",
    });
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.status).toBe("failed");
    expect(card?.stages[3]?.errors).toEqual([
      "Cannot read properties of undefined (reading 'tier')",
    ]);
  });
});
