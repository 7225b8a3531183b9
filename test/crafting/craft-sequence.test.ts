// craftSequence: one message per cadence step, personalised, compliant (every email passes
// checkMessage), within LinkedIn's limits, deterministic per lead and varied across leads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMessage } from "../../lib/compliance/check-message.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import { craftSequence, type TCraftInput } from "../../lib/crafting/craft-sequence.ts";
import { DEFAULT_TEMPLATES } from "../../lib/crafting/templates/default-templates.ts";
import { UnfilledVariableError } from "../../lib/crafting/unfilled-variable-error.ts";
import type { TPersonProfile } from "../../lib/leads/profile.ts";
import { makeProfile, profileArbitrary } from "../scoring/profiles.ts";
import { withRealSender } from "../support/real-sender.ts";

// A real-looking sender: the shipped config's example values fail the compliance check.
const config = withRealSender(loadConfig());
const { sender } = config.sending;

function campaign(name: string): TCraftInput["campaign"] {
  const target = config.campaigns[name];
  if (!target) throw new Error(`no campaign ${name}`);
  return { name, signals: target.signals, description: target.description };
}

function input(overrides: Partial<TCraftInput> = {}, profile: TPersonProfile = makeProfile()) {
  return {
    leadId: "lead-1",
    profile,
    tier: "tier_1" as const,
    campaign: campaign("competitor_gong"),
    cadence: config.cadence,
    sender,
    ...overrides,
  };
}

const footer = `\n\n${sender.signature}\n${sender.postal_address}\n\nReply STOP to unsubscribe.`;

