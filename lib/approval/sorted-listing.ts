// A page of the review queue in the order and with the filters a person chose (queue-index.ts),
// as whole card views, with the counts the page's header shows (per tier, stale, past the decision
// deadline, risky, matching) and today's decisions. Served by GET /api/emails/pending when a sort,
// filter or search is given, and by the /sales page.
import { badRequest } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { CardView } from "./card-view.ts";
import { decisionDay } from "./decide.ts";
import { cardViews, DEFAULT_PAGE_SIZE, maxAgeHours } from "./queue.ts";
import {
  decodeIndexCursor,
  queueListing,
  type TQueueCounts,
  type TQueueQuery,
  type TQueueSort,
} from "./queue-index.ts";

type ListingRuntime = Pick<Runtime, "repos" | "config" | "env" | "now">;

/** The listing's query as the API and the page take it (text values, flags already parsed). */
export type TListingInput = {
  sort?: TQueueSort | undefined;
  tier?: TQueueQuery["tier"];
  campaign?: string | undefined;
  risky?: boolean | undefined;
  sla?: "breached" | undefined;
  q?: string | undefined;
  include?: "stale" | undefined;
  cursor?: unknown;
  limit?: number | undefined;
};

export type TSortedListing = {
  cards: CardView[];
  nextCursor: string | null;
  /** Cards the filters match. */
  total: number;
  staleCount: number;
  maxAgeHours: number;
  counts: TQueueCounts;
  campaigns: string[];
  /** Decisions made today (the send window's day), by action. */
  today: { day: string; approved: number; rejected: number };
  skipped: { id: string; reason: string }[];
};

export function queryOfInput(input: TListingInput): TQueueQuery {
  return {
    sort: input.sort ?? "tier",
    tier: input.tier,
    campaign: input.campaign,
    risky: input.risky,
    slaBreached: input.sla === "breached",
    q: input.q,
    includeStale: input.include === "stale",
  };
}

export async function sortedListing(
  runtime: ListingRuntime,
  input: TListingInput,
): Promise<TSortedListing> {
  const query = queryOfInput(input);
  let cursor: (number | string)[] | null = null;
  if (typeof input.cursor === "string") {
    cursor = decodeIndexCursor(input.cursor, query.sort);
    if (!cursor) throw badRequest("cursor: not a cursor this listing gave out (nextCursor)");
  }
  const day = decisionDay(runtime, runtime.now().toISOString());
  const [listing, decisions] = await Promise.all([
    queueListing(runtime, query, { cursor, limit: input.limit ?? DEFAULT_PAGE_SIZE }),
    runtime.repos.cards.decisionsOn(day),
  ]);
  const { views, skipped } = await cardViews(runtime, listing.ids);
  return {
    // A card decided since the index was read is left out rather than shown as pending.
    cards: views.filter((view) => view.status === "pending"),
    nextCursor: listing.nextCursor,
    total: listing.counts.matching,
    staleCount: listing.counts.stale,
    maxAgeHours: maxAgeHours(runtime),
    counts: listing.counts,
    campaigns: listing.campaigns,
    today: { day, approved: decisions.approved ?? 0, rejected: decisions.rejected ?? 0 },
    skipped: [
      ...listing.skipped,
      ...skipped.filter((s) => !listing.skipped.some((known) => known.id === s.id)),
    ],
  };
}
