// The shadow queue: in shadow mode, the exact requests a batch would have made to each provider
// (method, path, body), in order, instead of any provider request. The newest 10,000 are kept.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { parseListed } from "./parse-stored.ts";

const SHADOW_KEY = storeKey("shadow", "queue");
const SHADOW_MAX = 10_000;

export const ZShadowEntry = z.object({
  at: z.string(),
  batchId: z.string(),
  provider: z.enum(["instantly", "heyreach"]),
  channel: z.enum(["email", "linkedin"]),
  leadIds: z.array(z.string()),
  request: z.object({ method: z.string(), path: z.string(), body: z.unknown() }),
});
export type TShadowEntry = z.infer<typeof ZShadowEntry>;

type Queue = {
  rpush: (key: string, ...values: unknown[]) => unknown;
  ltrim: (key: string, start: number, stop: number) => unknown;
};

export function createShadowRepo(redis: Redis) {
  /** Queues entries onto a transaction, so they land with the batch's record. */
  function appendTo(queue: Queue, entries: readonly TShadowEntry[]): void {
    if (entries.length === 0) return;
    queue.rpush(SHADOW_KEY, ...entries);
    queue.ltrim(SHADOW_KEY, -SHADOW_MAX, -1);
  }

  /** Queues entries on their own (a cadence step in shadow mode). */
  async function append(entries: readonly TShadowEntry[]): Promise<void> {
    const tx = redis.multi();
    appendTo(tx, entries);
    await tx.exec();
  }

  /** Newest first, a page at a time, with the total held. */
  async function list(options: { limit: number; offset: number }) {
    const end = -1 - options.offset;
    const start = end - options.limit + 1;
    const [raw, total] = await redis
      .pipeline()
      .lrange(SHADOW_KEY, start, end)
      .llen(SHADOW_KEY)
      .exec<[unknown[], number]>();
    const { values, skipped } = parseListed(
      ZShadowEntry,
      raw.map((value, i) => ({ id: `${SHADOW_KEY}[${i}]`, key: SHADOW_KEY, raw: value })),
    );
    const entries = values.filter((entry): entry is TShadowEntry => entry !== null).reverse();
    return { entries, total, skipped };
  }

  return { appendTo, append, list };
}

export type ShadowRepo = ReturnType<typeof createShadowRepo>;
