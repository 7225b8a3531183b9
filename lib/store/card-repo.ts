// Approval cards in the store: one card per lead and campaign, holding the crafted sequence, its
// first message for the Head of Sales, the compliance checks and the "why this score" factors.
// A card's body is stored compacted (compact-json.ts: about 0.8 KB instead of 6.5 KB); its
// decision lives beside it in a small state record, so deciding a card writes a few hundred bytes
// instead of compressing the whole card again. Cards decided before the split keep their state
// in the body, and read the same. Pending cards are also indexed in a sorted set by creation time
// (oldest first).

import { hash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { ZClaim } from "../crafting/evidence.ts";
import { ZScoreFactor, ZTier } from "../scoring/score-types.ts";
import { ZAuditEntry } from "./audit-repo.ts";
import { compact, expandOr } from "./compact/compact-json.ts";
import { storeKey } from "./keys.ts";
import { hashReply, parseStored, StoredRecordError, type TSkipped } from "./parse-stored.ts";
import { QUEUE_VERSION_KEY } from "./queue-version.ts";
import { compareAndWrite, type Watch, Writes } from "./scripts/compare-and-write.ts";

export const ZComplianceResult = z.object({
  passed: z.boolean(),
  checks: z.array(z.object({ id: z.string(), passed: z.boolean(), detail: z.string() })),
});

export const ZSequenceStep = z.object({
  step: z.number().int().min(1),
  day: z.number().int().min(1),
  channel: z.enum(["email", "linkedin"]),
  template: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  /** Which of the template's texts the step was crafted from ("initial#2"), when known. */
  variant: z.string().optional(),
  /** Each personalised sentence with the evidence behind it (cards crafted before have none). */
  claims: z.array(ZClaim).optional(),
});
export type TSequenceStep = z.infer<typeof ZSequenceStep>;

export const ZCardStatus = z.enum(["pending", "approved", "rejected", "failed"]);

/** The Head of Sales' decision on a card: made once, never changed. */
export const ZDecision = z.object({
  action: z.enum(["approved", "rejected"]),
  by: z.string(),
  at: z.string(),
  tag: z.string().optional(),
  note: z.string().optional(),
  override: z.object({ reason: z.string() }).optional(),
  /** The id of the event that announces it (stable, so a re-send is deduplicated). */
  eventId: z.string(),
  /**
   * While set, the decision can still be undone and its event is held back; released (removed)
   * when the undo window closes, just before the event is sent.
   */
  undoUntil: z.string().optional(),
  /** Where a held decision's card stood in the pending queue (an undo puts it back there). */
  queueScore: z.number().optional(),
});
export type TDecision = z.infer<typeof ZDecision>;

export const ZCard = z.object({
  id: z.string(),
  leadId: z.string(),
  runId: z.string(),
  campaign: z.string(),
  /** Who the message was written to, as crafted (cards crafted before it carried none). */
  lead: z
    .object({ name: z.string(), title: z.string().nullable(), company: z.string().nullable() })
    .optional(),
  status: ZCardStatus,
  tier: ZTier.nullable(),
  score: z.number().int().min(0).max(100),
  whyThisScore: z.array(ZScoreFactor),
  message: z.object({
    channel: z.enum(["email", "linkedin"]),
    step: z.number().int().min(1),
    subject: z.string().nullable(),
    body: z.string(),
  }),
  sequence: z.array(ZSequenceStep),
  /** The campaign angle the sequence was written from, when known. */
  angle: z.string().optional(),
  compliance: ZComplianceResult,
  /**
   * Every step passed every check when crafted: the stamp of the steps, sender and checks then
   * (checks-stamp.ts). Absent when a step failed, on cards crafted before, and once edited.
   */
  checksPassed: z.string().optional(),
  /** Why crafting failed (e.g. the unfilled variable), for cards with status "failed". */
  failure: z.string().nullable(),
  /** True once the Head of Sales changed the message. */
  edited: z.boolean().default(false),
  decision: ZDecision.nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCard = z.infer<typeof ZCard>;

/** What deciding a card changes: the rest of the card stays as it was. */
const ZCardState = z.object({
  status: ZCardStatus,
  decision: ZDecision.nullable(),
  updatedAt: z.string(),
});
type TCardState = z.infer<typeof ZCardState>;

/**
 * A decision claimed by an earlier version, as stored: its state and audit entries, plus the whole
 * card when the decision changed its message too (an approval with edits) or was claimed before
 * the state split.
 */
const ZStoredClaim = z
  .object({
    state: ZCardState.optional(),
    card: ZCard.optional(),
    audit: z.array(ZAuditEntry),
  })
  .refine((claim) => claim.state !== undefined || claim.card !== undefined, {
    message: "a decision claim holds a state or a card",
  });

/**
 * A claimed decision: the card as decided, the audit entries that record it, and whether its
 * body (message, compliance, sequence) changed with it.
 */
export type TDecisionClaim = {
  card: TCard;
  audit: z.infer<typeof ZAuditEntry>[];
  bodyChanged: boolean;
};

/** A card read for a change (see readForChange). */
export type CardRead = {
  card: TCard | null;
  claim: TDecisionClaim | null;
  /** When the card was first reviewed (null if never). */
  reviewedAt: string | null;
  watches: Watch[];
};

const stateOf = (card: TCard): TCardState => ({
  status: card.status,
  decision: card.decision,
  updatedAt: card.updatedAt,
});

const cardKey = (id: string) => storeKey("card", id);
const stateKey = (id: string) => storeKey("card", id, "state");
const decisionKey = (id: string) => storeKey("card", id, "decision");
const reviewedKey = (id: string) => storeKey("card", id, "reviewed");
export const PENDING_CARDS_KEY = storeKey("cards", "pending");
/** Approved cards waiting for the operator's dispatch, by approval time. */
export const DISPATCH_QUEUE_KEY = storeKey("dispatch", "approved");
/** Cards decided whose event may not have been sent yet (the outbox, flushed by a cron). */
export const DECISION_OUTBOX_KEY = storeKey("cards", "decision-outbox");
/**
 * What the queue sorts, filters and searches on, per pending card (queue-index.ts writes an entry
 * the first time it meets a card; a decision removes it).
 */
export const PENDING_SUMMARY_KEY = storeKey("cards", "pending-summary");
/** Decisions made on a day (in the send window's time zone), by action. */
const decisionsKey = (day: string) => storeKey("stats", "decisions", day);
/** Approvals and rejections per template variant and angle (copy stats). */
const COPY_STATS_KEY = storeKey("stats", "copy");
/** Days of decision counts kept. */
const DECISION_COUNT_DAYS = 35;

/** The shape of a card id (cardIdFor): anything else in a path, a form or a cursor is refused. */
export const CARD_ID = /^card_[0-9a-f]{20}$/;

/** One card per lead and campaign: the id is derived, so a second run finds the first card. */
export function cardIdFor(leadId: string, campaign: string): string {
  return `card_${hash("sha256", `${leadId}|${campaign}`, "hex").slice(0, 20)}`;
}

/** A card from its body and state values (null when it has no body); throws when damaged. */
function assembleCard(id: string, body: unknown, state: unknown): TCard | null {
  const card = parseStored(ZCard, cardKey(id), body);
  if (!card) return null;
  const decided = parseStored(ZCardState, stateKey(id), state);
  return decided ? { ...card, ...decided } : card;
}

export function createCardRepo(redis: Redis) {
  /** Bodies and states of the cards in one MGET, in the order asked. */
  async function readRaw(ids: readonly string[]): Promise<[unknown, unknown][]> {
    const raw = await redis.mget<unknown[]>(...ids.flatMap((id) => [cardKey(id), stateKey(id)]));
    return ids.map((_, i) => [raw[2 * i], raw[2 * i + 1]]);
  }

  async function getMany(ids: readonly string[]): Promise<(TCard | null)[]> {
    if (ids.length === 0) return [];
    const raw = await readRaw(ids);
    return ids.map((id, i) => assembleCard(id, raw[i]?.[0], raw[i]?.[1]));
  }

  /**
   * The status and decision of each card, in the order asked (null for a missing card): from the
   * small state records, so a decided card's body is not read; cards without one (undecided, or
   * decided before the state split) are read whole.
   */
  async function statesOf(ids: readonly string[]): Promise<(TCardState | null)[]> {
    if (ids.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...ids.map(stateKey));
    const states = ids.map((id, i) => parseStored(ZCardState, stateKey(id), raw[i]));
    const unknown = ids.filter((_, i) => states[i] === null);
    const whole = new Map((await getMany(unknown)).map((card, i) => [unknown[i], card]));
    return ids.map((id, i) => {
      const card = whole.get(id);
      return states[i] ?? (card ? stateOf(card) : null);
    });
  }

  /** Cards for a listing: missing ones left out, damaged ones skipped and reported. */
  async function listMany(
    ids: readonly string[],
  ): Promise<{ items: TCard[]; skipped: TSkipped[] }> {
    if (ids.length === 0) return { items: [], skipped: [] };
    const raw = await readRaw(ids);
    const items: TCard[] = [];
    const skipped: TSkipped[] = [];
    ids.forEach((id, i) => {
      try {
        const card = assembleCard(id, raw[i]?.[0], raw[i]?.[1]);
        if (card) items.push(card);
      } catch (error) {
        if (!(error instanceof StoredRecordError)) throw error;
        skipped.push({ id, key: error.key, reason: error.message });
      }
    });
    return { items, skipped };
  }

  /**
   * Stores the cards that do not exist yet and queues the pending ones: two round trips for the
   * batch (one MGET for the existing ones, one MULTI: MSET, ZADD, the queue's version). Card ids derive from lead and campaign and one
   * campaign runs once at a time, so only a retry of the same batch can meet its own cards here.
   * Returns the ids that were created.
   */
  async function createMissing(
    cards: readonly TCard[],
    /** The queue's summary of each pending card (queue-index.ts), stored with it. */
    summaries: ReadonlyMap<string, unknown> = new Map(),
  ): Promise<string[]> {
    if (cards.length === 0) return [];
    const existing = await redis.mget<unknown[]>(...cards.map((c) => cardKey(c.id)));
    const fresh = cards.filter((_, i) => existing[i] === null);
    if (fresh.length === 0) return [];
    const tx = redis.multi();
    tx.mset(Object.fromEntries(fresh.map((card) => [cardKey(card.id), compact(card)])));
    // Cards of one batch share their creation time: a sub-millisecond offset keeps each score
    // distinct, so a page of the queue ends at a score and the next one starts after it.
    const pending = fresh
      .filter((card) => card.status === "pending")
      .map((card, i) => ({ score: Date.parse(card.createdAt) + i / 1000, member: card.id }));
    const [first, ...rest] = pending;
    if (first) tx.zadd(PENDING_CARDS_KEY, { nx: true }, first, ...rest);
    const summarised = Object.fromEntries(
      pending.flatMap(({ member }) => {
        const summary = summaries.get(member);
        return summary === undefined ? [] : [[member, summary]];
      }),
    );
    if (Object.keys(summarised).length > 0) tx.hset(PENDING_SUMMARY_KEY, summarised);
    tx.incr(QUEUE_VERSION_KEY);
    await tx.exec();
    return fresh.map((c) => c.id);
  }

  async function get(id: string): Promise<TCard | null> {
    return (await getMany([id]))[0] ?? null;
  }

  /** The pending queue's version (queue-version.ts): "0" before anything was written. */
  async function queueVersion(): Promise<string> {
    return String((await redis.get(QUEUE_VERSION_KEY)) ?? "0");
  }

  /** How many cards are pending. */
  async function pendingCount(): Promise<number> {
    return redis.zcard(PENDING_CARDS_KEY);
  }

  /** Pending card ids, oldest first. */
  async function pendingIds(): Promise<string[]> {
    return redis.zrange<string[]>(PENDING_CARDS_KEY, 0, -1);
  }

  /**
   * How many pending cards have a score under `threshold`, how many above it, and the lowest
   * score above it (the next card to cross the threshold as time passes; null when none).
   */
  async function pendingCounts(
    threshold: number,
  ): Promise<{ below: number; above: number; nextAbove: number | null }> {
    const [below, above, next] = await redis
      .pipeline()
      .zcount(PENDING_CARDS_KEY, "-inf", threshold)
      .zcount(PENDING_CARDS_KEY, `(${threshold}`, "+inf")
      .zrange(PENDING_CARDS_KEY, `(${threshold}`, "+inf", {
        byScore: true,
        withScores: true,
        offset: 0,
        count: 1,
      })
      .exec<[number, number, unknown[]]>();
    const score = Array.isArray(next) && next.length >= 2 ? Number(next[1]) : null;
    return { below, above, nextAbove: score !== null && Number.isFinite(score) ? score : null };
  }

  /**
   * One page of pending card ids, oldest first: scores from `min` (a score, "-inf", or "(123"
   * for "above 123"), after the cursor (the score and id of the previous page's last card; ties
   * broken by id). Returns the page and the cursor of its last card when more follow.
   */
  async function pendingPage(options: {
    min: number | "-inf" | `(${number}`;
    after: { score: number; id: string } | null;
    limit: number;
  }): Promise<{ ids: string[]; next: { score: number; id: string } | null }> {
    const { min, after, limit } = options;
    const page: { id: string; score: number }[] = [];
    // Fetch one more than needed to know whether a next page exists; skip what the cursor covers.
    for (let offset = 0; page.length <= limit; ) {
      const want = limit + 1 - page.length + (after ? 16 : 0);
      const raw = await redis.zrange<(string | number)[]>(PENDING_CARDS_KEY, min, "+inf", {
        byScore: true,
        withScores: true,
        offset,
        count: want,
      });
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const id = String(raw[i]);
        const score = Number(raw[i + 1]);
        const covered =
          after !== null && (score < after.score || (score === after.score && id <= after.id));
        if (!covered) page.push({ id, score });
      }
      if (raw.length < want * 2) break;
      offset += want;
    }
    const ids = page.slice(0, limit);
    const last = ids.at(-1);
    return {
      ids: ids.map((entry) => entry.id),
      next: page.length > limit && last ? { score: last.score, id: last.id } : null,
    };
  }

  /** When each card was first reviewed (null if never), in one round trip. */
  async function reviewedAt(ids: readonly string[]): Promise<(string | null)[]> {
    if (ids.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...ids.map(reviewedKey));
    return raw.map((value) => (typeof value === "string" ? value : null));
  }

  /** Records the first review of a card; later calls keep the first time. */
  async function markReviewed(id: string, at: string): Promise<void> {
    await redis.multi().set(reviewedKey(id), at, { nx: true }).incr(QUEUE_VERSION_KEY).exec();
  }

  /**
   * The card as stored, a decision claimed but never recorded (null each when absent) and the
   * card's first review, in one round trip, with what a change computed from them must find
   * unchanged to land (the card's body, state and claim). Only earlier versions wrote claims (they
   * claimed a decision before recording it).
   */
  async function readForChange(id: string): Promise<CardRead> {
    const [body, state, rawClaim, reviewed] = await redis.mget<unknown[]>(
      cardKey(id),
      stateKey(id),
      decisionKey(id),
      reviewedKey(id),
    );
    const reviewedAt = typeof reviewed === "string" ? reviewed : null;
    const watches: Watch[] = [
      { key: cardKey(id), read: body },
      { key: stateKey(id), read: state },
      { key: decisionKey(id), read: rawClaim },
    ];
    const card = assembleCard(id, body, state);
    const claim = parseStored(ZStoredClaim, decisionKey(id), rawClaim);
    if (!claim) return { card, claim: null, reviewedAt, watches };
    if (claim.card) {
      const decided = { card: claim.card, audit: claim.audit, bodyChanged: true };
      return { card, claim: decided, reviewedAt, watches };
    }
    if (!card || !claim.state) {
      throw new StoredRecordError(decisionKey(id), `card ${id} has a decision claim but no card`);
    }
    return {
      card,
      claim: { card: { ...card, ...claim.state }, audit: claim.audit, bodyChanged: false },
      reviewedAt,
      watches,
    };
  }

  /** Lands `writes` (plus the queue's version) if the card is still as `read`; false otherwise. */
  async function writeIf(read: CardRead, writes: Writes): Promise<boolean> {
    writes.incr(QUEUE_VERSION_KEY);
    return (await compareAndWrite(redis, read.watches, writes)).applied;
  }

  /**
   * Records a decision if the card is still as `read`, atomically: its state with the decision
   * (and its body when the decision changed it), out of the pending queue, into the outbox, its
   * first review (a decision is a look, if none came before), plus what `extra` adds (the audit
   * entries). False, with nothing written, when the card changed since it was read.
   */
  async function recordDecision(
    read: CardRead,
    card: TCard,
    extra: (writes: Writes) => void,
    bodyChanged: boolean,
  ): Promise<boolean> {
    const writes = new Writes();
    if (bodyChanged) writes.set(cardKey(card.id), compact(card));
    writes.set(stateKey(card.id), stateOf(card));
    if (card.decision) writes.set(reviewedKey(card.id), card.decision.at, { nx: true });
    writes.zrem(PENDING_CARDS_KEY, card.id);
    writes.hdel(PENDING_SUMMARY_KEY, card.id);
    writes.sadd(DECISION_OUTBOX_KEY, card.id);
    extra(writes);
    return writeIf(read, writes);
  }

  /**
   * Counts a decision made (by 1) or undone (by -1) on its day, within a change's writes.
   */
  function countDecision(writes: Writes, day: string, action: string, by: 1 | -1): void {
    writes.hincrby(decisionsKey(day), action, by);
    writes.expire(decisionsKey(day), DECISION_COUNT_DAYS * 86_400);
  }

  /**
   * Counts a decision (by 1) or its undo (by -1) against the copy it approved or rejected: each
   * step's template variant and the sequence's angle, by action and, for a rejection, its tag.
   */
  function countCopy(writes: Writes, card: TCard, decision: TDecision, by: 1 | -1): void {
    const keys = [
      ...card.sequence.flatMap((step) => (step.variant ? [step.variant] : [])),
      ...(card.angle ? [`angle:${card.angle}`] : []),
    ];
    for (const key of new Set(keys)) {
      writes.hincrby(COPY_STATS_KEY, `${key}|${decision.action}`, by);
      if (decision.tag) writes.hincrby(COPY_STATS_KEY, `${key}|tag:${decision.tag}`, by);
    }
  }

  /** The copy counts: field "<variant or angle:kind>|approved|rejected|tag:<tag>" → count. */
  async function copyStats(): Promise<Record<string, number>> {
    const raw = hashReply(await redis.hgetall(COPY_STATS_KEY));
    return Object.fromEntries(Object.entries(raw).map(([field, n]) => [field, Number(n)]));
  }

  /** Decisions counted on a day, by action. */
  async function decisionsOn(day: string): Promise<Record<string, number>> {
    const raw = hashReply(await redis.hgetall(decisionsKey(day)));
    return Object.fromEntries(Object.entries(raw).map(([action, n]) => [action, Number(n)]));
  }

  /**
   * Undoes a decision if the card is still as `read`: the card (given as pending again) back in
   * the queue where it was with its queue summary (when given: the queue builds a missing one
   * from the card's view), out of the outbox, plus what `extra` adds. False when it changed.
   */
  async function undoDecision(
    read: CardRead,
    card: TCard,
    extra: (writes: Writes) => void,
    score: number,
    summary?: unknown,
  ): Promise<boolean> {
    const writes = new Writes();
    writes.set(stateKey(card.id), stateOf(card));
    writes.zadd(PENDING_CARDS_KEY, { score, member: card.id });
    if (summary !== undefined) writes.hset(PENDING_SUMMARY_KEY, { [card.id]: summary });
    writes.srem(DECISION_OUTBOX_KEY, card.id);
    extra(writes);
    return writeIf(read, writes);
  }

  /** Where a pending card stands in the queue (its score), or null when it is not pending. */
  async function pendingScore(id: string): Promise<number | null> {
    const score = await redis.zscore(PENDING_CARDS_KEY, id);
    return score === null || score === undefined ? null : Number(score);
  }

  /** Saves a card's state (a held decision released) if the card is still as `read`. */
  async function saveStateIf(read: CardRead, card: TCard): Promise<boolean> {
    return writeIf(read, new Writes().set(stateKey(card.id), stateOf(card)));
  }

  /**
   * The stored queue summaries of the cards, parsed, in the order asked (undefined where there is
   * none or it does not parse: the queue builds it again).
   */
  async function summaries(ids: readonly string[]): Promise<unknown[]> {
    if (ids.length === 0) return [];
    // The reply is the values in order (or, deserialised, a record by field).
    const reply: unknown = await redis.hmget(PENDING_SUMMARY_KEY, ...ids);
    const values = Array.isArray(reply)
      ? reply
      : ids.map((id) => (reply as Record<string, unknown> | null)?.[id]);
    return values.map((raw) => {
      if (raw === null || raw === undefined) return undefined;
      try {
        return expandOr(raw, (reason) => new Error(reason));
      } catch {
        return undefined;
      }
    });
  }

  /** Stores queue summaries, by card id. */
  async function saveSummaries(entries: Record<string, unknown>): Promise<void> {
    if (Object.keys(entries).length === 0) return;
    await redis.hset(PENDING_SUMMARY_KEY, entries);
  }

  /**
   * Saves an edited card if it is still as `read`, with what `extra` adds (the audit entry) and
   * its first review at `reviewedAt` (an edit is a look). False, with nothing written, when the
   * card changed since it was read.
   */
  async function saveIf(
    read: CardRead,
    card: TCard,
    extra: (writes: Writes) => void,
    reviewedAt: string,
  ): Promise<boolean> {
    const writes = new Writes();
    writes.set(cardKey(card.id), compact(card));
    writes.set(reviewedKey(card.id), reviewedAt, { nx: true });
    extra(writes);
    return writeIf(read, writes);
  }

  /** Decided cards whose event has not been confirmed sent. */
  async function outbox(): Promise<string[]> {
    return redis.smembers(DECISION_OUTBOX_KEY);
  }

  async function clearOutbox(id: string): Promise<void> {
    await redis.srem(DECISION_OUTBOX_KEY, id);
  }

  /**
   * Hands approved cards to dispatch in one ZADD (each once, however often its event arrives);
   * returns how many were new to the queue.
   */
  async function enqueueManyForDispatch(
    cards: readonly { id: string; approvedAt: string }[],
  ): Promise<number> {
    const [first, ...rest] = cards.map((card) => ({
      score: Date.parse(card.approvedAt),
      member: card.id,
    }));
    if (!first) return 0;
    return (await redis.zadd(DISPATCH_QUEUE_KEY, { nx: true }, first, ...rest)) ?? 0;
  }

  /** Counts a rejection tag for the campaign, once per card; returns false for a repeat. */
  async function countRejection(cardId: string, campaign: string, tag: string): Promise<boolean> {
    const first = await redis.set(storeKey("stats", "rejection-counted", cardId), 1, { nx: true });
    if (first !== "OK") return false;
    await redis.hincrby(storeKey("stats", "rejections", campaign), tag, 1);
    return true;
  }

  /** Rejection tags counted for a campaign. */
  async function rejectionCounts(campaign: string): Promise<Record<string, number>> {
    const raw = hashReply(await redis.hgetall(storeKey("stats", "rejections", campaign)));
    return Object.fromEntries(Object.entries(raw).map(([tag, n]) => [tag, Number(n)]));
  }

  /** Takes cards out of the dispatch queue (everything they route to was sent). */
  async function leaveDispatchQueue(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await redis.zrem(DISPATCH_QUEUE_KEY, ...ids);
  }

  /** Approved cards waiting for dispatch, oldest approval first. */
  async function dispatchQueue(): Promise<string[]> {
    return redis.zrange<string[]>(DISPATCH_QUEUE_KEY, 0, -1);
  }

  return {
    get,
    statesOf,
    readForChange,
    getMany,
    listMany,
    enqueueManyForDispatch,
    dispatchQueue,
    leaveDispatchQueue,
    countRejection,
    rejectionCounts,
    saveIf,
    createMissing,
    pendingIds,
    pendingCount,
    pendingCounts,
    queueVersion,
    pendingPage,
    reviewedAt,
    markReviewed,
    recordDecision,
    countDecision,
    countCopy,
    copyStats,
    decisionsOn,
    undoDecision,
    pendingScore,
    saveStateIf,
    summaries,
    saveSummaries,
    outbox,
    clearOutbox,
  };
}

export type CardRepo = ReturnType<typeof createCardRepo>;
