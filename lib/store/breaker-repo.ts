// Circuit breakers, one per provider, held in the store so every process sees one state: closed
// (calls go; failures in a row are counted), open (calls fail fast until the cool-down ends),
// half-open (one trial call goes; its success closes the circuit, its failure opens it again).
// Every change is a compare-and-write of the provider's record, so two processes never both run
// the trial call nor lose a failure.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

export const BREAKER_PROVIDERS = [
  "apollo",
  "betterContact",
  "zeroBounce",
  "instantly",
  "heyReach",
  "goHighLevel",
] as const;
export type TBreakerProvider = (typeof BREAKER_PROVIDERS)[number];

export const ZBreaker = z.object({
  state: z.enum(["closed", "open", "half_open"]),
  failures: z.number().int().min(0),
  /** When an open circuit lets one trial call through (open), or when the trial began (half-open). */
  retryAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  changedAt: z.string().nullable(),
});
export type TBreaker = z.infer<typeof ZBreaker>;

export const CLOSED: TBreaker = {
  state: "closed",
  failures: 0,
  retryAt: null,
  lastError: null,
  lastErrorAt: null,
  changedAt: null,
};

const keyOf = (provider: string) => storeKey("breaker", provider);

/** A change to a breaker: the next record and what it means, or null to leave it. */
export type TBreakerChange<R> = (current: TBreaker) => { next: TBreaker | null; result: R };

export function createBreakerRepo(redis: Redis) {
  async function get(provider: string): Promise<TBreaker> {
    return parseStored(ZBreaker, keyOf(provider), await redis.get(keyOf(provider))) ?? CLOSED;
  }

  async function getMany(providers: readonly string[]): Promise<TBreaker[]> {
    const raw = await redis.mget<unknown[]>(...providers.map(keyOf));
    return providers.map((p, i) => parseStored(ZBreaker, keyOf(p), raw[i]) ?? CLOSED);
  }

  /** Applies `change` to the breaker as read, again on a fresh read when another process won. */
  async function update<R>(provider: string, change: TBreakerChange<R>): Promise<R> {
    const key = keyOf(provider);
    for (;;) {
      const raw = await redis.get(key);
      const current = parseStored(ZBreaker, key, raw) ?? CLOSED;
      const { next, result } = change(current);
      if (!next) return result;
      const outcome = await compareAndWrite(
        redis,
        [{ key, read: raw }],
        new Writes().set(key, next),
      );
      if (outcome.applied) return result;
    }
  }

  return { get, getMany, update };
}

export type BreakerRepo = ReturnType<typeof createBreakerRepo>;
