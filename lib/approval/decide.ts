// The Head of Sales' actions on a card: edit, approve (optionally with edits, or with an override
// of failed style checks and a reason of at least a sentence — never of the unsubscribe line or
// the postal address), reject with a tag from the taxonomy. Each change is
// computed from the card as read and lands, with its audit entries, only if the card is still as
// read (compare-and-write), so a card is decided once and nothing lands on a decided card; a
// decision is announced by an event with a stable id, stored in the decision's own transaction
// where the embedded engine drives here, else through the outbox. A decision made with
// `undoable` (the review page's) is held for the queue's undo window: it can be undone, and its
// event waits until the window closes (release-held-decision sends it).
import { z } from "zod";
import { LEGAL_CHECK_IDS, OVERRIDE_REASON } from "../compliance/check-ids.ts";
import { checkMessage } from "../compliance/check-message.ts";
import { badRequest, conflict, HttpError, notFound } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { auditEntry, type TAuditEntry } from "../store/audit-repo.ts";
import {
  type CardRead,
  copyKeysOf,
  type TCard,
  type TDecision,
  type TSequenceStep,
  type Watched,
} from "../store/card-repo.ts";
import { StoreUnavailableError } from "../store/index.ts";
import { type DecidedCardView, toCardView, toDecidedHeadCard } from "./card-view.ts";
import { eventFor, sendDecisionEvent, type TAnnouncedCard } from "./outbox.ts";
import { cardViews, maxAgeHours, runModeOf } from "./queue.ts";
import { summaryOfCrafted } from "./queue-index.ts";
import { localDate } from "./send-window.ts";
import { checkOptionsFor, checkSequence, failingSteps, headPassed } from "./sequence-checks.ts";

type Deps = Pick<Runtime, "repos" | "config" | "env" | "now" | "emit" | "logger" | "store"> &
  Partial<Pick<Runtime, "emitWithin">>;

export const ZEdit = z.strictObject({
  /** The step to edit (the first message's step when left out). */
  step: z.number().int().min(1).max(50).optional(),
  subject: z.string().trim().min(1, "expected a subject").max(200).optional(),
  body: z.string().trim().min(1, "expected a body").max(10_000).optional(),
});
/** Hold the decision's event for the undo window (config/queue.json `undo_seconds`). */
const ZUndoable = z.boolean().optional();

export const ZApprove = ZEdit.extend({
  undoable: ZUndoable,
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
  undoable: ZUndoable,
});

/** How long a change keeps being computed again while other changes to the card land first. */
const RETRY_FOR_MS = 3_000;

/** The card's view, read after everything this request wrote. */
async function viewOf(deps: Deps, id: string) {
  const { views, skipped } = await cardViews(deps, [id]);
  const [view] = views;
  if (view) return view;
  const [damaged] = skipped;
  if (damaged) throw new HttpError(409, "record_damaged", damaged.reason);
  throw notFound(`no card ${id}`);
}

/** The view of a card in hand (its lead is read, and its first review unless given). */
async function viewOfCard(deps: Deps, card: TCard, firstReviewedAt?: string | null) {
  const reviewed = firstReviewedAt === undefined ? undefined : [firstReviewedAt];
  const { views } = await cardViews(deps, [card.id], [card], reviewed);
  return views[0] ?? viewOf(deps, card.id);
}

/**
 * Records a decision that an earlier version claimed but never recorded (its claimant died or
 * failed), unless someone else records it first; returns the card as decided.
 */
async function completeClaimedDecision(deps: Deps, read: CardRead): Promise<TCard | null> {
  const { card, claim } = read;
  if (!card || card.decision || !claim) return card;
  deps.logger.warn(
    `card ${card.id}: recording the ${claim.card.status} decision left half-written`,
  );
  await deps.repos.cards.recordDecision(
    read,
    claim.card,
    (writes) => deps.repos.audit.appendTo(writes, claim.audit),
    claim.bodyChanged ? claim.card : null,
  );
  return claim.card;
}

