// The alerts' memory, shared by every process through the store: how often one function (or
// stage) has failed within the escalation window, and the level an identical alert was last sent
// at, so repeats within the dedup window stay quiet unless they escalate.
import type { Redis } from "@upstash/redis";
import { storeKey } from "./keys.ts";

const countKey = (subject: string) => storeKey("alerts", "count", subject);
const sentKey = (fingerprint: string) => storeKey("alerts", "sent", fingerprint);

export function createAlertRepo(redis: Redis) {
  /** Counts one more failure of `subject`; the count lasts `windowSeconds` from the first. */
  async function countFailure(subject: string, windowSeconds: number): Promise<number> {
    const [count] = await redis
      .multi()
      .incr(countKey(subject))
      .expire(countKey(subject), windowSeconds, "NX")
      .exec<[number, number]>();
    return Number(count);
  }

  /** The level an identical alert was sent at within the dedup window (null: not sent). */
  async function sentLevel(fingerprint: string): Promise<number | null> {
    const raw = await redis.get(sentKey(fingerprint));
    return raw === null || raw === undefined ? null : Number(raw);
  }

  /** Remembers that the alert went out at `level`, for `seconds`. */
  async function markSent(fingerprint: string, level: number, seconds: number): Promise<void> {
    await redis.set(sentKey(fingerprint), String(level), { ex: seconds });
  }

  return { countFailure, sentLevel, markSent };
}

export type AlertRepo = ReturnType<typeof createAlertRepo>;
