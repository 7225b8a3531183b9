// Craft stage logic: a personalised 8-step sequence per lead, the compliance checks of its first
// message, and one pending card in the Head of Sales' queue. A template that would leave a
// variable unfilled fails that lead's card, naming the variable; nothing unfilled leaves here.

import { summaryOfCrafted } from "../approval/queue-index.ts";
import { checkOptionsFor } from "../approval/sequence-checks.ts";
import { checkMessage } from "../compliance/check-message.ts";
import { checksStamp } from "../compliance/checks-stamp.ts";
import { craftSequence } from "../crafting/craft-sequence.ts";
import { UnfilledVariableError } from "../crafting/unfilled-variable-error.ts";
import { cardIdFor, sealCard, type TCard, type TSealedCard } from "../store/card-repo.ts";
import type { TLeadState } from "../store/lead-parts.ts";
import { campaignTarget, type StageDeps } from "./stage-deps.ts";

export type TCraftOutcome = {
  /** Leads now queued, in the same order as their cards. */
  leadIds: string[];
  cardIds: string[];
  created: number;
  failed: { leadId: string; reason: string }[];
};

/** Crafts the batch's sequences and cards (about four round trips for the batch). */
export async function craftCards(
  deps: StageDeps,
  run: { runId: string; campaign: string },
  leadIds: readonly string[],
): Promise<TCraftOutcome> {
  const target = campaignTarget(deps.config, run.campaign);
  // Each lead is expanded when its turn comes and each card sealed (compacted) once made: the
  // batch holds stored text, so little of it outlives a young-generation collection.
  const reads = await deps.repos.leads.getEach(leadIds);
  const at = deps.now().toISOString();
  const { cadence, sending } = deps.config;
  // How the run's cards judge example values (a sandbox run's may show them, flagged).
  const options = checkOptionsFor(deps.mode);
  const outcome: TCraftOutcome = { leadIds: [], cardIds: [], created: 0, failed: [] };
  const cards: TSealedCard[] = [];
  const states: TLeadState[] = [];
  for (const read of reads) {
    const lead = read();
    if (!lead?.profile || !lead.score) continue;
    const base = {
      id: cardIdFor(lead.id, run.campaign),
      leadId: lead.id,
      runId: run.runId,
      campaign: run.campaign,
      lead: {
        name: `${lead.profile.firstName} ${lead.profile.lastName}`.trim() || lead.id,
        title: lead.profile.title,
        company: lead.profile.company.name,
      },
      tier: lead.score.tier,
      score: lead.score.score,
      whyThisScore: lead.score.factors,
      edited: false,
      decision: null,
      createdAt: at,
      updatedAt: at,
    };
    let card: TCard;
    try {
      const sequence = craftSequence({
        leadId: lead.id,
        profile: lead.profile,
        tier: lead.score.tier,
        campaign: { name: run.campaign, signals: target.signals, description: target.description },
        cadence,
        sender: sending.sender,
        caseStudies: deps.config.caseStudies.case_studies,
        profileSource: lead.enrichment?.source ?? null,
      });
      const first = sequence.steps[0];
      if (!first) throw new Error("the cadence has no steps");
      const message = {
        channel: first.channel,
        step: first.step,
        subject: first.subject,
        body: first.body,
      };
      // Every step is checked now, once: the first message's checks are stored, and a sequence
      // that passes them all is stamped so that its approval need not check it again.
      const compliance = checkMessage(first, sending.sender, options);
      const passed =
        compliance.passed &&
        sequence.steps.slice(1).every((step) => checkMessage(step, sending.sender, options).passed);
      card = {
        ...base,
        status: "pending",
        message,
        sequence: sequence.steps,
        ...(sequence.angle && { angle: sequence.angle }),
        compliance,
        ...(passed && { checksPassed: checksStamp(sequence.steps, sending.sender, options) }),
        failure: null,
      };
    } catch (error) {
      if (!(error instanceof UnfilledVariableError)) throw error;
      outcome.failed.push({ leadId: lead.id, reason: error.message });
      card = {
        ...base,
        status: "failed",
        message: { channel: "email", step: 1, subject: null, body: "" },
        sequence: [],
        compliance: { passed: false, checks: [] },
        failure: error.message,
      };
    }
    // The queue sorts and filters on a summary of each pending card, stored with it.
    cards.push(
      sealCard(card, card.status === "pending" ? summaryOfCrafted(card, lead) : undefined),
    );
    if (card.status === "failed") {
      const reason = card.failure ?? "crafting failed";
      const dropped = { stage: "craft" as const, reason };
      states.push({ id: lead.id, cardId: card.id, status: "dropped", dropped, updatedAt: at });
    } else {
      outcome.leadIds.push(lead.id);
      outcome.cardIds.push(card.id);
      const { dropped } = lead;
      states.push({ id: lead.id, cardId: card.id, status: "queued", dropped, updatedAt: at });
    }
  }
  outcome.created = (await deps.repos.cards.createMissing(cards)).length;
  await deps.repos.leads.saveStates(states);
  return outcome;
}
