// The review queue sorted, filtered and searched: what each pending card is sorted and filtered on
// (tier, score, age, campaign, risky address, decision deadline, name/company/email) is kept as a
// small summary per card — in the store (so a fresh process reads one hash, not every card) and in
// memory (so a query touches the store only for the queue's version and cards it has not met).
// Pages follow a keyset cursor, so deciding cards between pages never skips or repeats one.
import { z } from "zod";
import type { TLeadRecord } from "../leads/lead-record.ts";
import { isRisky } from "../pipeline/verify.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { ZTier } from "../scoring/score-types.ts";
import type { TCard } from "../store/card-repo.ts";
import type { CardView } from "./card-view.ts";
import { cardViews, maxAgeHours } from "./queue.ts";
import { windowDeadline } from "./send-window.ts";

type IndexRuntime = Pick<Runtime, "repos" | "config" | "env" | "now">;

export const ZQueueSort = z.enum(["tier", "age", "score"]);
export type TQueueSort = z.infer<typeof ZQueueSort>;

/** What a listing asks for: an order, filters, a search, a page. */
export type TQueueQuery = {
  sort: TQueueSort;
  tier?: z.infer<typeof ZTier> | undefined;
  campaign?: string | undefined;
  /** Only cards whose address the verifier called risky (catch-all, unknown). */
  risky?: boolean | undefined;
  /** Only cards past their decision deadline. */
  slaBreached?: boolean | undefined;
  /** Words that must each appear in the lead's name, company or email. */
  q?: string | undefined;
  includeStale?: boolean | undefined;
  /** Only cards created at or before this instant (epoch ms): the list a person was shown. */
  createdBefore?: number | undefined;
};

/** A card's summary as stored (short keys: there is one per pending card). */
const ZStoredSummary = z.object({
  t: ZTier.nullable(),
  s: z.number(),
  c: z.number(),
  g: z.string(),
  r: z.boolean(),
  n: z.string(),
  o: z.string().nullable(),
  e: z.string().nullable(),
});
type TStoredSummary = z.infer<typeof ZStoredSummary>;

type TEntry = TStoredSummary & { id: string; due: number; text: string };

const TIER_RANK: Record<string, number> = { tier_1: 1, tier_2: 2, tier_3: 3 };

/** The sort key of an entry: compared element by element, the card id last. */
function keyOf(sort: TQueueSort, e: TEntry): (number | string)[] {
  if (sort === "tier") return [e.t ? (TIER_RANK[e.t] ?? 4) : 4, e.c, e.id];
  if (sort === "score") return [-e.s, e.c, e.id];
  return [e.c, e.id];
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** The opaque text of a position in a sorted listing (`?cursor=`). */
export function encodeIndexCursor(sort: TQueueSort, key: readonly (number | string)[]): string {
  return `k.${Buffer.from(JSON.stringify([sort, ...key])).toString("base64url")}`;
}

/** The position a cursor names, for the given order; null when it is not one this index gave. */
export function decodeIndexCursor(text: string, sort: TQueueSort): (number | string)[] | null {
  if (!text.startsWith("k.") || text.length > 300) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text.slice(2), "base64url").toString("utf8"));
    if (!Array.isArray(value) || value[0] !== sort) return null;
    const key = value.slice(1);
    const okay = key.every(
      (part) => (typeof part === "number" && Number.isFinite(part)) || typeof part === "string",
    );
    return okay && key.length === keyOf(sort, EMPTY_ENTRY).length ? key : null;
  } catch {
    return null;
  }
}

const EMPTY_ENTRY: TEntry = {
  id: "",
  t: null,
  s: 0,
  c: 0,
  g: "",
  r: false,
  n: "",
  o: null,
  e: null,
  due: 0,
  text: "",
};

/** The entries met so far and the queue's ids at a version, per card repository. */
type TMemory = {
  entries: Map<string, TEntry>;
  version: string | null;
  ids: string[];
  /** Pending cards whose stored record no longer reads (left out, and tried again each time). */
  damaged: Map<string, string>;
};
const memories = new WeakMap<object, TMemory>();

