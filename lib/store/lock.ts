// Short-lived locks in the store (SET NX PX): one request at a time changes a given thing, on any
// transport and across instances. A lock expires by itself if its holder dies.
import { randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { storeKey } from "./keys.ts";

/** Raised when a lock stays taken longer than the caller is willing to wait. */
export class LockBusyError extends Error {
  constructor(name: string) {
    super(`${name} is being changed by another request; try again`);
    this.name = "LockBusyError";
  }
}

/** Options of {@link withLock}. */
export type LockOptions = {
  /** How long the lock outlives a holder that died (default 30 s). */
  ttlMs?: number;
  /** How long to wait for the lock before a LockBusyError (default 3 s). */
  waitMs?: number;
  /**
   * Called before each attempt after the first while another request holds the lock; it may
   * throw to stop waiting (e.g. the thing was settled meanwhile, so waiting is pointless).
   */
  whileBusy?: () => Promise<void>;
};

/** Runs `fn` holding the lock `name`; waits up to `waitMs` for it. */
export async function withLock<T>(
  redis: Redis,
  name: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const key = storeKey("lock", name);
  await releaseLeftover(redis, key);
  const token = randomBytes(12).toString("hex");
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 3_000);
  for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
    if ((await redis.set(key, token, { nx: true, px: ttlMs })) === "OK") break;
    if (Date.now() >= deadline) throw new LockBusyError(name);
    await new Promise((resolve) => setTimeout(resolve, delay));
    await options.whileBusy?.();
  }
  try {
    return await fn();
  } finally {
    // Release only our own lock; if it expired and another holder took it, leave theirs alone.
    // A release the store cannot make (full disk, outage) must not turn the work's outcome into
    // an error: the next request for this lock in this process releases it first, and
    // elsewhere it expires by itself after ttlMs.
    await release(redis, key, token).catch(() => leftovers(redis).set(key, token));
  }
}

async function release(redis: Redis, key: string, token: string): Promise<void> {
  if ((await redis.get(key)) === token) await redis.del(key);
}

/** Locks this process took but could not release, per store: key → token. */
const unreleased = new WeakMap<Redis, Map<string, string>>();

function leftovers(redis: Redis): Map<string, string> {
  let map = unreleased.get(redis);
  if (!map) {
    map = new Map();
    unreleased.set(redis, map);
  }
  return map;
}

/**
 * Releases this process's own lock on `key` that an earlier release could not; throws the
 * store's error if it still cannot, so the caller answers that the store is unavailable rather
 * than that someone else is changing the thing.
 */
async function releaseLeftover(redis: Redis, key: string): Promise<void> {
  const token = unreleased.get(redis)?.get(key);
  if (token === undefined) return;
  await release(redis, key, token);
  leftovers(redis).delete(key);
}
