// Failed sign-ins and bearer checks per client address, counted in the store so every instance
// shares them: past the limit within the window a client gets 429 with Retry-After. Only failures
// count, and a right token is never refused, so the owner can always get in.
import type { Redis } from "@upstash/redis";
import { storeKey } from "./keys.ts";

/** Failures allowed per client address in one window before 429. */
export const AUTH_FAILURE_LIMIT = 50;
/** The window, in seconds. */
export const AUTH_FAILURE_WINDOW_SECONDS = 15 * 60;

const failuresKey = (client: string) => storeKey("auth", "failures", client);

export function createAuthFailures(redis: Redis) {
  /**
   * Counts one failure for `client`; returns the seconds to wait when the client is now over the
   * limit, else null.
   */
  async function fail(client: string): Promise<number | null> {
    const key = failuresKey(client);
    const [count, ttl] = await redis.multi().incr(key).ttl(key).exec<[number, number]>();
    if (ttl < 0) await redis.expire(key, AUTH_FAILURE_WINDOW_SECONDS);
    if (count <= AUTH_FAILURE_LIMIT) return null;
    return ttl > 0 ? ttl : AUTH_FAILURE_WINDOW_SECONDS;
  }

  return { fail };
}

export type AuthFailures = ReturnType<typeof createAuthFailures>;