function memoryOf(runtime: IndexRuntime): TMemory {
  let memory = memories.get(runtime.repos.cards);
  if (!memory) {
    memory = { entries: new Map(), version: null, ids: [], damaged: new Map() };
    memories.set(runtime.repos.cards, memory);
  }
  return memory;
}

/** A new card's summary, from the card and its lead as crafted (stored with the card). */
export function summaryOfCrafted(
  card: Pick<TCard, "tier" | "score" | "createdAt" | "campaign" | "lead" | "leadId">,
  lead: Pick<TLeadRecord, "keys" | "verification">,
): TStoredSummary {
  return {
    t: card.tier,
    s: card.score,
    c: Date.parse(card.createdAt),
    g: card.campaign,
    r: isRisky(lead.verification),
    n: card.lead?.name ?? card.leadId,
    o: card.lead?.company ?? null,
    e: lead.keys.email,
  };
}

function summaryOf(view: CardView): TStoredSummary {
  return {
    t: view.tier,
    s: view.score,
    c: Date.parse(view.createdAt),
    g: view.campaign,
    r: view.lead.verification?.risky ?? false,
    n: view.lead.name,
    o: view.lead.company,
    e: view.lead.email,
  };
}

function entryOf(runtime: IndexRuntime, id: string, summary: TStoredSummary): TEntry {
  const { sending, queue } = runtime.config;
  return {
    ...summary,
    id,
    due: windowDeadline(summary.c, queue.decision_sla_minutes, sending.send_window),
    text: [summary.n, summary.o ?? "", summary.e ?? ""].join("\n").toLowerCase(),
  };
}

/** Cards whose summary is built from their views at once, at most. */
const BUILD_CHUNK = 500;

/** Every pending card's entry, oldest first (summaries read or built for cards not met yet). */
async function pendingEntries(runtime: IndexRuntime): Promise<TEntry[]> {
  const memory = memoryOf(runtime);
  const version = await runtime.repos.cards.queueVersion();
  if (version !== memory.version) {
    memory.ids = await runtime.repos.cards.pendingIds();
    memory.version = version;
  }
  const unknown = memory.ids.filter((id) => !memory.entries.has(id));
  if (unknown.length > 0) {
    const stored = await runtime.repos.cards.summaries(unknown);
    const missing: string[] = [];
    unknown.forEach((id, i) => {
      const parsed = ZStoredSummary.safeParse(stored[i]);
      if (parsed.success) memory.entries.set(id, entryOf(runtime, id, parsed.data));
      else missing.push(id);
    });
    for (let i = 0; i < missing.length; i += BUILD_CHUNK) {
      const { views, skipped } = await cardViews(runtime, missing.slice(i, i + BUILD_CHUNK));
      for (const { id, reason } of skipped) memory.damaged.set(id, reason);
      const built: Record<string, TStoredSummary> = {};
      for (const view of views) {
        if (view.status !== "pending") continue;
        memory.damaged.delete(view.id);
        const summary = summaryOf(view);
        built[view.id] = summary;
        memory.entries.set(view.id, entryOf(runtime, view.id, summary));
      }
      await runtime.repos.cards.saveSummaries(built);
    }
  }
  // Forget cards that left the queue, so memory stays the queue's size.
  if (memory.entries.size > memory.ids.length * 2 + 1000) {
    const live = new Set(memory.ids);
    for (const id of memory.entries.keys()) if (!live.has(id)) memory.entries.delete(id);
  }
  return memory.ids.flatMap((id) => memory.entries.get(id) ?? []);
}

/** Pending cards left out of the listings because a stored record of theirs is damaged. */
function damagedPending(runtime: IndexRuntime): { id: string; reason: string }[] {
  const memory = memoryOf(runtime);
  return memory.ids.flatMap((id) => {
    const reason = memory.damaged.get(id);
    return reason === undefined ? [] : [{ id, reason }];
  });
}

