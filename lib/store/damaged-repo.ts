// Stored records that failed their schema when a listing read them: kept by key with the reason
// and when it was first seen, logged once, and listed read-only for the operator to repair.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import type { Logger } from "../log.ts";
import { storeKey } from "./keys.ts";
import { hashReply, type TSkipped } from "./parse-stored.ts";

const DAMAGED_KEY = storeKey("store", "damaged");

const ZDamaged = z.object({ id: z.string(), key: z.string(), reason: z.string(), at: z.string() });
export type TDamaged = z.infer<typeof ZDamaged>;

export function createDamagedRepo(redis: Redis, now: () => Date, logger: Logger) {
  /** Notes skipped records; each is logged the first time it is seen, not on every listing. */
  async function record(skipped: readonly TSkipped[]): Promise<void> {
    if (skipped.length === 0) return;
    const at = now().toISOString();
    const pipeline = redis.pipeline();
    for (const item of skipped)
      pipeline.hsetnx(DAMAGED_KEY, item.key, JSON.stringify({ ...item, at }));
    const added = await pipeline.exec<number[]>();
    skipped.forEach((item, index) => {
      if (added[index] === 1) logger.warn(`skipped a damaged stored record: ${item.reason}`);
    });
  }

  /** Every damaged record seen, oldest first. */
  async function list(): Promise<TDamaged[]> {
    const raw = hashReply(await redis.hgetall(DAMAGED_KEY));
    const items = Object.values(raw).flatMap((value) => {
      const parsed = ZDamaged.safeParse(typeof value === "string" ? JSON.parse(value) : value);
      return parsed.success ? [parsed.data] : [];
    });
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }

  return { record, list };
}

export type DamagedRepo = ReturnType<typeof createDamagedRepo>;
