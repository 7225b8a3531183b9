// Decision events go out through an outbox: a decided card joins the outbox in the same
// transaction as its decision, its event (with a stable id, so a re-send is deduplicated) is sent,
// and only then does it leave the outbox. A cron re-sends whatever a failure left behind.
import type { Runtime } from "../runtime/runtime.ts";
import type { TCard } from "../store/card-repo.ts";

type Deps = Pick<Runtime, "repos" | "emit" | "logger">;

/** The event that announces a decided card (null for an undecided one). */
export function eventFor(card: TCard) {
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
  recorded?: TCard,
): Promise<{ name: string; sent: boolean }> {
  const card = recorded ?? (await deps.repos.cards.get(cardId));
  const event = card ? eventFor(card) : null;
  if (!event) {
    await deps.repos.cards.clearOutbox(cardId);
    return { name: "none", sent: false };
  }
  try {
    await deps.emit(event);
    await deps.repos.cards.clearOutbox(cardId);
    return { name: event.name, sent: true };
  } catch (error) {
    deps.logger.warn(`${event.name} for ${cardId} not sent yet (the outbox will retry):`, error);
    return { name: event.name, sent: false };
  }
}

/** The events the outbox still holds, and the card ids whose event is gone (to clear). */
export async function outboxEvents(deps: Pick<Runtime, "repos">) {
  const ids = await deps.repos.cards.outbox();
  const cards = await deps.repos.cards.getMany(ids);
  const events = cards.flatMap((card) => {
    const event = card ? eventFor(card) : null;
    return event ? [{ cardId: card?.id ?? "", event }] : [];
  });
  const stale = ids.filter((id) => !events.some((e) => e.cardId === id));
  return { events, stale };
}

/** Re-sends every event the outbox still holds (outside Inngest: tests and tools). */
export async function flushDecisionOutbox(deps: Deps): Promise<{ sent: number; pending: number }> {
  let sent = 0;
  const ids = await deps.repos.cards.outbox();
  for (const id of ids) if ((await sendDecisionEvent(deps, id)).sent) sent += 1;
  return { sent, pending: ids.length - sent };
}
