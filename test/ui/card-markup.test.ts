// The card markup shared by the server and the browser: every field escaped, only http(s) links,
// the risky badge, a LinkedIn message without a subject, and a failing card marked as such.
import { describe, expect, it } from "vitest";
import type { CardView } from "../../lib/approval/card-view.ts";
import { COMPLIANCE_CHECK_IDS, LEGAL_CHECK_IDS } from "../../lib/compliance/check-ids.ts";
import {
  cardHtml,
  escapeHtml,
  failsLegalLine,
  tagOptionsHtml,
} from "../../routes/ui/card-markup.ts";

const HOSTILE = `<script>alert("x")</script>&'`;

function card(overrides: Partial<CardView> = {}): CardView {
  return {
    id: "card_0123456789abcdef0123",
    status: "pending",
    createdAt: "2026-11-24T09:00:00.000Z",
    ageMinutes: 135,
    stale: false,
    decisionDueAt: "2026-11-24T11:00:00.000Z",
    campaign: "default",
    runId: "run_20261124_090000_abcdef",
    mode: "production",
    lead: {
      id: "lead_1",
      name: "Ava Cox",
      title: "COO",
      company: "Starfield",
      email: "ava@starfield.example",
      linkedinUrl: "https://www.linkedin.com/in/avacox",
      verification: { status: "valid", risky: false },
    },
    tier: "tier_1",
    score: 84,
    whyThisScore: [{ factor: "industry", points: 20, reason: "Software is an ICP industry" }],
    message: { channel: "email", step: 1, subject: "Hello", body: "Hi Ava,\n\nBody" },
    compliance: {
      passed: true,
      checks: [{ id: "unsubscribe_line", passed: true, detail: "Has the line" }],
    },
    sequence: [],
    sequencePassed: true,
    edited: false,
    firstReviewedAt: null,
    decision: null,
    ...overrides,
  };
}

describe("cardHtml", () => {
  it("escapes every piece of provider or reviewer data", () => {
    const markup = cardHtml(
      card({
        lead: { ...card().lead, name: HOSTILE, title: HOSTILE, company: HOSTILE, email: HOSTILE },
        whyThisScore: [{ factor: "signals", points: 5, reason: HOSTILE }],
        message: { channel: "email", step: 1, subject: HOSTILE, body: HOSTILE },
        compliance: { passed: false, checks: [{ id: "cta", passed: false, detail: HOSTILE }] },
      }),
      [{ tag: HOSTILE, label: HOSTILE }],
    );
    expect(markup).not.toContain("<script>");
    expect(markup).not.toContain(`"x"`);
    expect(markup).toContain(escapeHtml(HOSTILE));
  });

  it("links LinkedIn only over http(s)", () => {
    const lead = { ...card().lead, linkedinUrl: "javascript:alert(1)" };
    expect(cardHtml(card({ lead }), null)).not.toContain("javascript:");
    expect(cardHtml(card(), null)).toContain('href="https://www.linkedin.com/in/avacox"');
  });

  it("badges a risky address with its verification status", () => {
    const risky = { ...card().lead, verification: { status: "catch_all", risky: true } };
    expect(cardHtml(card({ lead: risky }), null)).toContain("risky · catch-all");
    expect(cardHtml(card(), null)).not.toContain("badge-risky");
  });

  it("shows a LinkedIn message without a subject, and no subject field to edit", () => {
    const markup = cardHtml(
      card({ message: { channel: "linkedin", step: 2, subject: null, body: "Hi" } }),
      null,
    );
    expect(markup).toContain("LinkedIn message · step 2");
    expect(markup).not.toContain("message-subject");
    expect(markup).not.toContain('name="subject"');
  });

  it("marks a card failing compliance: a style check asks for an override, a legal line for an edit", () => {
    const failing = card({
      compliance: {
        passed: false,
        checks: [{ id: "signature", passed: false, detail: "Missing the signature" }],
      },
    });
    const markup = cardHtml(failing, null);
    expect(markup).toContain('class="card card-failing"');
    expect(markup).toContain("Fails compliance (1 check)");
    expect(markup).toContain("Approve with override…");
    expect(cardHtml(card(), null)).not.toContain("card-failing");
    const legal = cardHtml(
      card({
        compliance: {
          passed: false,
          checks: [{ id: "unsubscribe_line", passed: false, detail: "Missing the line" }],
        },
      }),
      null,
    );
    expect(legal).toContain("can never be overridden");
    // The page's copy of the legal ids is the server's.
    for (const id of COMPLIANCE_CHECK_IDS) {
      const fails = card({
        compliance: { passed: false, checks: [{ id, passed: false, detail: "" }] },
      });
      expect(failsLegalLine(fails), id).toBe(LEGAL_CHECK_IDS.has(id));
    }
    expect(legal).toContain('data-action="approve" disabled>Approve (add the legal lines first)');
  });

  it("keeps the body's leading newline in the edit field, and shows age and tier", () => {
    const markup = cardHtml(card({ message: { ...card().message, body: "\nHi" } }), null);
    expect(markup).toContain("required>\n\nHi</textarea>");
    expect(markup).toContain("waiting 2 h");
    expect(markup).toContain("Tier 1");
  });
});

describe("the sandbox label", () => {
  it("labels a card from a sandbox run, and only such a card", () => {
    expect(cardHtml(card({ mode: "sandbox" }), null)).toContain(
      '<span class="badge badge-sandbox"',
    );
    expect(cardHtml(card({ mode: "production" }), null)).not.toContain("badge-sandbox");
  });
});

describe("tagOptionsHtml", () => {
  it("says it is loading until the tags arrive, then offers a prompt and every tag", () => {
    expect(tagOptionsHtml(null)).toBe('<option value="">Loading reasons…</option>');
    const options = tagOptionsHtml([{ tag: "too_long", label: "Message is too long" }]);
    expect(options).toContain('<option value="too_long">Message is too long</option>');
  });
});