/** The card, checked to be still open for change, with what a change must find unchanged. */
async function openCard(deps: Deps, id: string): Promise<{ card: TCard; read: CardRead }> {
  const read = await deps.repos.cards.readForChange(id);
  const card = await completeClaimedDecision(deps, read);
  if (!card) throw notFound(`no card ${id}`);
  if (card.decision || card.status !== "pending") {
    const why =
      card.status === "failed" ? `crafting failed: ${card.failure}` : `already ${card.status}`;
    const reviewed = card === read.card ? read.reviewedAt : undefined;
    throw conflict(`card ${id} is ${why}`, { card: await viewOfCard(deps, card, reviewed) });
  }
  return { card, read };
}

/**
 * Computes a change from the card as read and writes it only if the card is still as read
 * (`change` resolves null when it was not): a change made meanwhile by another request is never
 * overwritten; the card is read again and the change computed again (a decision made meanwhile
 * turns into a 409 with the card's state). No lock: racing requests each cost a read and a write
 * per change that beats them.
 */
async function changeCard<T>(
  deps: Deps,
  id: string,
  change: (card: TCard, read: CardRead) => Promise<T | null>,
): Promise<T> {
  // Every retry follows another request's change landing, so some request always progresses.
  const deadline = Date.now() + RETRY_FOR_MS;
  do {
    const { card, read } = await openCard(deps, id);
    const result = await change(card, read);
    if (result !== null) return result;
  } while (Date.now() < deadline);
  throw conflict(`card ${id} is being changed by other requests; try again`, {
    card: await viewOf(deps, id),
  });
}

/** The claims an edited step still makes: those whose sentence the new text still holds. */
function keptClaims(step: TSequenceStep, subject: string | null, body: string) {
  if (step.claims === undefined) return {};
  const claims = step.claims.filter((c) => body.includes(c.text) || subject === c.text);
  return { claims };
}

/**
 * The card with one step edited (the first message when no step is named), that step's compliance
 * checked again; null when nothing changed. The first message and its stored checks follow step 1.
 */
function edited(
  deps: Deps,
  card: TCard,
  edit: z.infer<typeof ZEdit>,
  actor: string,
  at: string,
  mode: "sandbox" | "production" | null,
) {
  if (edit.subject === undefined && edit.body === undefined) return null;
  const number = edit.step ?? card.message.step;
  const step = card.sequence.find((s) => s.step === number);
  if (!step) {
    const steps = card.sequence.map((s) => s.step);
    throw badRequest(
      `step: the sequence has no step ${number} (its steps are ${steps.join(", ") || "none"})`,
    );
  }
  if (step.channel === "linkedin" && edit.subject !== undefined) {
    throw badRequest(`subject: step ${number} is a LinkedIn message, which has no subject`);
  }
  const subject = step.channel === "email" ? (edit.subject ?? step.subject) : null;
  const body = edit.body ?? step.body;
  if (subject === step.subject && body === step.body) return null;
  const options = checkOptionsFor(mode);
  const sender = deps.config.sending.sender;
  const before = checkMessage(step, sender, options);
  const after = checkMessage({ ...step, subject, body }, sender, options);
  const sequence = card.sequence.map((s) =>
    s.step === number ? { ...s, subject, body, ...keptClaims(s, subject, body) } : s,
  );
  const isFirst = number === card.message.step;
  const next: TCard = {
    ...card,
    ...(isFirst && { message: { ...card.message, subject, body }, compliance: after }),
    sequence,
    // The crafting's stamp vouched for the steps as they were, not as edited.
    checksPassed: undefined,
    edited: true,
    updatedAt: at,
  };
  const entry = auditEntry({
    at,
    actor,
    action: "edit",
    cardId: card.id,
    before: {
      step: number,
      subject: step.subject,
      body: step.body,
      compliancePassed: before.passed,
    },
    after: { step: number, subject, body, compliancePassed: after.passed },
    detail: null,
  });
  return { card: next, entry };
}

export async function editCard(deps: Deps, id: string, edit: z.infer<typeof ZEdit>, actor: string) {
  await changeCard(deps, id, async (card, read) => {
    const at = deps.now().toISOString();
    const change = edited(deps, card, edit, actor, at, await runModeOf(deps, card.runId));
    if (!change) {
      await deps.repos.cards.markReviewed(id, at);
      return true;
    }
    const saved = await deps.repos.cards.saveIf(
      read,
      change.card,
      (writes) => deps.repos.audit.appendTo(writes, [change.entry]),
      at,
    );
    return saved || null;
  });
  return viewOf(deps, id);
}

