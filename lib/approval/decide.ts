// The Head of Sales' actions on a card: edit, approve (optionally with edits, or with an override
// of failed compliance and its reason), reject with a tag from the taxonomy. Each change holds the
// card's lock; a decision is claimed once (SET NX), recorded with its audit entries in one
// transaction, and announced by an event with a stable id through the outbox.
import { z } from "zod";
import { checkMessage } from "../compliance/check-message.ts";
import { badRequest, conflict, HttpError, notFound } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { auditEntry, type TAuditEntry } from "../store/audit-repo.ts";
import type { TCard, TDecision, TDecisionClaim } from "../store/card-repo.ts";
import { StoreUnavailableError } from "../store/index.ts";
import { LockBusyError, withLock } from "../store/lock.ts";
import { sharedReads } from "../store/shared-read.ts";
import { sendDecisionEvent } from "./outbox.ts";
import { cardViews } from "./queue.ts";

type Deps = Pick<Runtime, "repos" | "config" | "env" | "now" | "emit" | "logger" | "store">;

export const ZEdit = z.strictObject({
  subject: z.string().trim().min(1, "expected a subject").max(200).optional(),
  body: z.string().trim().min(1, "expected a body").max(10_000).optional(),
});
export const ZApprove = ZEdit.extend({
  override: z.boolean().optional(),
  reason: z
    .string()
    .trim()
    .min(3, "expected a reason of at least 3 characters")
    .max(2000)
    .optional(),
});
export const ZReject = z.strictObject({
  rejection_tag: z
    .string({
      error: (issue) =>
        issue.input === undefined ? "rejection_tag is required" : "rejection_tag must be a string",
    })
    .min(1, "rejection_tag is required"),
  note: z.string().trim().max(2000).optional(),
});

/** One card's views and damage; requests racing on one card share the read. */
const readCard = sharedReads((deps, id) => cardViews(deps as Deps, [id]));
/** One card's decision claim; requests racing on one card share the read. */
const readClaim = sharedReads((deps, id) => (deps as Deps).repos.cards.decisionClaim(id));

/**
 * The card's view, read after everything this request wrote. A refusal may pass `shared` to
 * join a read already in flight, with `claimed` standing in for a decision not yet recorded.
 */
async function viewOf(deps: Deps, id: string, claimed?: TCard, shared = false) {
  const { views, skipped } = shared ? await readCard(deps, id) : await cardViews(deps, [id]);
  const [view] = views;
  if (view && claimed?.decision && !view.decision) {
    return { ...view, status: claimed.status, decision: claimed.decision };
  }
  if (view) return view;
  const [damaged] = skipped;
  if (damaged) throw new HttpError(409, "record_damaged", damaged.reason);
  throw notFound(`no card ${id}`);
}

/** Records a decision that was claimed but never recorded (its claimant died or failed). */
async function completeClaimedDecision(
  deps: Deps,
  card: TCard,
  claim: TDecisionClaim | null,
): Promise<TCard> {
  if (card.decision || !claim) return card;
  deps.logger.warn(
    `card ${card.id}: recording the ${claim.card.status} decision left half-written`,
  );
  await deps.repos.cards.recordDecision(
    claim.card,
    (tx) => deps.repos.audit.appendTo(tx, claim.audit),
    claim.bodyChanged,
  );
  return claim.card;
}

/** A 409 carrying the card's state when its decision was claimed; nothing otherwise. */
async function refuseIfDecided(deps: Deps, id: string): Promise<void> {
  const claim = await readClaim(deps, id);
  if (!claim) return;
  throw conflict(`card ${id} is already ${claim.card.status}`, {
    card: await viewOf(deps, id, claim.card, true),
  });
}

/**
 * Runs `fn` holding the card's lock. A request that finds the lock taken stops waiting as soon
 * as the card's decision is claimed (409 with the card's state), so a hundred racing decisions
 * resolve in one round of polling instead of queueing behind each other; one that waits too long
 * gets the 409 with the card's state too.
 */
