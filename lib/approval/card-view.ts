// A card as the Head of Sales sees it (API and page alike): the lead, tier, score and why, the
// whole sequence with each step's compliance checks (checked against today's sender config), its
// age, staleness and decision deadline, review and decision.
import type { TConfig } from "../config/schemas.ts";
import { routingBlock, routingFacts } from "../dispatch/routing.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import { isRisky } from "../pipeline/verify.ts";
import type { TCard } from "../store/card-repo.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import { windowDeadline } from "./send-window.ts";
import { checkSequence, type TStepView } from "./sequence-checks.ts";

export type CardView = {
  id: string;
  status: TCard["status"];
  createdAt: string;
  ageMinutes: number;
  stale: boolean;
  /** When the decision SLA (send-window minutes after creation) runs out. */
  decisionDueAt: string;
  campaign: string;
  runId: string;
  /** The mode of the run that made the card: a sandbox card's lead and data are generated. */
  mode: "sandbox" | "production" | null;
  lead: {
    id: string;
    name: string;
    title: string | null;
    company: string | null;
    email: string | null;
    linkedinUrl: string | null;
    verification: { status: string; risky: boolean } | null;
  };
  tier: TCard["tier"];
  score: number;
  whyThisScore: TCard["whyThisScore"];
  /** The first message (step 1), as the queue has always shown it. */
  message: TCard["message"];
  /** The first message's checks. */
  compliance: TCard["compliance"];
  /** Every step, email and LinkedIn, with its day, channel and own checks. */
  sequence: TStepView[];
  /** True when every step passes: approving the card approves them all. */
  sequencePassed: boolean;
  /**
   * Why routing will never send the card on a channel as things stand (its tier's channels,
   * LinkedIn off or no profile URL, an address that must not be mailed), null where it can: the
   * approver sees which steps will not go out.
   */
  heldBack: Record<TOutreachChannel, string | null>;
  edited: boolean;
  firstReviewedAt: string | null;
  decision: TCard["decision"];
};

/** How a card is seen: now, its age limit, its first review, its run's mode and the config. */
export type CardViewContext = {
  now: Date;
  maxAgeHours: number;
  firstReviewedAt: string | null;
  mode?: "sandbox" | "production" | null;
  config: Pick<TConfig, "sending" | "queue" | "cadence">;
};

/** What a card's head holds too (card-repo.ts), with the card's id and state. */
type TCardBasics = Pick<
  TCard,
  | "id"
  | "status"
  | "createdAt"
  | "campaign"
  | "runId"
  | "leadId"
  | "lead"
  | "tier"
  | "score"
  | "message"
  | "edited"
  | "decision"
>;

/** The fields of a card's every view that need neither its steps nor its score's factors. */
function viewBasics(card: TCardBasics, lead: TLeadRecord | null, context: CardViewContext) {
  const { sending, queue } = context.config;
  const created = Date.parse(card.createdAt);
  const ageMinutes = Math.max(0, Math.floor((context.now.getTime() - created) / 60_000));
  const profile = lead?.profile ?? null;
  const name = card.lead
    ? card.lead.name
    : profile
      ? `${profile.firstName} ${profile.lastName}`.trim()
      : (lead?.search?.firstName ?? "");
  return {
    id: card.id,
    status: card.status,
    createdAt: card.createdAt,
    ageMinutes,
    stale: card.status === "pending" && ageMinutes > context.maxAgeHours * 60,
    decisionDueAt: new Date(
      windowDeadline(created, queue.decision_sla_minutes, sending.send_window),
    ).toISOString(),
    campaign: card.campaign,
    runId: card.runId,
    mode: context.mode ?? null,
    lead: {
      id: card.leadId,
      name: name || card.leadId,
      title: card.lead ? card.lead.title : (profile?.title ?? null),
      company: card.lead ? card.lead.company : (profile?.company.name ?? null),
      email: lead?.keys.email ?? null,
      linkedinUrl: lead?.keys.linkedinUrl ?? null,
      verification: lead?.verification
        ? { status: lead.verification.status, risky: isRisky(lead.verification) }
        : null,
    },
    tier: card.tier,
    score: card.score,
    message: card.message,
    edited: card.edited,
    firstReviewedAt: context.firstReviewedAt,
    decision: card.decision,
  } satisfies Partial<CardView>;
}

