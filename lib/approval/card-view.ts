// A card as the Head of Sales sees it (API and page alike): the lead, tier, score and why, the
// message, its compliance checks, its age and staleness, review and decision.
import type { TLeadRecord } from "../leads/lead-record.ts";
import { isRisky } from "../pipeline/verify.ts";
import type { TCard } from "../store/card-repo.ts";

export type CardView = {
  id: string;
  status: TCard["status"];
  createdAt: string;
  ageMinutes: number;
  stale: boolean;
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
  message: TCard["message"];
  compliance: TCard["compliance"];
  edited: boolean;
  firstReviewedAt: string | null;
  decision: TCard["decision"];
};

export function toCardView(
  card: TCard,
  lead: TLeadRecord | null,
  context: {
    now: Date;
    maxAgeHours: number;
    firstReviewedAt: string | null;
    mode?: "sandbox" | "production" | null;
  },
): CardView {
  const ageMinutes = Math.max(
    0,
    Math.floor((context.now.getTime() - Date.parse(card.createdAt)) / 60_000),
  );
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
    whyThisScore: card.whyThisScore,
    message: card.message,
    compliance: card.compliance,
    edited: card.edited,
    firstReviewedAt: context.firstReviewedAt,
    decision: card.decision,
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
  compliance: { passed: boolean; failed: string[] };
};

/** The slim form of a card, for listings; the whole card is GET /api/emails/:id. */
export function toSlimCard(card: CardView): SlimCardView {
  const body = card.message.body;
  return {
    id: card.id,
    status: card.status,
    createdAt: card.createdAt,
    ageMinutes: card.ageMinutes,
    stale: card.stale,
    campaign: card.campaign,
    runId: card.runId,
    mode: card.mode,
    lead: card.lead,
    tier: card.tier,
    score: card.score,
    edited: card.edited,
    firstReviewedAt: card.firstReviewedAt,
    preview: {
      channel: card.message.channel,
      step: card.message.step,
      subject: card.message.subject,
      body: body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body,
    },
    compliance: {
      passed: card.compliance.passed,
      failed: card.compliance.checks.filter((check) => !check.passed).map((check) => check.id),
    },
  };
}
