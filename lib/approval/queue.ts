// The Head of Sales' queue: pending cards, oldest first, with everything a decision needs. Cards
// older than the queue's maximum age are stale and left out unless asked for.
import type { Runtime } from "../runtime/runtime.ts";
import type { TCard } from "../store/card-repo.ts";
import { type CardView, toCardView } from "./card-view.ts";

type QueueRuntime = Pick<Runtime, "repos" | "config" | "env" | "now">;

/** Hours after which a pending card is stale: PENDING_QUEUE_MAX_AGE_HOURS, else config. */
export function maxAgeHours(runtime: Pick<Runtime, "config" | "env">): number {
  return runtime.env.PENDING_QUEUE_MAX_AGE_HOURS ?? runtime.config.queue.pending_max_age_hours;
}

/** Views of the given cards (skipping ids that do not exist), in three round trips. */
export async function cardViews(
  runtime: QueueRuntime,
  ids: readonly string[],
): Promise<CardView[]> {
  const cards = (await runtime.repos.cards.getMany(ids)).filter((c): c is TCard => c !== null);
  const [leads, reviewed] = await Promise.all([
    runtime.repos.leads.getMany(cards.map((c) => c.leadId)),
    runtime.repos.cards.reviewedAt(cards.map((c) => c.id)),
  ]);
  const context = { now: runtime.now(), maxAgeHours: maxAgeHours(runtime) };
  return cards.map((card, i) =>
    toCardView(card, leads[i] ?? null, { ...context, firstReviewedAt: reviewed[i] ?? null }),
  );
}

export async function pendingQueue(
  runtime: QueueRuntime,
  options: { includeStale?: boolean } = {},
): Promise<{ cards: CardView[]; staleCount: number; maxAgeHours: number }> {
  const all = await cardViews(runtime, await runtime.repos.cards.pendingIds());
  const pending = all.filter((c) => c.status === "pending");
  const staleCount = pending.filter((c) => c.stale).length;
  return {
    cards: options.includeStale ? pending : pending.filter((c) => !c.stale),
    staleCount,
    maxAgeHours: maxAgeHours(runtime),
  };
}
