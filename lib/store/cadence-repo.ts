// Cadence enrolments: one record per lead enrolled in the 8-step cadence (enrolled once, on its first
// live dispatch), with each step's state — scheduled, sent (reported by Instantly or HeyReach),
// dispatched (a LinkedIn step this system sent), skipped, held — the out-of-office delays that
// pushed it back, and why it stopped. Every change is a compare-and-write of the whole record, so
// the cadence run, the signal loop and a person stopping it never overwrite each other.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { parseListed, parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

const recordKey = (leadId: string) => storeKey("cadence", "lead", leadId);
const claimKey = (leadId: string, step: number) =>
  storeKey("cadence", "lead", leadId, "claim", step);
const CLAIM_SECONDS = 2 * 24 * 3600;
/** Every enrolment by the time it started (the listing's order). */
const INDEX_KEY = storeKey("cadence", "enrolments");

export const ZCadenceStepState = z.object({
  step: z.number().int().min(1),
  day: z.number().int().min(1),
  channel: z.enum(["email", "linkedin"]),
  status: z.enum([
    "scheduled",
    "sent",
    "dispatched",
    "skipped",
    "held",
    "not_reported",
    "cancelled",
  ]),
  /** When the step is (or was) due, after any out-of-office delay. */
  dueAt: z.string(),
  /** When its status last changed. */
  at: z.string().nullable(),
  detail: z.string().nullable(),
  /** The provider's campaign a LinkedIn step went into (to stop the lead there too). */
  providerRef: z.string().nullable(),
});
export type TCadenceStepState = z.infer<typeof ZCadenceStepState>;

export const ZCadenceRecord = z.object({
  leadId: z.string(),
  cardId: z.string(),
  cadence: z.string(),
  startedAt: z.string(),
  status: z.enum(["active", "completed", "stopped"]),
  steps: z.array(ZCadenceStepState).min(1),
  /** Out-of-office replies that pushed the cadence back, by the signal that brought each. */
  delays: z.array(z.object({ signalId: z.string(), at: z.string(), days: z.number() })),
  stopped: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
});
export type TCadenceRecord = z.infer<typeof ZCadenceRecord>;

/** A change to a record: the next record, or null to leave it as it is. */
type TChange = (current: TCadenceRecord) => TCadenceRecord | null;

export function createCadenceRepo(redis: Redis) {
  async function get(leadId: string): Promise<TCadenceRecord | null> {
    const key = recordKey(leadId);
    return parseStored(ZCadenceRecord, key, await redis.get(key));
  }

  /** Each lead's record, in the order asked (null when not enrolled), in one MGET. */
  async function getMany(leadIds: readonly string[]): Promise<(TCadenceRecord | null)[]> {
    if (leadIds.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...leadIds.map(recordKey));
    return leadIds.map((id, i) => parseStored(ZCadenceRecord, recordKey(id), raw[i]));
  }

  /** Enrols the lead unless it already is (whatever its state): true when this call enrolled it. */
  async function enrol(record: TCadenceRecord): Promise<boolean> {
    const key = recordKey(record.leadId);
    const writes = new Writes()
      .set(key, record)
      .zadd(INDEX_KEY, { score: Date.parse(record.startedAt), member: record.leadId });
    const outcome = await compareAndWrite(redis, [{ key, read: null }], writes);
    return outcome.applied;
  }

  /**
   * Applies `change` to the lead's record as read, again on a fresh read if another writer got
   * there first. Returns the record as it now stands (null when the lead is not enrolled).
   */
  async function update(leadId: string, change: TChange): Promise<TCadenceRecord | null> {
    const key = recordKey(leadId);
    for (;;) {
      const raw = await redis.get(key);
      const current = parseStored(ZCadenceRecord, key, raw);
      if (!current) return null;
      const next = change(current);
      if (!next) return current;
      const outcome = await compareAndWrite(
        redis,
        [{ key, read: raw }],
        new Writes().set(key, next),
      );
      if (outcome.applied) return next;
    }
  }

  /** A page of enrolments, newest first; `cursor` is where the previous page ended. */
  async function list(
    cursor: number,
    count: number,
  ): Promise<{ items: (TCadenceRecord | null)[]; total: number }> {
    const [ids, total] = await Promise.all([
      redis.zrange<string[]>(INDEX_KEY, cursor, cursor + count - 1, { rev: true }),
      redis.zcard(INDEX_KEY),
    ]);
    if (ids.length === 0) return { items: [], total };
    const raw = await redis.mget<unknown[]>(...ids.map(recordKey));
    const { values } = parseListed(
      ZCadenceRecord,
      ids.map((id, i) => ({ id, key: recordKey(id), raw: raw[i] })),
    );
    return { items: values, total };
  }

  /**
   * Claims a step's place in the day's LinkedIn actions once: a retried attempt of the same step
   * finds it claimed and does not count it again. The claim lapses after two days.
   */
  async function claimStep(leadId: string, step: number): Promise<boolean> {
    return (await redis.set(claimKey(leadId, step), "1", { nx: true, ex: CLAIM_SECONDS })) === "OK";
  }

  /** Gives a claim back (the day had no room: the step is tried again later). */
  async function releaseStep(leadId: string, step: number): Promise<void> {
    await redis.del(claimKey(leadId, step));
  }

  return { get, getMany, enrol, update, list, claimStep, releaseStep };
}

export type CadenceRepo = ReturnType<typeof createCadenceRepo>;
