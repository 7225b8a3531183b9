// Decision events go out through an outbox: a decided card joins the outbox in the same
// transaction as its decision, its event (with a stable id, so a re-send is deduplicated) is sent,
// and only then does it leave the outbox. A cron re-sends whatever a failure left behind. A held
// decision (made with an undo window) stays in the outbox unsent until it is released: its window
// closed and, in one compare-and-write, its hold removed, so an undo and a release never both land.
// Where the embedded engine drives in this process, a decision announced at once skips the
// outbox: its event is stored in the decision's own transaction (Runtime.emitWithin).
import type { Runtime } from "../runtime/runtime.ts";
import type { TCard } from "../store/card-repo.ts";

type Deps = Pick<Runtime, "repos" | "emit" | "logger">;

/** What a decision's event is made of. */
export type TAnnouncedCard = Pick<TCard, "id" | "leadId" | "edited" | "decision">;

/** The event that announces a decided card (null for an undecided one). */
export function eventFor(card: TAnnouncedCard) {
  const decision = card.decision;
  if (!decision) return null;
  if (decision.action === "approved") {
    return {
      name: "email.approved" as const,
      id: decision.eventId,
      data: {
        cardId: card.id,
        leadId: card.leadId,
        approvedBy: decision.by,
        edited: card.edited,
        ...(decision.override && { override: decision.override }),
      },
    };
  }
  return {
    name: "email.rejected" as const,
    id: decision.eventId,
    data: {
      cardId: card.id,
      leadId: card.leadId,
      rejectedBy: decision.by,
      rejectionTag: decision.tag ?? "other",
      ...(decision.note && { note: decision.note }),
    },
  };
}

/** Sends the decided card's event and clears it from the outbox; on failure it stays there. */
export async function sendDecisionEvent(
  deps: Deps,
  cardId: string,
  /** The decided card as just recorded, when the caller holds it (it is not read again). */
  recorded?: TAnnouncedCard,
): Promise<{ name: string; sent: boolean }> {
  const card = recorded ?? (await deps.repos.cards.get(cardId));
  // A held decision is announced only by its release (it may still be undone).
  if (card?.decision?.undoUntil) return { name: "held", sent: false };
  const event = card ? eventFor(card) : null;
  if (!event) {
    await deps.repos.cards.clearOutbox(cardId);
    return { name: "none", sent: false };
  }
  return { name: event.name, sent: await sendTogether(deps, { cardId, event }) };
}

type DecisionEvent = NonNullable<ReturnType<typeof eventFor>>;
/** A decision's event on its way, and who waits to hear whether it was sent. */
type Outgoing = { cardId: string; event: DecisionEvent; sent: (sent: boolean) => void };

/** Decision events waiting for the end of this turn of the event loop, by the emitter they go to. */
const gathering = new WeakMap<Deps["emit"], Outgoing[]>();

/**
 * Sends a decision's event together with those of the decisions landing in the same turn of the
 * event loop (one send, one outbox clear for all: under load, many approvals land per turn);
 * resolves with whether it was sent. When a joint send fails, each is sent on its own, so a
 * failure keeps only its own card in the outbox.
 */
function sendTogether(deps: Deps, outgoing: Omit<Outgoing, "sent">): Promise<boolean> {
  return new Promise((resolve) => {
    const one = { ...outgoing, sent: resolve };
    const waiting = gathering.get(deps.emit);
    if (waiting) {
      waiting.push(one);
      return;
    }
    const started = [one];
    gathering.set(deps.emit, started);
    setImmediate(() => {
      gathering.delete(deps.emit);
      void sendAll(deps, started);
    });
  });
}

