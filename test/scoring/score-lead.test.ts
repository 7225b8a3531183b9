// scoreLead: factor points sum exactly to the score, every factor is explained, tiers follow the
// thresholds, ICP disqualifiers are listed without losing the score, and nulls are safe.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/load-config.ts";
import type { TConfig } from "../../lib/config/schemas.ts";
import { scoreLead } from "../../lib/scoring/score-lead.ts";
import { SCORE_FACTORS, ZLeadScore } from "../../lib/scoring/score-types.ts";
import { makeProfile, profileArbitrary, signalsArbitrary } from "./profiles.ts";

const { icp } = loadConfig();
const gong = { campaignSignals: ["uses_gong"], leadSignals: [] };
const noSignals = { campaignSignals: [], leadSignals: [] };

function factor(result: ReturnType<typeof scoreLead>, name: (typeof SCORE_FACTORS)[number]) {
  const found = result.factors.find((f) => f.factor === name);
  if (!found) throw new Error(`no ${name} factor`);
  return found;
}

/** An ICP where only company size counts (weight 100) and 201–1000 employees earn `fraction`. */
function sizeOnlyIcp(fraction: number): TConfig["icp"] {
  return {
    ...icp,
    weights: { title_seniority: 0, company_size: 100, industry: 0, technology: 0, signals: 0 },
    company_size_bands: [{ min: 1, max: 1000, points: fraction }],
  };
}

