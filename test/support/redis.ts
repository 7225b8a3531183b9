// Test helpers for the store: the provided Redis URL, unique key prefixes, and prefix cleanup.
import { randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { inject } from "vitest";

/** URL of the Redis the global setup provides, or undefined when there is none. */
export function testRedisUrl(): string | undefined {
  return inject("redisUrl");
}

/** Why Redis-backed tests are skipped, shown in the test name when no Redis is available. */
export const NO_REDIS_REASON = "skipped: no REDIS_URL and no redis-server on PATH";

/** A key prefix no other test uses, e.g. `alpha-swarm-test:contract:3f9a…:`. */
export function uniquePrefix(label: string): string {
  return `alpha-swarm-test:${label}:${randomBytes(6).toString("hex")}:`;
}

/** Deletes every key under `prefix` (SCAN + DEL), leaving the rest of the server alone. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 100 });
    if (keys.length > 0) await redis.del(...keys);
    cursor = String(next);
  } while (cursor !== "0");
}
