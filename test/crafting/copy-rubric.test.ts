// The copy rubric: a clean sequence keeps 5; each defect the rubric knows deducts with a reason
// (raw merges, a technology the data does not show or a claim without its evidence, leaks,
// presumption, spam words, repeated sentences, one kind of ask throughout, length); across leads,
// a step-1 sentence in more than 20% of them and a subject in more than 10% cost every sequence
// that has them. The golden set must score at or above the floor (CI fails below it).
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/load-config.ts";
import { scoreSequences, type TScoredLead } from "../../lib/crafting/copy-rubric.ts";
import type { TCraftedStep } from "../../lib/crafting/sequence-types.ts";
import { COPY_FLOOR, evaluateGoldenSet } from "../golden/golden-set.ts";
import { makeProfile } from "../scoring/profiles.ts";
import { withRealSender } from "../support/real-sender.ts";

const SENDER = {
  name: "Sam Lee",
  signature: "Sam Lee\nHead of Growth",
  postal_address: "1 Main St",
  unsubscribe_line: "Reply STOP to unsubscribe.",
  calendar_url: "https://meet.alphaswarm.ai/sam",
} as const;

const email = (step: number, body: string, subject = `Subject ${step}`): TCraftedStep => ({
  step,
  day: step,
  channel: "email",
  template: "initial",
  subject,
  body: `${body}\n\nSam Lee\nHead of Growth\n1 Main St\n\nReply STOP to unsubscribe.`,
});

const CLEAN = [
  "Hi Jane, your team at Acme runs Gong on every sales call, which leaves a good record behind. Many revenue leaders tell us the notes rarely reach the forecast in time to matter. We help teams close that gap with one small workflow that a manager approves. It starts narrow and is measured in hours saved each week. Would a short call next week be useful?",
  "Hi Jane, one concrete example from a software team of a similar size to Acme. They moved call notes into their CRM automatically and cut admin time for every rep by a few hours. The first version took two weeks and a single owner. Here is the short write-up if it helps: https://meet.alphaswarm.ai/case",
  "Hi Jane, a quick question before we stop writing. Is improving forecast hygiene on your list for this quarter at all, or is the timing simply wrong for Acme right now? Either answer helps us, and we will not follow up again after this note. Thank you for reading our notes so far.",
];

function lead(id: string, steps: TCraftedStep[]): TScoredLead {
  return { id, profile: makeProfile(), steps };
}

describe("the copy rubric", () => {
  it("keeps 5 for a clean sequence", () => {
    const [score] = scoreSequences(
      [
        lead(
          "a",
          CLEAN.map((b, i) => email(i + 1, b)),
        ),
      ],
      SENDER,
    );
    expect(score?.findings).toEqual([]);
    expect(score?.score).toBe(5);
  });

  it("deducts for each defect, saying why", () => {
    const bad = [
      email(
        1,
        `${CLEAN[0]} You are probably busy. Revenue teams in computer software love it. With 1,318 people, Acme is big. Act now for a free pilot.`,
      ),
      email(2, `${CLEAN[1]} Teams on Outreach see it too.`),
      email(3, `${CLEAN[0]} Hi {{first_name}}.`),
    ];
    const [score] = scoreSequences([lead("b", bad)], SENDER);
    const reasons = score?.findings.map((f) => f.reason).join("\n") ?? "";
    expect(reasons).toContain("presumes (“you are probably”)");
    expect(reasons).toContain("raw merge “teams in computer software”");
    expect(reasons).toContain("raw merge “With 1,318 people”");
    expect(reasons).toContain("spam-trigger word “free”");
    expect(reasons).toContain("step 2 names Outreach, which the lead's data does not show");
    expect(reasons).toContain("step 3: leaks {{first_name}}");
    expect(reasons).toContain("step 3 repeats step 1");
    expect(score?.score).toBeLessThan(2);
    expect(score?.score).toBeGreaterThanOrEqual(1);
  });

  it("charges a fact stated below the confidence threshold and a tool named without evidence", () => {
    const guessed = {
      field: "company.technologies",
      value: "Gong",
      source: "Apollo",
      confidence: 0.5,
    };
    const sentence = "Your team at Acme runs Gong on every sales call.";
    const steps = CLEAN.map((b, i) => email(i + 1, b));
    const [first, second, third] = steps;
    if (!first || !second || !third) throw new Error("three steps");
    const claimed = [
      { ...first, claims: [{ text: sentence, evidence: [{ ...guessed, stated: true }] }] },
      { ...second, body: `Salesforce notes. ${second.body}`, claims: [] },
      { ...third, claims: [{ text: sentence, evidence: [{ ...guessed, stated: false }] }] },
    ];
    const [score] = scoreSequences([lead("c", claimed)], SENDER, 0.7);
    const reasons = score?.findings.map((f) => f.reason) ?? [];
    expect(reasons).toContain("step 1 states company.technologies “Gong” at 0.5 (below 0.7)");
    expect(reasons).toContain("step 2 names Salesforce in a sentence without its evidence");
    expect(reasons.filter((r) => r.startsWith("step 3"))).toEqual([]);
  });

  it("charges sentences and subjects shared by too many leads", () => {
    const shared =
      "We help revenue teams turn every call into an updated forecast without extra admin.";
    const leads = Array.from({ length: 10 }, (_, i) =>
      lead(`l${i}`, [
        email(
          1,
          i < 3 ? `${CLEAN[0]} ${shared}` : (CLEAN[0] ?? "").replace("Acme", `Acme ${i}`),
          i < 2 ? "Same subject" : `Subject ${i}`,
        ),
      ]),
    );
    const scores = scoreSequences(leads, SENDER);
    const first = scores[0]?.findings.map((f) => f.reason).join("\n") ?? "";
    expect(first).toContain(
      "step 1 shares “hi jane, your team at acme runs gong on every sales call, wh” with 3 of 10 leads",
    );
    expect(first).toContain("step 1's subject “same subject” is used for 2 of 10 leads");
    expect(scores[5]?.findings.some((f) => f.reason.includes("shares"))).toBe(true);
  });

  it("scores the golden set at or above the floor: average ≥ 4.5, none below 3.5", () => {
    const { scores, average, worst } = evaluateGoldenSet(withRealSender(loadConfig()));
    console.log(
      `[copy rubric] golden average ${average.toFixed(2)}, worst ${worst.map((w) => `${w.id} ${w.score}`).join(", ")}`,
    );
    expect(scores).toHaveLength(50);
    expect(average).toBeGreaterThanOrEqual(COPY_FLOOR.average);
    expect(Math.min(...scores.map((s) => s.score))).toBeGreaterThanOrEqual(COPY_FLOOR.lowest);
  });
});