describe("craftSequence", () => {
  it("writes one message per cadence step with the cadence's day, channel and template", () => {
    const { steps } = craftSequence(input());
    expect(
      steps.map(({ step, day, channel, template }) => ({ step, day, channel, template })),
    ).toEqual(config.cadence.steps);
    expect(steps).toHaveLength(8);
    expect(steps.filter((s) => s.channel === "email").map((s) => s.template)).toEqual([
      "initial",
      "value_followup",
      "social_proof",
      "breakup",
      "close",
    ]);
    expect(steps.filter((s) => s.channel === "linkedin").map((s) => s.step)).toEqual([2, 4, 6]);
  });

  it("personalises every message with the first name and the company", () => {
    for (const tier of ["tier_1", "tier_3", null] as const) {
      for (const leadId of ["a", "b", "c", "d", "e", "f"]) {
        const profile = makeProfile({
          firstName: "PRIYA",
          company: { name: "Northwind Traders, Inc." },
        });
        for (const step of craftSequence(input({ leadId, tier }, profile)).steps) {
          expect(step.body, `${leadId} step ${step.step}`).toContain("Priya");
          expect(step.body, `${leadId} step ${step.step}`).toContain("Northwind Traders");
          expect(step.body).not.toContain("Inc.");
        }
      }
    }
  });

  it("closes every email with signature, postal address and the unsubscribe line; LinkedIn has none", () => {
    for (const step of craftSequence(input()).steps) {
      if (step.channel === "email") {
        expect(step.body.endsWith(footer)).toBe(true);
        expect(step.subject).toBeTruthy();
      } else {
        expect(step.subject).toBeNull();
        expect(step.body).not.toContain("STOP");
        expect(step.body).not.toContain(sender.postal_address);
      }
    }
  });

  it("passes every compliance check for any profile, campaign and tier", () => {
    const campaigns = Object.keys(config.campaigns).map(campaign);
    fc.assert(
      fc.property(
        profileArbitrary,
        fc.string(),
        fc.constantFrom(...campaigns),
        fc.constantFrom("tier_1", "tier_2", "tier_3", null),
        (profile, leadId, target, tier) => {
          const { steps } = craftSequence(input({ leadId, campaign: target, tier }, profile));
          for (const step of steps) {
            const result = checkMessage(step, sender);
            expect(
              result.checks.filter((c) => !c.passed),
              `step ${step.step}`,
            ).toEqual([]);
            if (step.subject !== null) {
              expect(step.subject.length).toBeLessThanOrEqual(60);
              expect(step.subject).not.toMatch(/^(re|fwd?):/i);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps LinkedIn connection notes within 300 characters and messages within 1,000", () => {
    const long = makeProfile({
      firstName: "Maximiliana-Alexandrina-Konstantina",
      title: `Senior Vice President of Global Revenue Operations, Strategy and Transformation ${"x".repeat(150)}`,
      city: "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
      company: { name: `The Extraordinarily Long Name Holding Company of ${"Y".repeat(200)}` },
    });
    for (const leadId of ["1", "2", "3", "4", "5", "6", "7", "8"]) {
      const steps = craftSequence(input({ leadId }, long)).steps;
      const connect = steps.find((s) => s.template === "linkedin_connect");
      expect(connect?.body.length).toBeLessThanOrEqual(300);
      for (const s of steps.filter((x) => x.channel === "linkedin")) {
        expect(s.body.length).toBeLessThanOrEqual(1_000);
      }
    }
  });

  it("throws UnfilledVariableError naming the variable and the step when a template needs a missing one", () => {
    const templates = {
      ...DEFAULT_TEMPLATES,
      social_proof: {
        ...DEFAULT_TEMPLATES.social_proof,
        bodies: ["Hi {{first_name}}, is {{budget_owner}} the right person?"] as const,
      },
    };
    const attempt = () => craftSequence(input(), { templates });
    expect(attempt).toThrow(UnfilledVariableError);
    expect(attempt).toThrow("Step 5 (social_proof) body: unfilled variable budget_owner");
    try {
      attempt();
    } catch (error) {
      expect((error as UnfilledVariableError).variables).toEqual(["budget_owner"]);
      expect((error as UnfilledVariableError).step).toBe(5);
    }
  });

  it("throws UnfilledVariableError for a stray brace in a template", () => {
    const templates = {
      ...DEFAULT_TEMPLATES,
      linkedin_connect: {
        ...DEFAULT_TEMPLATES.linkedin_connect,
        bodies: ["Hi {{first_name}} }}"] as const,
      },
    };
    expect(() => craftSequence(input(), { templates })).toThrow(
      'Step 2 (linkedin_connect) body: unfilled variable stray "}}"',
    );
  });

  it("never lets braces in provider data leak into the message", () => {
    const profile = makeProfile({ firstName: "{{Jane}}", company: { name: "Acme {{x}} }}" } });
    for (const step of craftSequence(input({}, profile)).steps) {
      expect(step.body).not.toMatch(/[{}]/);
      expect(checkMessage(step, sender).passed).toBe(true);
    }
  });

  it("keeps mail-merge tokens and question marks in provider data out of the message", () => {
    const profile = makeProfile({
      title: "VP Sales [FIRST NAME] %company_name%",
      company: { name: "Talk? Inc" },
    });
    for (const step of craftSequence(input({}, profile)).steps) {
      expect(step.body).not.toMatch(/FIRST NAME|company_name|Talk\?/);
      expect(checkMessage(step, sender).passed, `step ${step.step}`).toBe(true);
    }
  });

  it("claims nothing the data lacks: neutral wording, or the sentence left out", () => {
    const profile = makeProfile({
      title: null,
      seniority: null,
      city: null,
      company: { industry: null, employees: null, technologies: [] },
    });
    const sequences = Array.from({ length: 24 }, (_, i) =>
      craftSequence(input({ leadId: `x${i}`, campaign: campaign("default") }, profile)),
    );
    const text = sequences
      .flatMap((q) => q.steps.map((s) => `${s.subject ?? ""}\n${s.body}`))
      .join("\n");
    expect(text).toContain("in your market");
    expect(text).toContain("your CRM");
    // No head count and no title: no sentence about the team's size or the person's role.
    expect(text).not.toMatch(/a team of|a growing team|\bas .* at Acme\b/i);
    expect(text).not.toMatch(/\bnull\b|\bundefined\b/);
    for (const { steps } of sequences) {
      for (const step of steps) expect(step.claims ?? []).toEqual([]);
      // What is left out leaves a whole message: every email still says what we do and asks.
      for (const step of steps.filter((s) => s.channel === "email")) {
        const own = step.body.split(sender.signature)[0] ?? "";
        expect(own.split(/\s+/).length, `step ${step.step}: ${own}`).toBeGreaterThanOrEqual(35);
      }
    }
  });

  it("carries each personal sentence with its evidence: field, value, source and confidence", () => {
    const { steps } = craftSequence(
      input({ leadId: "lead-7", campaign: campaign("default"), profileSource: "apollo" }),
    );
    const claims = steps.flatMap((s) => s.claims ?? []);
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      const step = steps.find((s) => s.body.includes(claim.text) || s.subject === claim.text);
      expect(step, claim.text).toBeDefined();
      for (const e of claim.evidence) {
        expect(e.source).toBe("Apollo");
        expect(e.confidence).toBeGreaterThanOrEqual(config.cadence.min_evidence_confidence);
        expect(e.stated).toBe(true);
      }
    }
    const fields = new Set(claims.flatMap((c) => c.evidence.map((e) => e.field)));
    expect(fields.has("company.technologies")).toBe(false);
  });

  it("asks about a tool the data only guesses at, and states it once the threshold trusts it", () => {
    const gong = makeProfile({ company: { technologies: ["Gong", "Salesforce"] } });
    const guessed = Array.from({ length: 8 }, (_, i) =>
      craftSequence(input({ leadId: `g${i}`, profileSource: "apollo" }, gong)),
    );
    for (const { angle, steps } of guessed) {
      expect(angle).toBe("conversation_intelligence");
      const text = steps.map((s) => s.body).join("\n");
      expect(text).not.toContain("already captures what is said on every call");
      expect(text).not.toContain("Salesforce");
      const toolClaims = steps
        .flatMap((s) => s.claims ?? [])
        .flatMap((c) => c.evidence)
        .filter((e) => e.value === "Gong");
      expect(toolClaims.length).toBeGreaterThan(0);
      for (const e of toolClaims) expect(e).toMatchObject({ stated: false, confidence: 0.5 });
    }
    const trusting = { ...config.cadence, min_evidence_confidence: 0.5 };
    const stated = Array.from({ length: 8 }, (_, i) =>
      craftSequence(input({ leadId: `g${i}`, cadence: trusting, profileSource: "apollo" }, gong)),
    );
    const text = stated.flatMap((q) => q.steps.map((s) => s.body)).join("\n");
    expect(text).toContain("Salesforce");
    const evidence = stated.flatMap((q) => q.steps.flatMap((s) => s.claims ?? []));
    expect(evidence.flatMap((c) => c.evidence).every((e) => e.stated)).toBe(true);
  });

  it("uses the campaign's angle: conversation intelligence for Gong, the event for SaaStr", () => {
    const bodies = (name: string) =>
      craftSequence(input({ campaign: campaign(name) }))
        .steps.map((s) => s.body)
        .join("\n");
    const gong = bodies("competitor_gong");
    expect(gong).toContain("Gong");
    expect(gong).toMatch(/record(s|ed)? (its |their )?(sales )?calls|call insights/);
    expect(bodies("event_saastr")).toContain("SaaStr");
    const mid = bodies("default");
    expect(mid).not.toContain("SaaStr");
    expect(mid).toMatch(/[Mm]id-market|revenue operations/);
  });

  it("is deterministic: the same input gives the same sequence", () => {
    expect(craftSequence(input({ leadId: "lead-42" }))).toEqual(
      craftSequence(input({ leadId: "lead-42" })),
    );
  });

  it("varies the copy across leads", () => {
    const initials = new Set<string>();
    const subjects = new Set<string>();
    const connects = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      const { steps } = craftSequence(input({ leadId: `lead-${i}` }));
      initials.add(steps[0]?.body ?? "");
      subjects.add(steps[0]?.subject ?? "");
      connects.add(steps[1]?.body ?? "");
    }
    expect(initials.size).toBeGreaterThanOrEqual(4);
    expect(subjects.size).toBeGreaterThanOrEqual(3);
    expect(connects.size).toBeGreaterThanOrEqual(3);
  });

  it("refuses a cadence step whose channel does not match its template", () => {
    const cadence = {
      ...config.cadence,
      steps: [{ step: 1, day: 1, channel: "linkedin" as const, template: "initial" as const }],
    };
    expect(() => craftSequence(input({ cadence }))).toThrow(
      'Cadence step 1 sends the email template "initial" on linkedin',
    );
  });
});

describe("craftSequence: case studies", () => {
  const studies = [
    {
      customer: "Harbor Logistics",
      industries: ["logistics and supply chain"],
      result: "moved call notes into its CRM automatically",
      figure: "about four hours back per rep each week",
    },
    {
      customer: "Quill Software",
      industries: [],
      employees: { min: 200, max: 400 },
      result: "let AI draft every follow-up for a manager to approve",
      figure: "replies to prospects a day sooner",
    },
  ];
  const proofStep = (profile: TPersonProfile) =>
    craftSequence(input({ caseStudies: studies }, profile)).steps.find(
      (s) => s.template === "social_proof",
    );

  it("cites the case study of the lead's industry, else of its size, else none", () => {
    const logistics = proofStep(
      makeProfile({ company: { industry: "logistics and supply chain" } }),
    );
    expect(logistics?.body).toContain(
      "For example, Harbor Logistics moved call notes into its CRM automatically: about four hours back per rep each week.",
    );
    const sized = proofStep(makeProfile({ company: { industry: "retail", employees: 300 } }));
    expect(sized?.body).toContain("For example, Quill Software");
    const none = proofStep(makeProfile({ company: { industry: "retail", employees: 5000 } }));
    expect(none?.body).not.toContain("For example");
    expect(none?.body).not.toMatch(/\n{3,}/);
    for (const step of [logistics, sized, none]) {
      expect(checkMessage(step as TCraftedStepLike, sender).passed).toBe(true);
    }
  });
});

type TCraftedStepLike = Parameters<typeof checkMessage>[0];
