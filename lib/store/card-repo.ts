// Approval cards in the store: one card per lead and campaign, holding the crafted sequence, its
// first message for the Head of Sales, the compliance checks and the "why this score" factors.
// A card is stored in two compacted records (compact-json.ts), always written together: its head
// (who and what, the first message, its copy, checks stamp and steps digest: what approving it
// as crafted needs) and its body (the rest: the sequence, less the first message's texts, the
// factors, the checks), about 1.1 KB for a 7 KB card. Its decision lives beside them in a small
// state record, so deciding a card writes a few hundred bytes. Cards stored whole before heads,
// and cards decided before the state record, read the same. Pending cards are also indexed in a
// sorted set by creation time (oldest first).

import { hash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { stepsDigest } from "../compliance/checks-stamp.ts";
import { ZClaim } from "../crafting/evidence.ts";
import { ZScoreFactor, ZTier } from "../scoring/score-types.ts";
import { ZAuditEntry } from "./audit-repo.ts";
import { compact, expandOr } from "./compact/compact-json.ts";
import { storeKey } from "./keys.ts";
import { hashReply, parseStored, StoredRecordError, type TSkipped } from "./parse-stored.ts";
import { QUEUE_VERSION_KEY } from "./queue-version.ts";
import { compareAndWrite, digestOf, type Watch, Writes } from "./scripts/compare-and-write.ts";

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

/** The fields of a card its head holds, left out of the body stored beside it. */
const HEAD_FIELDS = {
  leadId: true,
  runId: true,
  campaign: true,
  lead: true,
  tier: true,
  score: true,
  message: true,
  checksPassed: true,
  edited: true,
  createdAt: true,
} as const;

/**
 * What deciding a card needs of it when its steps are not to be read, kept beside its body and
 * written with it every time: who and what it is, its first message, its copy keys, and its
 * checks stamp with the digest of the steps it stamps. `body` is the digest of the body as
 * stored: a decision made from the head lands only while the body is still that one (it is
 * watched by that digest), so a head never speaks for a body it was not written with. Cards
 * stored whole before heads have none until they are next written; they are decided whole.
 */
export const ZCardHead = ZCard.pick({ ...HEAD_FIELDS, status: true }).extend({
  body: z.string(),
  /** checks-stamp.ts's digest of the steps, as the body holds them. */
  stepsDigest: z.string(),
  /** How many steps the sequence has. */
  steps: z.number().int().min(0),
  /** The copy the card's decisions count against (copyKeysOf). */
  copy: z.array(z.string()),
});
export type TCardHead = z.infer<typeof ZCardHead>;

/**
 * A card's body as stored beside its head: the card without what the head holds, and the first
 * message's step without its texts when they are the message's (they are read back from it).
 */
const ZStoredRest = ZCard.omit(HEAD_FIELDS).extend({
  split: z.literal(1),
  sequence: z.array(
    ZSequenceStep.extend({
      subject: ZSequenceStep.shape.subject.optional(),
      body: ZSequenceStep.shape.body.optional(),
    }),
  ),
});

/** A stored body: a card stored beside its head, or (stored before heads) a whole card. */
const ZStoredBody = z.union([ZStoredRest, ZCard]);

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

/** What a change was computed from, to find unchanged when it lands. */
export type Watched = { watches: Watch[] };

/** A pending card's head read for a decision (see readHead). */
export type HeadRead = Watched & {
  id: string;
  head: TCardHead;
  /** When the card was first reviewed (null if never). */
  reviewedAt: string | null;
};

/** A card read for a change (see readForChange). */
export type CardRead = {
  card: TCard | null;
  claim: TDecisionClaim | null;
  /** When the card was first reviewed (null if never). */
  reviewedAt: string | null;
  watches: Watch[];
};

const stateOf = (card: TCardState): TCardState => ({
  status: card.status,
  decision: card.decision,
  updatedAt: card.updatedAt,
});

const cardKey = (id: string) => storeKey("card", id);
const headKey = (id: string) => storeKey("card", id, "head");
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
function assembleCard(id: string, body: unknown, state: unknown, head: unknown): TCard | null {
  const stored = parseStored(ZStoredBody, cardKey(id), body);
  if (!stored) return null;
  const card = "split" in stored ? joined(id, stored, head) : stored;
  const decided = parseStored(ZCardState, stateKey(id), state);
  return decided ? { ...card, ...decided } : card;
}

/** A card from the body stored beside its head and that head. */
function joined(id: string, rest: z.infer<typeof ZStoredRest>, rawHead: unknown): TCard {
  const head = parseStored(ZCardHead, headKey(id), rawHead);
  if (!head) throw new StoredRecordError(headKey(id), `card ${id} has a body but no head`);
  const { split: _, sequence, ...fields } = rest;
  // The head's own fields (HEAD_FIELDS and the status the body holds too), not its digests.
  const { body: _body, stepsDigest: _steps, steps: _count, copy: _copy, ...own } = head;
  const { message } = head;
  return {
    ...fields,
    ...own,
    sequence: sequence.map(({ subject, body, ...step }) =>
      body === undefined
        ? { ...step, subject: message.subject, body: message.body }
        : { ...step, subject: subject ?? null, body },
    ),
  };
}

/** The copy a card's decisions count against: its steps' template variants and its angle. */
export function copyKeysOf(card: Pick<TCard, "sequence" | "angle">): string[] {
  return [
    ...new Set([
      ...card.sequence.flatMap((step) => (step.variant ? [step.variant] : [])),
      ...(card.angle ? [`angle:${card.angle}`] : []),
    ]),
  ];
}

/** The copy keys a stored copy-stats field counts for: its JSON list, or the one key it names. */
function copyKeysIn(copy: string): string[] {
  if (!copy.startsWith("[")) return [copy];
  try {
    const keys: unknown = JSON.parse(copy);
    if (Array.isArray(keys)) return keys.filter((key): key is string => typeof key === "string");
  } catch {
    // Not a list after all: a key of its own.
  }
  return [copy];
}

/** A card's body and head as stored: key → value, the head made from the stored body. */
function bodyAndHead(card: TCard): [string, unknown][] {
  const { message } = card;
  const rest: Record<string, unknown> = { split: 1 };
  for (const [field, value] of Object.entries(card)) {
    if (!(field in HEAD_FIELDS)) rest[field] = value;
  }
  rest.sequence = card.sequence.map((step) =>
    step.step === message.step && step.subject === message.subject && step.body === message.body
      ? { ...step, subject: undefined, body: undefined }
      : step,
  );
  const body = compact(rest);
  const head: TCardHead = {
    body: digestOf(typeof body === "string" ? body : JSON.stringify(body)),
    leadId: card.leadId,
    runId: card.runId,
    campaign: card.campaign,
    ...(card.lead && { lead: card.lead }),
    status: card.status,
    tier: card.tier,
    score: card.score,
    message: card.message,
    ...(card.checksPassed !== undefined && { checksPassed: card.checksPassed }),
    edited: card.edited,
    createdAt: card.createdAt,
    stepsDigest: stepsDigest(card.sequence),
    steps: card.sequence.length,
    copy: copyKeysOf(card),
  };
  return [
    [cardKey(card.id), body],
    [headKey(card.id), compact(head)],
  ];
}

/**
 * A new card as it will be stored (its body and head, compacted) with what its creation needs:
 * crafting seals each card as it is made, so a batch holds a hundred compact cards, not a hundred
 * whole ones, until it stores them.
 */
export type TSealedCard = {
  id: string;
  status: TCard["status"];
  createdAt: string;
  entries: [string, unknown][];
  /** The queue's summary of a pending card (queue-index.ts), stored with it. */
  summary?: unknown;
};

/** Seals a new card for createMissing, with its queue summary when it is pending. */
export function sealCard(card: TCard, summary?: unknown): TSealedCard {
  return {
    id: card.id,
    status: card.status,
    createdAt: card.createdAt,
    entries: bodyAndHead(card),
    ...(summary !== undefined && { summary }),
  };
}

export function createCardRepo(redis: Redis) {
  /** Bodies and states of the cards in one MGET, in the order asked. */
  async function readRaw(ids: readonly string[]): Promise<[unknown, unknown, unknown][]> {
    const raw = await redis.mget<unknown[]>(
      ...ids.flatMap((id) => [cardKey(id), stateKey(id), headKey(id)]),
    );
    return ids.map((_, i) => [raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]]);
  }

  async function getMany(ids: readonly string[]): Promise<(TCard | null)[]> {
    if (ids.length === 0) return [];
    const raw = await readRaw(ids);
    return ids.map((id, i) => assembleCard(id, raw[i]?.[0], raw[i]?.[1], raw[i]?.[2]));
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
        const card = assembleCard(id, raw[i]?.[0], raw[i]?.[1], raw[i]?.[2]);
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
  async function createMissing(cards: readonly TSealedCard[]): Promise<string[]> {
    if (cards.length === 0) return [];
    const existing = await redis.mget<unknown[]>(...cards.map((c) => cardKey(c.id)));
    const fresh = cards.filter((_, i) => existing[i] === null);
    if (fresh.length === 0) return [];
    const tx = redis.multi();
    tx.mset(Object.fromEntries(fresh.flatMap((card) => card.entries)));
    // Cards of one batch share their creation time: a sub-millisecond offset keeps each score
    // distinct, so a page of the queue ends at a score and the next one starts after it.
    const pending = fresh
      .filter((card) => card.status === "pending")
      .map((card, i) => ({ score: Date.parse(card.createdAt) + i / 1000, member: card.id }));
    const [first, ...rest] = pending;
    if (first) tx.zadd(PENDING_CARDS_KEY, { nx: true }, first, ...rest);
    const summarised = Object.fromEntries(
      fresh.flatMap((card) =>
        card.status === "pending" && card.summary !== undefined ? [[card.id, card.summary]] : [],
      ),
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
   * unchanged to land (the card's body, head, state and claim). Only earlier versions wrote
   * claims (they claimed a decision before recording it).
   */
  async function readForChange(id: string): Promise<CardRead> {
    const [body, state, rawClaim, reviewed, head] = await redis.mget<unknown[]>(
      cardKey(id),
      stateKey(id),
      decisionKey(id),
      reviewedKey(id),
      headKey(id),
    );
    const reviewedAt = typeof reviewed === "string" ? reviewed : null;
    const watches: Watch[] = [
      { key: cardKey(id), read: body },
      { key: stateKey(id), read: state },
      { key: decisionKey(id), read: rawClaim },
      { key: headKey(id), read: head },
    ];
    const card = assembleCard(id, body, state, head);
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

  /**
   * A pending card's head, with its first review and what a decision made from it must find
   * unchanged (the body the head speaks for, the head, state and claim), in one round trip. Null
   * when the card cannot be decided from its head: no head (or one that does not read), not
   * pending, or a decision claimed by an earlier version; readForChange reads it whole then.
   */
  async function readHead(id: string): Promise<HeadRead | null> {
    const [rawHead, state, rawClaim, reviewed] = await redis.mget<unknown[]>(
      headKey(id),
      stateKey(id),
      decisionKey(id),
      reviewedKey(id),
    );
    if (rawHead === null || rawClaim !== null) return null;
    let head: TCardHead | null;
    let decided: TCardState | null;
    try {
      head = parseStored(ZCardHead, headKey(id), rawHead);
      decided = parseStored(ZCardState, stateKey(id), state);
    } catch (error) {
      if (error instanceof StoredRecordError) return null;
      throw error;
    }
    if (!head || (decided ?? head).status !== "pending" || decided?.decision) return null;
    return {
      id,
      head: decided ? { ...head, status: decided.status } : head,
      reviewedAt: typeof reviewed === "string" ? reviewed : null,
      watches: [
        { key: cardKey(id), digest: head.body },
        { key: headKey(id), read: rawHead },
        { key: stateKey(id), read: state },
        { key: decisionKey(id), read: rawClaim },
      ],
    };
  }

  /** Lands `writes` (plus the queue's version) if the card is still as `read`; false otherwise. */
  async function writeIf(read: Watched, writes: Writes): Promise<boolean> {
    writes.incr(QUEUE_VERSION_KEY);
    return (await compareAndWrite(redis, read.watches, writes)).applied;
  }

  /**
   * Records a decision if the card is still as `read`, atomically: its state with the decision
   * (and its body when the decision changed it), out of the pending queue, into the outbox, its
   * first review (a decision is a look, if none came before), plus what `extra` adds (the audit
   * entries). When `announceWith` adds the decision's event to the writes itself (it says so),
   * the card stays out of the outbox. False, with nothing written, when the card changed since
   * it was read.
   */
  async function recordDecision(
    read: Watched,
    decided: TCardState & { id: string },
    extra: (writes: Writes) => void,
    /** The card as decided, when the decision changed its body (an approval with edits). */
    body: TCard | null,
    announceWith?: (writes: Writes) => boolean,
  ): Promise<boolean> {
    const writes = new Writes();
    if (body) setBody(writes, body);
    writes.set(stateKey(decided.id), stateOf(decided));
    if (decided.decision) writes.set(reviewedKey(decided.id), decided.decision.at, { nx: true });
    writes.zrem(PENDING_CARDS_KEY, decided.id);
    writes.hdel(PENDING_SUMMARY_KEY, decided.id);
    extra(writes);
    if (!announceWith?.(writes)) writes.sadd(DECISION_OUTBOX_KEY, decided.id);
    return writeIf(read, writes);
  }

  /** Writes a card's body and its head. */
  function setBody(writes: Writes, card: TCard): void {
    for (const [key, value] of bodyAndHead(card)) writes.set(key, value);
  }

  /**
   * Counts a decision made (by 1) or undone (by -1) on its day, within a change's writes.
   */
  function countDecision(writes: Writes, day: string, action: string, by: 1 | -1): void {
    writes.hincrby(decisionsKey(day), action, by);
    writes.expire(decisionsKey(day), DECISION_COUNT_DAYS * 86_400);
  }

  /**
   * Counts a decision (by 1) or its undo (by -1) against the copy it approved or rejected (the
   * card's copyKeysOf: each step's template variant and the sequence's angle), by action and,
   * for a rejection, its tag: one field for the card's whole set of keys (copyStats spreads it
   * over each), so a decision is one or two counter bumps, not one or two per step.
   */
  function countCopy(writes: Writes, keys: readonly string[], decision: TDecision, by: 1 | -1) {
    if (keys.length === 0) return;
    const copy = JSON.stringify(keys);
    writes.hincrby(COPY_STATS_KEY, `${copy}|${decision.action}`, by);
    if (decision.tag) writes.hincrby(COPY_STATS_KEY, `${copy}|tag:${decision.tag}`, by);
  }

  /**
   * The copy counts: "<variant or angle:kind>|approved|rejected|tag:<tag>" → count. Stored fields
   * name a card's set of keys as a JSON list (countCopy), or, counted before that, one key.
   */
  async function copyStats(): Promise<Record<string, number>> {
    const raw = hashReply(await redis.hgetall(COPY_STATS_KEY));
    const counts: Record<string, number> = {};
    for (const [field, value] of Object.entries(raw)) {
      const at = field.lastIndexOf("|");
      const what = field.slice(at + 1);
      for (const key of copyKeysIn(field.slice(0, at))) {
        counts[`${key}|${what}`] = (counts[`${key}|${what}`] ?? 0) + Number(value);
      }
    }
    return counts;
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
    setBody(writes, card);
    writes.set(reviewedKey(card.id), reviewedAt, { nx: true });
    extra(writes);
    return writeIf(read, writes);
  }

  /** Decided cards whose event has not been confirmed sent. */
  async function outbox(): Promise<string[]> {
    return redis.smembers(DECISION_OUTBOX_KEY);
  }

  /** Takes cards out of the outbox (their events were sent), in one command. */
  async function clearOutbox(...ids: string[]): Promise<void> {
    const [first, ...rest] = ids;
    if (first !== undefined) await redis.srem(DECISION_OUTBOX_KEY, first, ...rest);
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
    readHead,
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