/** A card, or its head, as a decision sees it. */
type Decidable = { id: string; status: TCard["status"]; decision: TDecision | null };

/** A decision as recorded: the card as decided, and when it was first reviewed. */
type Decided<C extends Decidable = TCard> = {
  card: C & { status: TDecision["action"]; decision: TDecision; updatedAt: string };
  firstReviewedAt: string;
  /** Set when the decision's event was stored with it (Runtime.emitWithin): call once landed. */
  landed?: () => void;
};

/**
 * Records a decision on the card (or head) as read, counting it against the card's `copy`, with
 * the body `body` makes of the decided card when the decision changed it (an approval with
 * edits); returns it as recorded, or null when the card changed since it was read.
 */
async function decide<C extends Decidable & TAnnouncedCard>(
  deps: Deps,
  read: Watched & { reviewedAt: string | null },
  card: C,
  decision: TDecision,
  entries: TAuditEntry[],
  copy: readonly string[],
  body: ((decided: Decided<C>["card"]) => TCard) | null = null,
): Promise<Decided<C> | null> {
  // A held decision remembers where its card stood, so an undo puts it back there.
  const queueScore = decision.undoUntil ? await deps.repos.cards.pendingScore(card.id) : null;
  const held = queueScore === null ? decision : { ...decision, queueScore };
  const decided = { ...card, status: decision.action, decision: held, updatedAt: decision.at };
  let landed: (() => void) | null = null;
  const recorded = await deps.repos.cards.recordDecision(
    read,
    decided,
    (writes) => {
      deps.repos.audit.appendTo(writes, entries);
      deps.repos.cards.countDecision(writes, decisionDay(deps, decision.at), decision.action, 1);
      deps.repos.cards.countCopy(writes, copy, decision, 1);
    },
    body ? body(decided) : null,
    // A decision announced now has its event stored with it where the engine takes it so (no
    // outbox entry to add and clear); a held one is announced by its release.
    (writes) => {
      const event = held.undoUntil ? null : eventFor(decided);
      try {
        landed = event && deps.emitWithin ? deps.emitWithin(writes, [event]) : null;
      } catch (error) {
        // The decision still lands; its event waits in the outbox, as after a failed send.
        deps.logger.warn(`${event?.name} for ${card.id} not stored with its decision:`, error);
        landed = null;
      }
      return landed !== null;
    },
  );
  if (!recorded) return null;
  // A decision is the card's first review when none came before (recordDecision sets it so).
  const firstReviewedAt = read.reviewedAt ?? decision.at;
  return landed ? { card: decided, firstReviewedAt, landed } : { card: decided, firstReviewedAt };
}

/** The day a decision counts on: its date where the send window is (the team's working day). */
export function decisionDay(deps: Pick<Deps, "config">, at: string): string {
  return localDate(Date.parse(at), deps.config.sending.send_window.timezone);
}

/** How a decision is made beyond its input: a bulk decision gives all its cards one undo window. */
export type TDecideOptions = { undoUntil?: string };

/** When a decision made now with `undoable` stops being undoable (undefined without it). */
function undoUntil(
  deps: Deps,
  at: string,
  undoable: boolean | undefined,
  options: TDecideOptions,
): string | undefined {
  if (!undoable) return undefined;
  return (
    options.undoUntil ??
    new Date(Date.parse(at) + deps.config.queue.undo_seconds * 1000).toISOString()
  );
}

/**
 * Announces a decision just recorded (or, for a held one, schedules its release) and builds the
 * decided card's view, side by side.
 */
async function announced(deps: Deps, { card: decided, firstReviewedAt, landed }: Decided) {
  const [event, card] = await Promise.all([
    announce(deps, decided, landed),
    // The decision stands: a lead record that no longer reads only thins the answer's view.
    viewOfCard(deps, decided, firstReviewedAt).catch((error: unknown) => {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      return bareView(deps, decided, firstReviewedAt);
    }),
  ]);
  return { card, event };
}

