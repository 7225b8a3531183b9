// Bulk decisions: approve or reject (with one tag) many cards at once — the ones selected, or every
// card a filter matches, which must still be as many as the person confirmed. Each card is decided
// on its own, exactly as one decision would be (compliance, one decision per card, its event or its
// undo window); cards that cannot be decided are reported with the reason, the rest go through.
// Undoing a bulk decision undoes each card still in its window.
import { z } from "zod";
import { conflict, HttpError } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { ZTier } from "../scoring/score-types.ts";
import { CARD_ID } from "../store/card-repo.ts";
import type { CardView } from "./card-view.ts";
import { approveCard, checkRejectionTag, rejectCard, undoDecision } from "./decide.ts";
import { matchingIds, type TQueueQuery, ZQueueSort } from "./queue-index.ts";

type Deps = Parameters<typeof approveCard>[0] & Pick<Runtime, "env">;

const ZCardId = z.string().regex(CARD_ID, "expected card ids");

/** Cards one bulk request decides at most. */
export const BULK_MAX = 2000;

export const ZQueueFilter = z.strictObject({
  sort: ZQueueSort.optional(),
  tier: ZTier.optional(),
  campaign: z.string().min(1).max(200).optional(),
  risky: z.boolean().optional(),
  sla_breached: z.boolean().optional(),
  q: z.string().max(200).optional(),
  include_stale: z.boolean().optional(),
  /** Only cards created by then: the list the person saw, not cards that arrived since. */
  created_before: z.iso.datetime({ offset: true }).optional(),
});

export const ZBulk = z
  .strictObject({
    action: z.enum(["approve", "reject"], { error: 'action: expected "approve" or "reject"' }),
    ids: z.array(ZCardId).min(1, "ids: expected at least one card").max(BULK_MAX).optional(),
    filter: ZQueueFilter.optional(),
    /** How many cards the person confirmed (required with a filter). */
    expected: z.number().int().min(1).max(BULK_MAX).optional(),
    rejection_tag: z.string().min(1).optional(),
    note: z.string().trim().max(2000).optional(),
    undoable: z.boolean().optional(),
  })
  .refine((body) => (body.ids === undefined) !== (body.filter === undefined), {
    message: "give either ids or filter",
  })
  .refine((body) => body.filter === undefined || body.expected !== undefined, {
    message: "expected: a bulk decision over a filter needs the count the person confirmed",
    path: ["expected"],
  })
  .refine((body) => body.action === "approve" || body.rejection_tag !== undefined, {
    message: "rejection_tag is required to reject",
    path: ["rejection_tag"],
  });
export type TBulk = z.infer<typeof ZBulk>;

/** The query a filter stands for. */
export function queryOf(filter: z.infer<typeof ZQueueFilter>): TQueueQuery {
  return {
    sort: filter.sort ?? "tier",
    tier: filter.tier,
    campaign: filter.campaign,
    risky: filter.risky,
    slaBreached: filter.sla_breached,
    q: filter.q,
    includeStale: filter.include_stale,
    ...(filter.created_before && { createdBefore: Date.parse(filter.created_before) }),
  };
}

export type TBulkOutcome = {
  action: "approve" | "reject";
  decided: { id: string; status: string }[];
  skipped: { id: string; error: string; detail: string }[];
  /** When the decisions made with `undoable` stop being undoable (one window for them all). */
  undoUntil?: string;
};

/** Cards decided side by side. */
const CONCURRENCY = 8;

/**
 * Runs `work` on every card, a few side by side; a card that fails (refused, damaged, the store
 * unreachable) is reported with why, and the others still go through, so the answer always lists
 * everything that was decided.
 */
async function eachCard(
  ids: readonly string[],
  work: (id: string) => Promise<string>,
): Promise<Pick<TBulkOutcome, "decided" | "skipped">> {
  const decided: TBulkOutcome["decided"] = [];
  const skipped: TBulkOutcome["skipped"] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        decided.push({ id, status: await work(id) });
      } catch (error) {
        if (error instanceof HttpError)
          skipped.push({ id, error: error.code, detail: error.detail });
        else skipped.push({ id, error: "failed", detail: (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  const order = new Map(ids.map((id, i) => [id, i]));
  const byOrder = (a: { id: string }, b: { id: string }) =>
    (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
  return { decided: decided.sort(byOrder), skipped: skipped.sort(byOrder) };
}

/** Decides the cards (see the file's header); the API's answer. */
export async function bulkDecide(deps: Deps, input: TBulk, actor: string): Promise<TBulkOutcome> {
  const { views: _views, ...outcome } = await bulkDecideWithViews(deps, input, actor);
  return outcome;
}

/** Decides the cards, and keeps each decided card's view (the page shows them decided). */
export async function bulkDecideWithViews(
  deps: Deps,
  input: TBulk,
  actor: string,
): Promise<TBulkOutcome & { views: Map<string, CardView> }> {
  if (input.action === "reject") checkRejectionTag(deps, input.rejection_tag ?? "");
  let ids = input.ids ?? [];
  if (input.filter) {
    ids = await matchingIds(deps, queryOf(input.filter));
    if (ids.length !== input.expected) {
      throw conflict(
        `the filter now matches ${ids.length} cards, not the ${input.expected} confirmed; confirm again`,
        { matching: ids.length },
      );
    }
    if (ids.length > BULK_MAX) {
      throw conflict(`the filter matches ${ids.length} cards; decide at most ${BULK_MAX} at once`);
    }
  }
  const undoable = input.undoable;
  const unique = [...new Set(ids)];
  // One undo window for the whole bulk, from when its last card is expected to be decided.
  const undoUntil = undoable
    ? new Date(
        deps.now().getTime() +
          deps.config.queue.undo_seconds * 1000 +
          Math.ceil(unique.length / CONCURRENCY) * BULK_MS_PER_CARD,
      ).toISOString()
    : undefined;
  const options = undoUntil ? { undoUntil } : {};
  const views = new Map<string, CardView>();
  const outcome = await eachCard(unique, async (id) => {
    const { card } =
      input.action === "approve"
        ? await approveCard(deps, id, { ...(undoable && { undoable }) }, actor, options)
        : await rejectCard(
            deps,
            id,
            {
              rejection_tag: input.rejection_tag ?? "",
              ...(input.note && { note: input.note }),
              ...(undoable && { undoable }),
            },
            actor,
            options,
          );
    views.set(id, card);
    return card.status;
  });
  return { action: input.action, ...outcome, ...(undoUntil && { undoUntil }), views };
}

/** What one card of a bulk decision is allowed in its window's start (a generous bound). */
const BULK_MS_PER_CARD = 50;

export const ZBulkUndo = z.strictObject({ ids: z.array(ZCardId).min(1).max(BULK_MAX) });

/** Undoes the person's decisions on the cards that are still in their undo window. */
export async function bulkUndo(deps: Deps, ids: readonly string[], actor: string) {
  const { decided, skipped } = await eachCard([...new Set(ids)], async (id) => {
    return (await undoDecision(deps, id, actor)).status;
  });
  return { undone: decided.map((d) => d.id), skipped };
}