async function sendAll(deps: Deps, all: readonly Outgoing[]): Promise<void> {
  try {
    await deps.emit(all.map((one) => one.event));
  } catch (error) {
    const [only] = all;
    if (all.length === 1 && only) {
      deps.logger.warn(
        `${only.event.name} for ${only.cardId} not sent yet (the outbox will retry):`,
        error,
      );
      only.sent(false);
      return;
    }
    await Promise.all(all.map((one) => sendAll(deps, [one])));
    return;
  }
  // Sent: a card the clearing misses stays in the outbox, and its re-send is deduplicated.
  await deps.repos.cards.clearOutbox(...all.map((one) => one.cardId)).catch((error: unknown) => {
    deps.logger.warn(
      `decision events sent, but their cards are still in the outbox (a re-send is deduplicated): ${all.map((one) => one.cardId).join(", ")}`,
      error,
    );
  });
  for (const one of all) one.sent(true);
}

/**
 * The events the outbox still holds, and the card ids whose event is gone (to clear); held
 * decisions are neither (releaseDueDecisions sends them when their window closes).
 */
export async function outboxEvents(deps: Pick<Runtime, "repos">) {
  const ids = await deps.repos.cards.outbox();
  const cards = await outboxCards(deps, ids);
  const held = new Set(cards.flatMap((card) => (card?.decision?.undoUntil ? [card.id] : [])));
  const events = cards.flatMap((card) => {
    const event = card && !held.has(card.id) ? eventFor(card) : null;
    return event ? [{ cardId: card?.id ?? "", event }] : [];
  });
  const stale = ids.filter((id) => !held.has(id) && !events.some((e) => e.cardId === id));
  return { events, stale };
}

export type TRelease =
  | { released: true; event: { name: string; sent: boolean } }
  | { released: false; why: "not_held" | "not_due" | "other_decision"; dueAt?: string };

/**
 * Releases a card's held decision once its undo window has closed: removes the hold if the card is
 * still as read (an undo landing first wins), then sends the decision's event. `undoUntil` names
 * the hold to release; a later decision on the card (after an undo) is left to its own release.
 */
export async function releaseHeldDecision(
  deps: Deps & Pick<Runtime, "now">,
  cardId: string,
  undoUntil?: string,
): Promise<TRelease> {
  // Every retry follows another change to the card landing; give up after a while (retried).
  const deadline = Date.now() + 3_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`card ${cardId}: changed by other requests; retry`);
    const read = await deps.repos.cards.readForChange(cardId);
    const card = read.card;
    const held = card?.decision?.undoUntil;
    if (!card?.decision || !held) return { released: false, why: "not_held" };
    if (undoUntil !== undefined && held !== undoUntil) {
      return { released: false, why: "other_decision" };
    }
    if (deps.now().getTime() < Date.parse(held)) {
      return { released: false, why: "not_due", dueAt: held };
    }
    const { undoUntil: _released, ...decision } = card.decision;
    const released: TCard = { ...card, decision };
    if (await deps.repos.cards.saveStateIf(read, released)) {
      return { released: true, event: await sendDecisionEvent(deps, cardId, released) };
    }
  }
}

/** Releases every held decision in the outbox whose undo window has closed; returns how many. */
export async function releaseDueDecisions(deps: Deps & Pick<Runtime, "now">): Promise<number> {
  const cards = await outboxCards(deps, await deps.repos.cards.outbox());
  const now = deps.now().getTime();
  let released = 0;
  for (const card of cards) {
    const held = card?.decision?.undoUntil;
    if (!card || !held || Date.parse(held) > now) continue;
    if ((await releaseHeldDecision(deps, card.id)).released) released += 1;
  }
  return released;
}

/**
 * The outbox's cards; one whose record no longer reads is left out (noted in the store), so it
 * never holds up the others.
 */
async function outboxCards(deps: Pick<Runtime, "repos">, ids: readonly string[]) {
  const { items, skipped } = await deps.repos.cards.listMany(ids);
  await deps.repos.damaged.record(skipped);
  const byId = new Map(items.map((card) => [card.id, card]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Re-sends every event the outbox still holds (outside Inngest: tests and tools). */
export async function flushDecisionOutbox(deps: Deps): Promise<{ sent: number; pending: number }> {
  let sent = 0;
  const ids = await deps.repos.cards.outbox();
  for (const id of ids) if ((await sendDecisionEvent(deps, id)).sent) sent += 1;
  return { sent, pending: ids.length - sent };
}