async function withCardLock<T>(deps: Deps, id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withLock(deps.store.redis, `card:${id}`, fn, {
      whileBusy: () => refuseIfDecided(deps, id),
    });
  } catch (error) {
    if (!(error instanceof LockBusyError)) throw error;
    throw conflict(`card ${id} is being changed by another request; try again`, {
      card: await viewOf(deps, id),
    });
  }
}

/** The card, checked to be still open for change (callers hold the card's lock). */
async function openCard(deps: Deps, id: string): Promise<TCard> {
  const { card: stored, claim } = await deps.repos.cards.getWithClaim(id);
  if (!stored) throw notFound(`no card ${id}`);
  const card = await completeClaimedDecision(deps, stored, claim);
  if (card.decision || card.status !== "pending") {
    const view = await viewOf(deps, id);
    const why =
      card.status === "failed" ? `crafting failed: ${card.failure}` : `already ${card.status}`;
    throw conflict(`card ${id} is ${why}`, { card: view });
  }
  return card;
}

/** The card with an edited message, its compliance checked again; null when nothing changed. */
function edited(deps: Deps, card: TCard, edit: z.infer<typeof ZEdit>, actor: string, at: string) {
  const subject = edit.subject ?? card.message.subject;
  const body = edit.body ?? card.message.body;
  if (subject === card.message.subject && body === card.message.body) return null;
  if (card.message.channel === "linkedin" && edit.subject !== undefined) {
    throw badRequest("subject: a LinkedIn message has no subject");
  }
  const message = {
    ...card.message,
    subject: card.message.channel === "email" ? subject : null,
    body,
  };
  const template = card.sequence.find((s) => s.step === card.message.step)?.template;
  const compliance = checkMessage({ ...message, template }, deps.config.sending.sender);
  const sequence = card.sequence.map((s) =>
    s.step === message.step ? { ...s, subject: message.subject, body: message.body } : s,
  );
  const next: TCard = { ...card, message, compliance, sequence, edited: true, updatedAt: at };
  const entry = auditEntry({
    at,
    actor,
    action: "edit",
    cardId: card.id,
    before: {
      subject: card.message.subject,
      body: card.message.body,
      compliancePassed: card.compliance.passed,
    },
    after: { subject: message.subject, body: message.body, compliancePassed: compliance.passed },
    detail: null,
  });
  return { card: next, entry };
}

export async function editCard(deps: Deps, id: string, edit: z.infer<typeof ZEdit>, actor: string) {
  await withCardLock(deps, id, async () => {
    const card = await openCard(deps, id);
    const at = deps.now().toISOString();
    const change = edited(deps, card, edit, actor, at);
    await deps.repos.cards.markReviewed(id, at);
    if (!change) return;
    // The lock bounds how long another request waits, not how long this one may take: look for a
    // decision claimed meanwhile before writing, so an edit never undoes an approval.
    if (await deps.repos.cards.isClaimed(id)) {
      throw conflict(`card ${id} was decided while it was being edited`, {
        card: await viewOf(deps, id),
      });
    }
    await deps.repos.cards.save(change.card, (tx) => deps.repos.audit.appendTo(tx, [change.entry]));
  });
  return viewOf(deps, id);
}

/**
 * Claims and records a decision (with the card's edited message when `bodyChanged`); returns the
 * card as recorded.
 */
async function decide(
  deps: Deps,
  card: TCard,
  decision: TDecision,
  entries: TAuditEntry[],
  bodyChanged: boolean,
): Promise<TCard> {
  const decided: TCard = { ...card, status: decision.action, decision, updatedAt: decision.at };
  if (!(await deps.repos.cards.claimDecision({ card: decided, audit: entries, bodyChanged }))) {
    await refuseIfDecided(deps, card.id);
    throw conflict(`card ${card.id} was decided by another request`, {
      card: await viewOf(deps, card.id),
    });
  }
  try {
    await deps.repos.cards.recordDecision(
      decided,
      (tx) => deps.repos.audit.appendTo(tx, entries),
      bodyChanged,
    );
  } catch (error) {
    // Undo the claim so the card can be decided again; if even that fails, the claim is recorded
    // by whoever touches the card next (completeClaimedDecision).
    await deps.repos.cards.releaseDecision(card.id).catch(() => {});
    throw error;
  }
  return decided;
}