/**
 * Announces a decision just recorded (`landed` when its event was stored with it), or, for a
 * held one, schedules its release.
 */
async function announce(deps: Deps, decided: TAnnouncedCard, landed?: () => void) {
  const held = decided.decision?.undoUntil;
  const id = decided.decision?.eventId ?? "";
  if (landed) {
    landed();
    return { name: eventFor(decided)?.name ?? "none", sent: true, id };
  }
  const event = held
    ? await holdDecisionEvent(deps, decided, held)
    : await sendDecisionEvent(deps, decided.id, decided);
  return { ...event, id };
}

/** A card's view without its lead record (name, title and company as the card carries them). */
function bareView(deps: Deps, card: TCard, firstReviewedAt: string) {
  return toCardView(card, null, {
    now: deps.now(),
    maxAgeHours: maxAgeHours(deps),
    firstReviewedAt,
    config: deps.config,
  });
}

/**
 * Schedules the release of a held decision at the end of its undo window; if that cannot be sent
 * now, the outbox's cron releases the decision once it is due.
 */
async function holdDecisionEvent(deps: Deps, card: TAnnouncedCard, until: string) {
  const cardId = card.id;
  const name = eventFor(card)?.name ?? "none";
  try {
    await deps.emit({
      name: "email.decision.held",
      id: `held-${cardId}-${Date.parse(until)}`,
      data: { cardId, undoUntil: until },
    });
  } catch (error) {
    deps.logger.warn(
      `the release of ${cardId}'s decision was not scheduled (the outbox will):`,
      error,
    );
  }
  return { name, sent: false, heldUntil: until };
}

/** What each legal check needs of the message, as the refusal says it. */
const LEGAL_FIXES: Readonly<Record<string, string>> = {
  unsubscribe_line: "include the unsubscribe line",
  postal_address: "include the postal address",
  no_example_values: "carry the sender's real details instead of the example values",
};

/** The edits the failing legal checks ask for, each once, in one phrase. */
function legalFixes(ids: readonly string[]): string {
  return [...new Set(ids)].map((id) => LEGAL_FIXES[id] ?? id).join(" and ");
}

/** True for a reason of at least a sentence (OVERRIDE_REASON). */
function isSentence(reason: string | undefined): boolean {
  const text = reason?.trim() ?? "";
  return (
    text.length >= OVERRIDE_REASON.minChars && text.split(/\s+/).length >= OVERRIDE_REASON.minWords
  );
}

/** An approval of card `id` made by `actor` at `at`, and its audit entry. */
function approval(
  deps: Deps,
  id: string,
  actor: string,
  at: string,
  undoable: boolean | undefined,
  options: TDecideOptions,
  override?: { reason: string },
) {
  const held = undoUntil(deps, at, undoable, options);
  const decision: TDecision = {
    action: "approved",
    by: actor,
    at,
    ...(override && { override }),
    eventId: `email.approved-${id}`,
    ...(held && { undoUntil: held }),
  };
  const entry = auditEntry({
    at,
    actor,
    action: "approve",
    cardId: id,
    before: { status: "pending" },
    after: { status: "approved" },
    detail: null,
  });
  return { decision, entry };
}

/**
 * Approves, as it is, a card whose head (card-repo.ts) vouches that every step passed every check
 * under today's sender config, from the head alone: the steps are neither read nor checked again,
 * and the decision lands only while the body is the one the head speaks for. Answers as
 * toDecidedCard of the card's whole view would. Null when the card is not such a card (no head,
 * edited since crafting, a step failing, not pending), the approval edits or overrides, or the
 * card changed before the decision landed: approveCard decides it then, from the whole card.
 */
