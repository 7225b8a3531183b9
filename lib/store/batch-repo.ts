// GATEKEEPER batches in the store: the immutable snapshot with its content hash under one key, the
// state beside it, and an index by creation time. A state changes only from the state as read
// (compare-and-write), so two approvals, or an approval racing the expiry, change it once.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import {
  type TBatchSnapshot,
  type TBatchState,
  type TBatchStatus,
  ZBatchSnapshot,
  ZBatchState,
} from "../dispatch/batch-types.ts";
import { storeKey } from "./keys.ts";
import { parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

const batchKey = (id: string) => storeKey("batch", id);
const stateKey = (id: string) => storeKey("batch", id, "state");
const BATCHES_KEY = storeKey("batches");

const ZStoredBatch = z.object({ snapshot: ZBatchSnapshot, hash: z.string() });

/** A batch as read: snapshot, hash, state, and the raw state a change must find unchanged. */
export type TBatchRead = {
  snapshot: TBatchSnapshot;
  hash: string;
  state: TBatchState;
  rawState: unknown;
};

export function createBatchRepo(redis: Redis) {
  /** Stores a new batch (its snapshot is never written again). */
  async function create(snapshot: TBatchSnapshot, hash: string, state: TBatchState) {
    await redis
      .multi()
      .set(batchKey(snapshot.id), { snapshot, hash })
      .set(stateKey(snapshot.id), state)
      .zadd(BATCHES_KEY, { score: Date.parse(snapshot.createdAt), member: snapshot.id })
      .exec();
  }

  async function get(id: string): Promise<TBatchRead | null> {
    const [rawBatch, rawState] = await redis.mget<unknown[]>(batchKey(id), stateKey(id));
    const stored = parseStored(ZStoredBatch, batchKey(id), rawBatch);
    const state = parseStored(ZBatchState, stateKey(id), rawState);
    if (!stored || !state) return null;
    return { ...stored, state, rawState };
  }

  /**
   * Moves the batch to `next` if its state is still as `read`, with `extra` writes landing
   * atomically with it; false (nothing written) when it changed meanwhile.
   */
  async function transition(
    read: TBatchRead,
    next: TBatchState,
    extra: (writes: Writes) => void = () => {},
  ): Promise<boolean> {
    const writes = new Writes();
    writes.set(stateKey(read.snapshot.id), next);
    extra(writes);
    const outcome = await compareAndWrite(
      redis,
      [{ key: stateKey(read.snapshot.id), read: read.rawState }],
      writes,
    );
    return outcome.applied;
  }

  /** The newest batches first (of the latest `scan`), with their state; damaged ones left out. */
  async function recent(
    limit: number,
    status?: TBatchStatus,
    scan = 500,
  ): Promise<{ snapshot: TBatchSnapshot; hash: string; state: TBatchState }[]> {
    const ids = await redis.zrange<string[]>(BATCHES_KEY, 0, scan - 1, { rev: true });
    if (ids.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...ids.flatMap((id) => [batchKey(id), stateKey(id)]));
    const out: { snapshot: TBatchSnapshot; hash: string; state: TBatchState }[] = [];
    ids.forEach((id, i) => {
      if (out.length >= limit) return;
      try {
        const stored = parseStored(ZStoredBatch, batchKey(id), raw[2 * i]);
        const state = parseStored(ZBatchState, stateKey(id), raw[2 * i + 1]);
        if (stored && state && (!status || state.status === status)) out.push({ ...stored, state });
      } catch {
        // A damaged batch is left out of listings; reading it by id reports it.
      }
    });
    return out;
  }

  return { create, get, transition, recent };
}

export type BatchRepo = ReturnType<typeof createBatchRepo>;
