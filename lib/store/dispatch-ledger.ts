// The dispatch ledger of one day (in the send window's time zone): how many new leads entered each
// channel and each sending account, which leads were contacted, and which card channels are
// reserved by a batch or done. Counts are reserved with HINCRBY and given back past the cap, so
// concurrent dispatches never enter more than the cap however they interleave. Day keys expire
// after a week.
import type { Redis } from "@upstash/redis";
import { storeKey } from "./keys.ts";
import type { TOutreachChannel } from "./outreach-repo.ts";
import { hashReply, hmgetValues } from "./parse-stored.ts";

const DAY_TTL_SECONDS = 7 * 24 * 3600;
export const countsKey = (day: string) => storeKey("dispatch", "day", day, "counts");
export const contactedKey = (day: string) => storeKey("dispatch", "day", day, "contacted");
/** Card channels held by a batch (field `cardId:channel` → batch id). */
export const RESERVED_KEY = storeKey("dispatch", "reserved");
/** Card channels sent or shadowed (field `cardId:channel` → batch id). */
export const DONE_KEY = storeKey("dispatch", "done");

export const unitField = (cardId: string, channel: TOutreachChannel) => `${cardId}:${channel}`;

/** A counter of the day: a channel (`email`) or a sending account (`account:<email>`). */
export type TCounter = string;

export function createDispatchLedger(redis: Redis) {
  /** The day's counters (missing ones 0). */
  async function counts(day: string): Promise<Record<string, number>> {
    const raw = hashReply(await redis.hgetall(countsKey(day)));
    return Object.fromEntries(Object.entries(raw).map(([field, n]) => [field, Number(n) || 0]));
  }

  /**
   * Reserves up to `wanted` of `counter` under `cap` for the day; returns how many it got (0 when
   * the cap is reached). Safe under concurrency: each caller counts everyone's increments.
   */
  async function reserve(day: string, counter: TCounter, wanted: number, cap: number) {
    if (wanted <= 0) return 0;
    const key = countsKey(day);
    const [after] = await redis
      .multi()
      .hincrby(key, counter, wanted)
      .expire(key, DAY_TTL_SECONDS)
      .exec<[number, number]>();
    const before = after - wanted;
    const got = Math.max(0, Math.min(wanted, cap - before));
    if (got < wanted) await redis.hincrby(key, counter, -(wanted - got));
    return got;
  }

  /** Gives back reserved counts (a batch that expired or was refused). */
  async function release(day: string, counts: Record<TCounter, number>): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n > 0);
    if (entries.length === 0) return;
    const pipe = redis.pipeline();
    for (const [counter, n] of entries) pipe.hincrby(countsKey(day), counter, -n);
    await pipe.exec();
  }

  /** Which of the leads were contacted on the day (any channel). */
  async function contacted(day: string, leadIds: readonly string[]): Promise<Set<string>> {
    if (leadIds.length === 0) return new Set();
    const flags = await redis.smismember(contactedKey(day), leadIds as string[]);
    return new Set(leadIds.filter((_, i) => Number(flags[i]) === 1));
  }

  /** Marks leads as contacted on the day. */
  async function markContacted(day: string, leadIds: readonly string[]): Promise<void> {
    if (leadIds.length === 0) return;
    await redis
      .multi()
      .sadd(contactedKey(day), ...(leadIds as [string, ...string[]]))
      .expire(contactedKey(day), DAY_TTL_SECONDS)
      .exec();
  }

  /** Unmarks leads (their batch expired before anything was sent). */
  async function unmarkContacted(day: string, leadIds: readonly string[]): Promise<void> {
    if (leadIds.length === 0) return;
    await redis.srem(contactedKey(day), ...leadIds);
  }

  /**
   * Claims card channels for a batch: returns the fields it got (a field held by another batch
   * or already done is not claimed).
   */
  async function claimUnits(fields: readonly string[], batchId: string): Promise<string[]> {
    if (fields.length === 0) return [];
    const done = hmgetValues(await redis.hmget(DONE_KEY, ...fields), fields);
    const open = fields.filter((_, i) => done[i] === null);
    if (open.length === 0) return [];
    const pipe = redis.pipeline();
    for (const field of open) pipe.hsetnx(RESERVED_KEY, field, batchId);
    const got = await pipe.exec<number[]>();
    return open.filter((_, i) => Number(got[i]) === 1);
  }

  /** Gives back card channels a batch claimed but will not carry. */
  async function unclaimUnits(fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    await redis.hdel(RESERVED_KEY, ...fields);
  }

  /** True the first time `name` is marked on the day (a once-a-day cron's guard). */
  async function firstOfDay(day: string, name: string): Promise<boolean> {
    const key = storeKey("dispatch", "day", day, "once", name);
    return (await redis.set(key, "1", { nx: true, ex: DAY_TTL_SECONDS })) === "OK";
  }

  /** Every claimed card channel with the batch holding it. */
  async function claims(): Promise<Record<string, string>> {
    const raw = hashReply(await redis.hgetall(RESERVED_KEY));
    return Object.fromEntries(Object.entries(raw).map(([field, batch]) => [field, String(batch)]));
  }

  /** The batch holding each field (null when none). */
  async function holders(fields: readonly string[]): Promise<(string | null)[]> {
    if (fields.length === 0) return [];
    const raw = hmgetValues(await redis.hmget(RESERVED_KEY, ...fields), fields);
    return raw.map((value) => (typeof value === "string" ? value : null));
  }

  /** Fields already sent or shadowed. */
  async function doneOf(fields: readonly string[]): Promise<Set<string>> {
    if (fields.length === 0) return new Set();
    const raw = hmgetValues(await redis.hmget(DONE_KEY, ...fields), fields);
    return new Set(fields.filter((_, i) => raw[i] !== null));
  }

  return {
    counts,
    reserve,
    release,
    contacted,
    markContacted,
    unmarkContacted,
    claimUnits,
    unclaimUnits,
    claims,
    firstOfDay,
    holders,
    doneOf,
  };
}

export type DispatchLedger = ReturnType<typeof createDispatchLedger>;