export async function approveUntouched(
  deps: Deps,
  id: string,
  input: z.infer<typeof ZApprove>,
  actor: string,
  options: TDecideOptions = {},
): Promise<{ card: DecidedCardView; event: Awaited<ReturnType<typeof announce>> } | null> {
  if (input.subject !== undefined || input.body !== undefined || input.override) return null;
  const read = await deps.repos.cards.readHead(id);
  if (!read) return null;
  const { head } = read;
  const mode = await runModeOf(deps, head.runId);
  if (!headPassed(head, deps.config.sending.sender, mode)) return null;
  const { decision, entry } = approval(
    deps,
    id,
    actor,
    deps.now().toISOString(),
    input.undoable,
    options,
  );
  const card = { ...head, id, decision: null };
  // The answer's lead is read beside the decision's write (one trip to the store for both).
  // Cards carry who they were written to; then only the lead's keys and verdict are read.
  const lead = deps.repos.leads.listMany(
    [head.leadId],
    head.lead ? ["keys", "verification"] : undefined,
  );
  // Its failure is the approval's only if the decision lands (then it is awaited below).
  lead.catch(() => {});
  const decided = await decide(deps, read, card, decision, [entry], head.copy);
  if (!decided) return null;
  const [event, leads] = await Promise.all([announce(deps, decided.card, decided.landed), lead]);
  const view = toDecidedHeadCard(decided.card, leads.items[0] ?? null, {
    now: deps.now(),
    maxAgeHours: maxAgeHours(deps),
    firstReviewedAt: decided.firstReviewedAt,
    mode,
    config: deps.config,
  });
  return { card: view, event };
}

export async function approveCard(
  deps: Deps,
  id: string,
  input: z.infer<typeof ZApprove>,
  actor: string,
  options: TDecideOptions = {},
) {
  if (input.override && !isSentence(input.reason)) {
    throw badRequest(
      `reason: an override needs a reason of at least a sentence (${OVERRIDE_REASON.minChars} characters, ${OVERRIDE_REASON.minWords} words)`,
    );
  }
  const decided = await changeCard(deps, id, async (open, read) => {
    const at = deps.now().toISOString();
    const mode = await runModeOf(deps, open.runId);
    let card = open;
    const entries: TAuditEntry[] = [];
    const change = edited(deps, card, input, actor, at, mode);
    if (change) {
      card = change.card;
      entries.push(change.entry);
    }
    if (card.sequence.length === 0) throw badRequest(`card ${id} has no sequence to approve`);
    // Approving a card approves its whole sequence: every step is checked, as the config is today.
    const failing = failingSteps(checkSequence(card, deps.config.sending.sender, mode));
    const first = failing.find((step) => step.step === card.message.step);
    const laterSteps = failing.filter((step) => step !== first);
    const compliant = failing.length === 0;
    const failedChecks = first?.failedChecks ?? [];
    const legal = failing
      .flatMap((s) => s.failedChecks.map((c) => c.id))
      .filter((id) => LEGAL_CHECK_IDS.has(id));
    if (!compliant && (!input.override || legal.length > 0)) {
      // The edit is kept (the message stays as corrected so far) unless the card changed meanwhile.
      const kept =
        !change ||
        (await deps.repos.cards.saveIf(
          read,
          card,
          (writes) => deps.repos.audit.appendTo(writes, entries),
          at,
        ));
      if (!kept) return null;
      const what = [
        ...(failedChecks.length > 0
          ? [`the message fails compliance (${failedChecks.map((c) => c.id).join(", ")})`]
          : []),
        ...laterSteps.map(
          (step) =>
            `step ${step.step} (${step.channel}) fails compliance (${step.failedChecks.map((c) => c.id).join(", ")})`,
        ),
      ].join("; ");
      throw legal.length > 0
        ? new HttpError(
            400,
            "legal_check_failed",
            `${what}; a legal check can never be overridden: edit the message to ${legalFixes(legal)}`,
            { failedChecks, failingSteps: laterSteps },
          )
        : new HttpError(
            400,
            "compliance_failed",
            `${what}; fix it, or approve with override: true and a reason of at least a sentence`,
            { failedChecks, failingSteps: laterSteps },
          );
    }
    const override = !compliant && input.reason ? { reason: input.reason } : undefined;
    const { decision, entry } = approval(deps, id, actor, at, input.undoable, options, override);
    if (override) {
      entries.push(
        auditEntry({
          at,
          actor,
          action: "override",
          cardId: id,
          before: {
            failedChecks: failedChecks.map((c) => c.id),
            failingSteps: laterSteps.map((step) => ({
              step: step.step,
              failedChecks: step.failedChecks.map((c) => c.id),
            })),
          },
          after: null,
          detail: override.reason,
        }),
      );
    }
    entries.push(entry);
    return decide(deps, read, card, decision, entries, copyKeysOf(card), change && ((d) => d));
  });
  return announced(deps, decided);
}