/** The view of a card just decided, from the card in hand (its lead and review are read). */
async function decidedView(deps: Deps, decided: TCard) {
  const { views } = await cardViews(deps, [decided.id], [decided]);
  return views[0] ?? viewOf(deps, decided.id);
}

export async function approveCard(
  deps: Deps,
  id: string,
  input: z.infer<typeof ZApprove>,
  actor: string,
) {
  if (input.override && !input.reason) throw badRequest("reason: an override needs a reason");
  const decided = await withCardLock(deps, id, async () => {
    const at = deps.now().toISOString();
    let card = await openCard(deps, id);
    const entries: TAuditEntry[] = [];
    const change = edited(deps, card, input, actor, at);
    if (change) {
      card = change.card;
      entries.push(change.entry);
    }
    if (!card.compliance.passed && !input.override) {
      const failedChecks = card.compliance.checks.filter((c) => !c.passed);
      if (change) {
        await deps.repos.cards.save(card, (tx) => deps.repos.audit.appendTo(tx, entries));
      }
      throw new HttpError(
        400,
        "compliance_failed",
        `the message fails compliance (${failedChecks.map((c) => c.id).join(", ")}); fix it, or approve with override: true and a reason`,
        { failedChecks },
      );
    }
    const override = !card.compliance.passed && input.reason ? { reason: input.reason } : undefined;
    const decision: TDecision = {
      action: "approved",
      by: actor,
      at,
      ...(override && { override }),
      eventId: `email.approved-${id}`,
    };
    if (override) {
      entries.push(
        auditEntry({
          at,
          actor,
          action: "override",
          cardId: id,
          before: {
            failedChecks: card.compliance.checks.filter((c) => !c.passed).map((c) => c.id),
          },
          after: null,
          detail: override.reason,
        }),
      );
    }
    entries.push(
      auditEntry({
        at,
        actor,
        action: "approve",
        cardId: id,
        before: { status: "pending" },
        after: { status: "approved" },
        detail: null,
      }),
    );
    return { card: await decide(deps, card, decision, entries, change !== null), decision };
  });
  const event = await sendDecisionEvent(deps, id, decided.card);
  return {
    card: await decidedView(deps, decided.card),
    event: { ...event, id: decided.decision.eventId },
  };
}

export async function rejectCard(
  deps: Deps,
  id: string,
  input: z.infer<typeof ZReject>,
  actor: string,
) {
  const allowed = deps.config.rejectionTags.tags.map((t) => t.tag);
  if (!allowed.includes(input.rejection_tag)) {
    throw badRequest(
      `rejection_tag: unknown tag "${input.rejection_tag}"; allowed: ${allowed.join(", ")}`,
      { allowed },
    );
  }
  const decided = await withCardLock(deps, id, async () => {
    const card = await openCard(deps, id);
    const at = deps.now().toISOString();
    const decision: TDecision = {
      action: "rejected",
      by: actor,
      at,
      tag: input.rejection_tag,
      ...(input.note && { note: input.note }),
      eventId: `email.rejected-${id}`,
    };
    const entry = auditEntry({
      at,
      actor,
      action: "reject",
      cardId: id,
      before: { status: "pending" },
      after: { status: "rejected", tag: input.rejection_tag },
      detail: input.note ?? null,
    });
    return { card: await decide(deps, card, decision, [entry], false), decision };
  });
  const event = await sendDecisionEvent(deps, id, decided.card);
  return {
    card: await decidedView(deps, decided.card),
    event: { ...event, id: decided.decision.eventId },
  };
}

/** The card's view; the first look at it counts as its first review. */
export async function reviewCard(deps: Deps, id: string) {
  const view = await viewOf(deps, id);
  if (!view.firstReviewedAt && view.status === "pending") {
    try {
      await deps.repos.cards.markReviewed(id, deps.now().toISOString());
    } catch (error) {
      // Reading a card must not fail because its review time cannot be saved (a full disk): the
      // card is shown, and the review is recorded by the next look or action that can be saved.
      if (!(error instanceof StoreUnavailableError)) throw error;
      deps.logger.warn(`card ${id}: first review not recorded: ${error.message}`);
      return view;
    }
    return viewOf(deps, id);
  }
  return view;
}
