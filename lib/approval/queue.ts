// The Head of Sales' queue: pending cards, oldest first, a page at a time, with everything a
// decision needs. Cards older than the queue's maximum age are stale and left out unless asked for.
import type { Runtime } from "../runtime/runtime.ts";
import type { TCard } from "../store/card-repo.ts";
import { CARD_ID } from "../store/card-repo.ts";
import { StoredRecordError } from "../store/parse-stored.ts";
import { type CardView, toCardView } from "./card-view.ts";

type QueueRuntime = Pick<Runtime, "repos" | "config" | "env" | "now">;

/** Hours after which a pending card is stale: PENDING_QUEUE_MAX_AGE_HOURS, else config. */
export function maxAgeHours(runtime: Pick<Runtime, "config" | "env">): number {
  return runtime.env.PENDING_QUEUE_MAX_AGE_HOURS ?? runtime.config.queue.pending_max_age_hours;
}

/** Runs whose mode is remembered at most, per repository (a run's mode never changes). */
const MAX_KNOWN_MODES = 10_000;
const knownModes = new WeakMap<object, Map<string, "sandbox" | "production">>();

function modesOf(runtime: Pick<Runtime, "repos">): Map<string, "sandbox" | "production"> {
  let modes = knownModes.get(runtime.repos.runs);
  if (!modes) {
    modes = new Map();
    knownModes.set(runtime.repos.runs, modes);
  }
  return modes;
}

/** The mode of the run that made a card (null for a run no longer stored), remembered. */
export async function runModeOf(
  runtime: Pick<Runtime, "repos">,
  runId: string,
): Promise<"sandbox" | "production" | null> {
  const modes = modesOf(runtime);
  const known = modes.get(runId);
  if (known) return known;
  // A run record that no longer reads leaves its cards judged as production ones (strictly).
  const run = await runtime.repos.runs.get(runId).catch((error: unknown) => {
    if (error instanceof StoredRecordError) return null;
    throw error;
  });
  if (run) modes.set(runId, run.mode);
  return run?.mode ?? null;
}

/**
 * Views of the given cards, in three round trips: ids that do not exist are left out, and a card
 * whose own record or lead record is damaged is skipped (reported, and noted in the store).
 */
export async function cardViews(
  runtime: QueueRuntime,
  ids: readonly string[],
  /** The cards, when the caller holds them as they are stored (they are not read again). */
  inHand?: readonly TCard[],
  /** When each card in hand was first reviewed, when the caller knows (not read again). */
  reviewedInHand?: readonly (string | null)[],
): Promise<{ views: CardView[]; skipped: { id: string; reason: string }[] }> {
  const listed = inHand
    ? { items: [...inHand], skipped: [] }
    : await runtime.repos.cards.listMany(ids);
  const modes = modesOf(runtime);
  const runIds = [...new Set(listed.items.map((c) => c.runId))].filter((id) => !modes.has(id));
  const [leads, reviewed, runs] = await Promise.all([
    // Cards carry who they were written to; then only the lead's keys and verdict are read.
    runtime.repos.leads.listMany(
      listed.items.map((c) => c.leadId),
      listed.items.every((c) => c.lead) ? ["keys", "verification"] : undefined,
    ),
    reviewedInHand ?? runtime.repos.cards.reviewedAt(listed.items.map((c) => c.id)),
    runtime.repos.runs.listMany(runIds),
  ]);
  if (modes.size > MAX_KNOWN_MODES) modes.clear();
  for (const run of runs.items) modes.set(run.id, run.mode);
  const damagedLeads = new Map(leads.skipped.map((s) => [s.id, s]));
  const context = {
    now: runtime.now(),
    maxAgeHours: maxAgeHours(runtime),
    config: runtime.config,
  };
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

/** A position in the pending queue: the score and id of the last card of a page. */
export type TQueueCursor = { score: number; id: string };

/** The opaque text of a cursor, for `?cursor=`. */
export function encodeCursor(cursor: TQueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.score, cursor.id])).toString("base64url");
}

/** The cursor in `?cursor=`; null when it is not one this queue gave out. */
export function decodeCursor(text: string): TQueueCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [score, id] = value;
    if (typeof score !== "number" || !Number.isFinite(score)) return null;
    if (typeof id !== "string" || !CARD_ID.test(id)) return null;
    return { score, id };
  } catch {
    return null;
  }
}

/** Cards on one page of the queue by default. */
export const DEFAULT_PAGE_SIZE = 25;

export type TPendingPage = {
  cards: CardView[];
  /** Where the next page starts (`?cursor=`); null on the last page. */
  nextCursor: string | null;
  /** Pending cards in the listing (stale ones only with `includeStale`). */
  total: number;
  staleCount: number;
  maxAgeHours: number;
  skipped: { id: string; reason: string }[];
};

export type TPendingQueueOptions = {
  includeStale?: boolean;
  limit?: number;
  cursor?: TQueueCursor | null;
};

/**
 * One page of the pending queue, oldest first: `limit` cards after `cursor`, leaving out stale
 * cards unless asked for. Reads only the page's cards, whatever the queue's length.
 */
export async function pendingQueue(
  runtime: QueueRuntime,
  options: TPendingQueueOptions = {},
): Promise<TPendingPage> {
  return (await loadPendingPage(runtime, options)).page;
}

/**
 * A page of the pending queue and, in epoch ms, when time alone would change it: the next minute
 * of age of a card on it, or the next card turning stale. Until then, and while the queue's
 * version (queue-version.ts) stands, the page stays what it is.
 */
export async function loadPendingPage(
  runtime: QueueRuntime,
  options: TPendingQueueOptions = {},
): Promise<{ page: TPendingPage; validUntil: number }> {
  const hours = maxAgeHours(runtime);
  // A card is stale once its age in whole minutes exceeds the maximum (card-view.ts).
  const threshold = runtime.now().getTime() - (hours * 60 + 1) * 60_000;
  const cursor = options.cursor ?? null;
  // A page after a cursor starts at the cursor, or past the stale ones if they are left out
  // (cards that turned stale since the previous page are not read only to be dropped).
  const min =
    !options.includeStale && (!cursor || cursor.score <= threshold)
      ? (`(${threshold}` as const)
      : cursor
        ? cursor.score
        : ("-inf" as const);
  const [counts, page] = await Promise.all([
    runtime.repos.cards.pendingCounts(threshold),
    runtime.repos.cards.pendingPage({
      min,
      after: cursor,
      limit: options.limit ?? DEFAULT_PAGE_SIZE,
    }),
  ]);
  const { views, skipped } = await cardViews(runtime, page.ids);
  const pending = views.filter((c) => c.status === "pending");
  const staleAfterMs = (hours * 60 + 1) * 60_000;
  const changes = views.map((c) => Date.parse(c.createdAt) + (c.ageMinutes + 1) * 60_000);
  if (counts.nextAbove !== null) changes.push(Math.floor(counts.nextAbove) + staleAfterMs);
  return {
    page: {
      cards: options.includeStale ? pending : pending.filter((c) => !c.stale),
      nextCursor: page.next ? encodeCursor(page.next) : null,
      total: options.includeStale ? counts.below + counts.above : counts.above,
      staleCount: counts.below,
      maxAgeHours: hours,
      skipped,
    },
    validUntil: Math.min(...changes, runtime.now().getTime() + MAX_PAGE_VALIDITY_MS),
  };
}

/**
 * However still the queue is, a page is read again after this long: the bound on how late a change
 * made outside this app's repositories (by hand, by an older version) shows.
 */
export const MAX_PAGE_VALIDITY_MS = 5_000;