/** Refuses (400, listing the allowed ones) a rejection tag that is not in the taxonomy. */
export function checkRejectionTag(deps: Pick<Deps, "config">, tag: string): void {
  const allowed = deps.config.rejectionTags.tags.map((t) => t.tag);
  if (!allowed.includes(tag)) {
    throw badRequest(`rejection_tag: unknown tag "${tag}"; allowed: ${allowed.join(", ")}`, {
      allowed,
    });
  }
}

export async function rejectCard(
  deps: Deps,
  id: string,
  input: z.infer<typeof ZReject>,
  actor: string,
  options: TDecideOptions = {},
) {
  checkRejectionTag(deps, input.rejection_tag);
  const decided = await changeCard(deps, id, async (card, read) => {
    const at = deps.now().toISOString();
    const decision: TDecision = {
      action: "rejected",
      by: actor,
      at,
      tag: input.rejection_tag,
      ...(input.note && { note: input.note }),
      eventId: `email.rejected-${id}`,
      ...(input.undoable && { undoUntil: undoUntil(deps, at, true, options) }),
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
    return decide(deps, read, card, decision, [entry], copyKeysOf(card));
  });
  return announced(deps, decided);
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

/**
 * The queue's summary of a card going back to the queue (its decision removed it), so the queue
 * does not build it again from the card's view; undefined when its lead record does not read
 * (or the card is older than the names it carries): the queue builds that one as before.
 */
async function queueSummaryOf(deps: Deps, card: TCard) {
  const { items } = await deps.repos.leads.listMany([card.leadId], ["keys", "verification"]);
  const [lead] = items;
  return lead && card.lead ? summaryOfCrafted(card, lead) : undefined;
}

/**
 * Undoes a decision still in its undo window, made by the same person: the card is pending again,
 * where it was in the queue, and its held event is never sent (409 once the window closed).
 */
export async function undoDecision(deps: Deps, id: string, actor: string) {
  const deadline = Date.now() + RETRY_FOR_MS;
  do {
    const read = await deps.repos.cards.readForChange(id);
    const card = read.card;
    if (!card) throw notFound(`no card ${id}`);
    const decision = card.decision;
    const now = deps.now();
    const refuse = async (why: string) =>
      conflict(`card ${id}: ${why}`, { card: await viewOfCard(deps, card, read.reviewedAt) });
    if (!decision) throw await refuse("nothing to undo (the card is not decided)");
    if (!decision.undoUntil || now.getTime() >= Date.parse(decision.undoUntil)) {
      throw await refuse(`the decision (${decision.action}) stands: its undo window has closed`);
    }
    if (decision.by !== actor) {
      throw await refuse(`only ${decision.by}, who made the decision, can undo it`);
    }
    const at = now.toISOString();
    const pending: TCard = { ...card, status: "pending", decision: null, updatedAt: at };
    const entry = auditEntry({
      at,
      actor,
      action: "undo",
      cardId: id,
      before: { status: card.status, ...(decision.tag && { tag: decision.tag }) },
      after: { status: "pending" },
      detail: null,
    });
    const undone = await deps.repos.cards.undoDecision(
      read,
      pending,
      (writes) => {
        deps.repos.audit.appendTo(writes, [entry]);
        deps.repos.cards.countDecision(writes, decisionDay(deps, decision.at), decision.action, -1);
        deps.repos.cards.countCopy(writes, copyKeysOf(card), decision, -1);
      },
      decision.queueScore ?? Date.parse(card.createdAt),
      await queueSummaryOf(deps, card),
    );
    if (undone) return viewOfCard(deps, pending, read.reviewedAt);
  } while (Date.now() < deadline);
  throw conflict(`card ${id} is being changed by other requests; try again`, {
    card: await viewOf(deps, id),
  });
}