export type TQueueCounts = {
  /** Pending cards shown (stale ones only when asked for). */
  pending: number;
  byTier: { tier_1: number; tier_2: number; tier_3: number; none: number };
  stale: number;
  slaBreached: number;
  risky: number;
  /** Cards the filters and search match. */
  matching: number;
};

export type TQueueListing = {
  ids: string[];
  nextCursor: string | null;
  counts: TQueueCounts;
  campaigns: string[];
  /** Pending cards left out because a stored record of theirs is damaged. */
  skipped: { id: string; reason: string }[];
};

/** Entries the query keeps, in its order. */
async function matching(runtime: IndexRuntime, query: TQueueQuery) {
  const now = runtime.now().getTime();
  const staleBefore = now - (maxAgeHours(runtime) * 60 + 1) * 60_000;
  const all = await pendingEntries(runtime);
  const shown = query.includeStale ? all : all.filter((e) => e.c > staleBefore);
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const kept = shown.filter(
    (e) =>
      (!query.tier || e.t === query.tier) &&
      (!query.campaign || e.g === query.campaign) &&
      (!query.risky || e.r) &&
      (!query.slaBreached || e.due < now) &&
      (query.createdBefore === undefined || e.c <= query.createdBefore) &&
      words.every((word) => e.text.includes(word)),
  );
  const keys = new Map(kept.map((e) => [e.id, keyOf(query.sort, e)]));
  const key = (e: TEntry) => keys.get(e.id) ?? [];
  kept.sort((a, b) => compareKeys(key(a), key(b)));
  const byTier = { tier_1: 0, tier_2: 0, tier_3: 0, none: 0 };
  for (const e of shown) byTier[e.t ?? "none"] += 1;
  const counts: TQueueCounts = {
    pending: shown.length,
    byTier,
    stale: all.length - all.filter((e) => e.c > staleBefore).length,
    slaBreached: shown.filter((e) => e.due < now).length,
    risky: shown.filter((e) => e.r).length,
    matching: kept.length,
  };
  const campaigns = [...new Set(shown.map((e) => e.g))].sort();
  return { kept, key, counts, campaigns };
}

/** One page of the sorted, filtered queue: card ids after `cursor`, the counts, the campaigns. */
export async function queueListing(
  runtime: IndexRuntime,
  query: TQueueQuery,
  page: { cursor: (number | string)[] | null; limit: number },
): Promise<TQueueListing> {
  const { kept, key, counts, campaigns } = await matching(runtime, query);
  const after = page.cursor;
  const start = after ? kept.findIndex((e) => compareKeys(key(e), after) > 0) : 0;
  const slice = start < 0 ? [] : kept.slice(start, start + page.limit);
  const last = slice.at(-1);
  const more = start >= 0 && start + page.limit < kept.length;
  return {
    ids: slice.map((e) => e.id),
    nextCursor: more && last ? encodeIndexCursor(query.sort, key(last)) : null,
    counts,
    campaigns,
    skipped: damagedPending(runtime),
  };
}

/** Every card id the query matches, in its order (a bulk decision over a filter). */
export async function matchingIds(runtime: IndexRuntime, query: TQueueQuery): Promise<string[]> {
  return (await matching(runtime, query)).kept.map((e) => e.id);
}

/** How many cards the query matches that were created after `since` (epoch ms): new arrivals. */
export async function arrivedSince(
  runtime: IndexRuntime,
  query: TQueueQuery,
  since: number,
): Promise<number> {
  return (await matching(runtime, query)).kept.filter((e) => e.c > since).length;
}

/** The pending card ids as of the queue's current version (read if it moved). */
export async function pendingIdSet(runtime: IndexRuntime): Promise<ReadonlySet<string>> {
  await pendingEntries(runtime);
  return new Set(memoryOf(runtime).ids);
}