export function toCardView(
  card: TCard,
  lead: TLeadRecord | null,
  context: CardViewContext,
): CardView {
  const sequence = checkSequence(card, context.config.sending.sender, context.mode ?? null);
  const first = sequence.find((step) => step.step === card.message.step);
  return {
    ...viewBasics(card, lead, context),
    whyThisScore: card.whyThisScore,
    compliance: first ? first.compliance : card.compliance,
    sequence,
    sequencePassed: sequence.length > 0 && sequence.every((step) => step.compliance.passed),
    heldBack: heldBackOf(card, lead, context.config),
  };
}

/** Why each channel will not carry the card (lead-level reasons only when the lead was read). */
function heldBackOf(
  card: TCard,
  lead: TLeadRecord | null,
  config: Pick<TConfig, "sending" | "cadence">,
): Record<TOutreachChannel, string | null> {
  const facts = routingFacts(card, lead);
  // Without the lead record (a thinned answer) only the card's own reasons are known.
  const known = lead ? facts : { ...facts, mailable: true, linkedinUrl: "unknown", email: "" };
  return {
    email: routingBlock(config, known, "email"),
    linkedin: routingBlock(config, known, "linkedin"),
  };
}

/** Characters of the first message a slim card previews. */
export const PREVIEW_CHARS = 280;

/** A card as a queue listing shows it: who, how good a fit, a preview, whether it passes. */
export type SlimCardView = Pick<
  CardView,
  | "id"
  | "status"
  | "createdAt"
  | "ageMinutes"
  | "stale"
  | "decisionDueAt"
  | "campaign"
  | "runId"
  | "mode"
  | "lead"
  | "tier"
  | "score"
  | "edited"
  | "firstReviewedAt"
> & {
  preview: { channel: "email" | "linkedin"; step: number; subject: string | null; body: string };
  /** The whole sequence's checks: passed when every step does; the failed checks' ids by step. */
  compliance: {
    passed: boolean;
    failed: string[];
    failedSteps: { step: number; failed: string[] }[];
  };
};

/** The slim form of a card, for listings; the whole card is GET /api/emails/:id. */
export function toSlimCard(card: CardView): SlimCardView {
  return {
    id: card.id,
    status: card.status,
    createdAt: card.createdAt,
    ageMinutes: card.ageMinutes,
    stale: card.stale,
    decisionDueAt: card.decisionDueAt,
    campaign: card.campaign,
    runId: card.runId,
    mode: card.mode,
    lead: card.lead,
    tier: card.tier,
    score: card.score,
    edited: card.edited,
    firstReviewedAt: card.firstReviewedAt,
    preview: previewOf(card.message),
    compliance: {
      passed: card.sequencePassed,
      // A passing message has no failed checks: its details are not worked out to say so.
      failed: card.compliance.passed
        ? []
        : card.compliance.checks.filter((check) => !check.passed).map((check) => check.id),
      failedSteps: card.sequence
        .filter((step) => !step.compliance.passed)
        .map((step) => ({
          step: step.step,
          failed: step.compliance.checks.filter((c) => !c.passed).map((c) => c.id),
        })),
    },
  };
}

/** The first message as a slim card previews it. */
function previewOf(message: TCard["message"]): SlimCardView["preview"] {
  const { body } = message;
  return {
    channel: message.channel,
    step: message.step,
    subject: message.subject,
    body: body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body,
  };
}

/** A decided card as an approval or rejection answers: slim, with the first message and the decision. */
export type DecidedCardView = SlimCardView & Pick<CardView, "message" | "decision">;

/**
 * The decided form of a card: what the decision needs to confirm (status, decision, the first
 * message as decided, whether it was edited) without the whole sequence and its checks, which
 * the reviewer has already seen (GET /api/emails/:id has them).
 */
export function toDecidedCard(card: CardView): DecidedCardView {
  return { ...toSlimCard(card), message: card.message, decision: card.decision };
}

/**
 * The decided form of a card decided from its head (card-repo.ts), whose checks stamp held: every
 * step passed every check, so its compliance lists no failure. The same as toDecidedCard of the
 * card's whole view.
 */
export function toDecidedHeadCard(
  card: TCardBasics,
  lead: TLeadRecord | null,
  context: CardViewContext,
): DecidedCardView {
  return {
    ...viewBasics(card, lead, context),
    preview: previewOf(card.message),
    compliance: { passed: true, failed: [], failedSteps: [] },
  };
}