describe("scoreLead", () => {
  it("scores a typical Gong-campaign lead with explained, exactly-summing factors", () => {
    const result = scoreLead(makeProfile(), gong, icp);
    expect(result.factors.map((f) => f.factor)).toEqual([...SCORE_FACTORS]);
    expect(factor(result, "title_seniority")).toEqual({
      factor: "title_seniority",
      points: 27,
      reason: "VP of Sales (vp) — seniority 0.9 × 30, title mentions sales",
    });
    expect(factor(result, "company_size")).toMatchObject({
      points: 25,
      reason: "241 employees in band 201–1000 — 1 × 25",
    });
    expect(factor(result, "industry").reason).toBe(
      "Industry computer software is a core ICP industry — 1 × 20",
    );
    expect(factor(result, "technology")).toMatchObject({
      points: 4,
      reason: "Uses Gong, Salesforce (2 of 7 ICP technologies) — 2/7 × 15",
    });
    expect(factor(result, "signals")).toMatchObject({
      points: 10,
      reason: "Shows 1 of 1 campaign signals: uses_gong — 1/1 × 10",
    });
    expect(result.score).toBe(86);
    expect(result.tier).toBe("tier_1");
    expect(result.disqualifiers).toEqual([]);
  });

  it("keeps integer factor points summing exactly to the score for any profile", () => {
    fc.assert(
      fc.property(
        profileArbitrary,
        signalsArbitrary,
        signalsArbitrary,
        (profile, campaign, lead) => {
          const result = scoreLead(profile, { campaignSignals: campaign, leadSignals: lead }, icp);
          expect(ZLeadScore.parse(result)).toEqual(result);
          const sum = result.factors.reduce((total, f) => total + f.points, 0);
          expect(sum).toBe(result.score);
          expect(result.factors.map((f) => f.factor)).toEqual([...SCORE_FACTORS]);
          for (const f of result.factors) {
            expect(Number.isInteger(f.points)).toBe(true);
            expect(f.points).toBeLessThanOrEqual(icp.weights[f.factor]);
            expect(f.reason.trim().length).toBeGreaterThan(0);
            // With the shipped ICP every earned share is worth ≥ 2 points, so 0 means "0 points".
            expect(f.reason.endsWith("— 0 points")).toBe(f.points === 0);
          }
          if (result.disqualifiers.length > 0) expect(result.tier).toBeNull();
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("rounds with the largest remainder so the sum matches the rounded total", () => {
    // 0.9×30 + 0.8×25 + 0.9×20 + 3/7×15 + 0 = 27 + 20 + 18 + 6.43 = 71.43 → 71
    const result = scoreLead(
      makeProfile({
        company: {
          employees: 120,
          industry: "Internet",
          technologies: ["Gong", "Slack", "HubSpot"],
        },
      }),
      noSignals,
      icp,
    );
    expect(result.factors.map((f) => f.points)).toEqual([27, 20, 18, 6, 0]);
    expect(result.score).toBe(71);
    // 1/7×15 = 2.14, 2/7×15 = 4.29 (fractions that force the remainder to move)
    const uneven = scoreLead(
      makeProfile({ company: { technologies: ["Gong", "Slack"] } }),
      { campaignSignals: ["uses_gong", "hiring_sdrs", "event_saastr"], leadSignals: [] },
      icp,
    );
    // 27 + 25 + 20 + 4.29 + 3.33 = 79.62 → 80: the +1 goes to the larger remainder (signals 0.33 vs 0.29)
    expect(uneven.score).toBe(80);
    expect(uneven.factors.map((f) => f.points)).toEqual([27, 25, 20, 4, 4]);
    expect(uneven.tier).toBe("tier_1");
  });

  it("puts scores on the tier thresholds into that tier, and one point below into the next", () => {
    const cases: Array<[number, string | null]> = [
      [1, "tier_1"],
      [0.8, "tier_1"],
      [0.79, "tier_2"],
      [0.6, "tier_2"],
      [0.59, "tier_3"],
      [0.4, "tier_3"],
      [0.39, null],
      [0, null],
    ];
    for (const [fraction, tier] of cases) {
      const result = scoreLead(makeProfile(), noSignals, sizeOnlyIcp(fraction));
      expect(result.score).toBe(Math.round(fraction * 100));
      expect(result.tier).toBe(tier);
    }
  });

  it("lists ICP disqualifiers, keeps the score and factors, and gives no tier", () => {
    const tiny = scoreLead(makeProfile({ company: { employees: 3 } }), gong, icp);
    expect(tiny.disqualifiers).toEqual(["Only 3 employees (the ICP minimum is 5)"]);
    expect(tiny.tier).toBeNull();
    expect(tiny.score).toBeGreaterThan(40);
    expect(tiny.factors).toHaveLength(5);

    const government = scoreLead(
      makeProfile({
        title: "Executive Assistant",
        company: { industry: "Government Administration" },
      }),
      gong,
      icp,
    );
    expect(government.disqualifiers).toEqual([
      "Industry Government Administration is excluded from the ICP",
      'Title "Executive Assistant" contains the excluded keyword "assistant"',
    ]);
    expect(government.tier).toBeNull();
  });

  it("matches excluded title keywords as whole words only", () => {
    const result = scoreLead(makeProfile({ title: "International Sales Director" }), gong, icp);
    expect(result.disqualifiers).toEqual([]);
    expect(scoreLead(makeProfile({ title: "Sales Intern" }), gong, icp).disqualifiers).toEqual([
      'Title "Sales Intern" contains the excluded keyword "intern"',
    ]);
  });

  it("is null-safe: unknown title, seniority, industry, headcount and technologies score 0 with reasons", () => {
    const result = scoreLead(
      makeProfile({
        title: null,
        seniority: null,
        city: null,
        company: { industry: null, employees: null, technologies: [] },
      }),
      noSignals,
      icp,
    );
    expect(result.score).toBe(0);
    expect(result.tier).toBeNull();
    expect(result.disqualifiers).toEqual([]);
    expect(result.factors.map((f) => f.reason)).toEqual([
      "Title unknown (seniority unknown) — 0 points",
      "Headcount unknown — 0 points",
      "Industry unknown — 0 points",
      "No technologies known of the 7 ICP technologies — 0 points",
      "The campaign looks for no signals — 0 points",
    ]);
  });

  it("halves seniority when the title has no ICP keyword, and infers seniority from the title", () => {
    const engineering = scoreLead(makeProfile({ title: "VP of Engineering" }), noSignals, icp);
    expect(factor(engineering, "title_seniority")).toMatchObject({
      points: 14,
      reason: "VP of Engineering (vp) — seniority 0.9 × 0.5 (no ICP title keyword) × 30",
    });
    const inferred = scoreLead(
      makeProfile({ title: "Head of Revenue Operations", seniority: null }),
      noSignals,
      icp,
    );
    expect(factor(inferred, "title_seniority")).toMatchObject({
      points: 24,
      reason:
        "Head of Revenue Operations (head, inferred from the title) — seniority 0.8 × 30, title mentions revenue",
    });
  });

  it('infers vp from "Vice President" (not c_suite from "President")', () => {
    const result = scoreLead(
      makeProfile({ title: "Senior Vice President, Sales", seniority: null }),
      noSignals,
      icp,
    );
    expect(factor(result, "title_seniority").reason).toBe(
      "Senior Vice President, Sales (vp, inferred from the title) — seniority 0.9 × 30, title mentions sales",
    );
  });

  it("shows uses_<tech> signals from the technologies (any case) and others from the lead's signals", () => {
    const result = scoreLead(
      makeProfile({ company: { technologies: ["GONG"] } }),
      {
        campaignSignals: ["uses_gong", "event_saastr", "hiring_sdrs"],
        leadSignals: ["EVENT_SAASTR"],
      },
      icp,
    );
    expect(factor(result, "signals").reason).toBe(
      "Shows 2 of 3 campaign signals: uses_gong, event_saastr; missing: hiring_sdrs — 2/3 × 10",
    );
    const none = scoreLead(makeProfile({ company: { technologies: [] } }), gong, icp);
    expect(factor(none, "signals")).toMatchObject({
      points: 0,
      reason: "Shows 0 of 1 campaign signals (missing: uses_gong) — 0 points",
    });
  });

  it("explains industries outside the ICP and headcounts outside every band", () => {
    const result = scoreLead(
      makeProfile({ company: { industry: "Retail", employees: 0 } }),
      noSignals,
      icp,
    );
    expect(factor(result, "industry").reason).toBe(
      "Industry Retail is not an ICP industry — 0 points",
    );
    expect(factor(result, "company_size").reason).toBe(
      "0 employees is outside every ICP size band — 0 points",
    );
  });

  it("uses a changed ICP object rather than a cached one", () => {
    const before = scoreLead(makeProfile(), gong, icp);
    const changed = scoreLead(makeProfile(), gong, {
      ...icp,
      industries: { "computer software": 0.5 },
    });
    expect(factor(before, "industry").points).toBe(20);
    expect(factor(changed, "industry").points).toBe(10);
  });
});
