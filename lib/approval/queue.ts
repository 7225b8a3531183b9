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

/**
 * Views of the given cards, in three round trips: ids that do not exist are left out, and a card
 * whose own record or lead record is damaged is skipped (reported, and noted in the store).
 */
export async function cardViews(
  runtime: QueueRuntime,
  ids: readonly string[],
): Promise<{ views: CardView[]; skipped: { id: string; reason: string }[] }> {
  const listed = await runtime.repos.cards.listMany(ids);
  const runIds = [...new Set(listed.items.map((c) => c.runId))];
  const [leads, reviewed, runs] = await Promise.all([
    runtime.repos.leads.listMany(listed.items.map((c) => c.leadId)),
    runtime.repos.cards.reviewedAt(listed.items.map((c) => c.id)),
    runtime.repos.runs.listMany(runIds),
  ]);
  const modes = new Map(runs.items.map((run) => [run.id, run.mode]));
  const damagedLeads = new Map(leads.skipped.map((s) => [s.id, s]));
  const context = { now: runtime.now(), maxAgeHours: maxAgeHours(runtime) };
  const views: CardView[] = [];
  const skipped = listed.skipped.map(({ id, reason }) => ({ id, reason }));
  listed.items.forEach((card: TCard, i) => {
    const damaged = damagedLeads.get(card.leadId);
    if (damaged) {
      skipped.push({ id: card.id, reason: damaged.reason });
      return;
    }
    const lead = leads.items[i] ?? null;
    views.push(
      toCardView(card, lead, {
        ...context,
        firstReviewedAt: reviewed[i] ?? null,
        mode: modes.get(card.runId) ?? null,
      }),
    );
  });
  await runtime.repos.damaged.record([...listed.skipped, ...leads.skipped, ...runs.skipped]);
  return { views, skipped };
}

export async function pendingQueue(
  runtime: QueueRuntime,
  options: { includeStale?: boolean } = {},
): Promise<{
  cards: CardView[];
  staleCount: number;
  maxAgeHours: number;
  skipped: { id: string; reason: string }[];
}> {
  const { views, skipped } = await cardViews(runtime, await runtime.repos.cards.pendingIds());
  const pending = views.filter((c) => c.status === "pending");
  const staleCount = pending.filter((c) => c.stale).length;
  return {
    cards: options.includeStale ? pending : pending.filter((c) => !c.stale),
    staleCount,
    maxAgeHours: maxAgeHours(runtime),
    skipped,
  };
}
