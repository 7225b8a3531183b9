// The leads by status: each lead's one overall status (where the pipeline left it, the Head of
// Sales' decision, then its outreach status from dispatch and signals) in a sorted set per status,
// newest first, and every lead in one set by the time it was first indexed. A lead moves forward
// only (lead-status.ts's rules; a lead the pipeline dropped is "dropped"), so writers may report
// what they saw in any order. A move is one compare-and-write over the leads' status keys: a lead
// is never in two sets, however many writers move it at once. Backs `GET /api/leads` and the funnel.
import type { Redis } from "@upstash/redis";
import { LEAD_STATUSES, transition } from "../signals/lead-status.ts";
import { storeKey } from "./keys.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

/** The statuses of the index: the 21 lead statuses, and "dropped" by the pipeline. */
export const INDEX_STATUSES = [...LEAD_STATUSES, "dropped"] as const;
export type TIndexStatus = (typeof INDEX_STATUSES)[number];

const statusKey = (leadId: string) => storeKey("lead", leadId, "indexed");
const setKey = (status: TIndexStatus) => storeKey("leads", "status", status);
const ALL_KEY = storeKey("leads", "all");

/** Statuses a pipeline drop may follow (nothing after the queue is dropped). */
const BEFORE_QUEUE: ReadonlySet<string> = new Set(["new", "enriched", "verified", "segmented"]);

const isStatus = (value: unknown): value is TIndexStatus =>
  typeof value === "string" && (INDEX_STATUSES as readonly string[]).includes(value);

/** Whether the index moves a lead from `from` to `to`. */
export function indexMoves(from: TIndexStatus | null, to: TIndexStatus): boolean {
  if (to === "dropped") return from === null || BEFORE_QUEUE.has(from);
  if (from === "dropped") return !BEFORE_QUEUE.has(to) && to !== "queued";
  return transition(from, to);
}

export type TIndexMove = { leadId: string; to: TIndexStatus; at: string };

export function createLeadIndex(redis: Redis) {
  /** Moves each lead to its new status where the rules allow; returns how many moved. */
  async function advance(moves: readonly TIndexMove[]): Promise<number> {
    const latest = new Map<string, TIndexMove>();
    for (const move of moves) latest.set(move.leadId, move);
    const wanted = [...latest.values()];
    if (wanted.length === 0) return 0;
    const keys = wanted.map((m) => statusKey(m.leadId));
    for (;;) {
      const raw = await redis.mget<unknown[]>(...keys);
      const writes = new Writes();
      let moved = 0;
      wanted.forEach((move, i) => {
        const from = isStatus(raw[i]) ? raw[i] : null;
        if (!indexMoves(from, move.to)) return;
        const at = Date.parse(move.at);
        writes.set(statusKey(move.leadId), move.to);
        if (from) writes.zrem(setKey(from), move.leadId);
        else writes.zadd(ALL_KEY, { score: at, member: move.leadId });
        writes.zadd(setKey(move.to), { score: at, member: move.leadId });
        moved += 1;
      });
      if (moved === 0) return 0;
      const watched = keys.map((key, i) => ({ key, read: raw[i] ?? null }));
      if ((await compareAndWrite(redis, watched, writes)).applied) return moved;
    }
  }

  /** How many leads stand at each status. */
  async function funnel(): Promise<Record<TIndexStatus, number>> {
    const pipe = redis.pipeline();
    for (const status of INDEX_STATUSES) pipe.zcard(setKey(status));
    const counts = await pipe.exec<number[]>();
    return Object.fromEntries(
      INDEX_STATUSES.map((status, i) => [status, Number(counts[i] ?? 0)]),
    ) as Record<TIndexStatus, number>;
  }

  /** A slice of the leads at `status` (every lead when null), newest first, from `offset`. */
  async function slice(status: TIndexStatus | null, offset: number, count: number) {
    const key = status ? setKey(status) : ALL_KEY;
    const [ids, total] = await redis
      .pipeline()
      .zrange(key, offset, offset + count - 1, { rev: true })
      .zcard(key)
      .exec<[string[], number]>();
    return { ids: ids.map(String), total: Number(total) };
  }

  /** Each lead's overall status (null when not indexed). */
  async function statusOf(leadIds: readonly string[]): Promise<(TIndexStatus | null)[]> {
    if (leadIds.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...leadIds.map(statusKey));
    return raw.map((value) => (isStatus(value) ? value : null));
  }

  return { advance, funnel, slice, statusOf };
}

export type LeadIndex = ReturnType<typeof createLeadIndex>;

/** The overall status of a pipeline status (lead-record.ts). */
export function pipelineIndexStatus(status: string): TIndexStatus {
  if (status === "scraped") return "new";
  if (status === "dropped" || status === "disqualified") return "dropped";
  return isStatus(status) ? status : "new";
}
