// The ramp's record: per day (send window time zone) what happened — live runs, dispatches, errors
// — each evaluated day with whether it counted as clean and why, and the ramp's state (the streak
// of clean days, and when it graduated).
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { hashReply, parseListed, parseStored } from "./parse-stored.ts";

const activityKey = (day: string) => storeKey("ramp", "day", day);
const DAYS_KEY = storeKey("ramp", "days");
const STATE_KEY = storeKey("ramp", "state");
const ACTIVITY_TTL_SECONDS = 90 * 24 * 3600;

export const ZRampActivity = z.enum(["live_runs", "dispatches", "errors"]);
export type TRampActivity = z.infer<typeof ZRampActivity>;

export const ZRampDay = z.object({
  day: z.string(),
  clean: z.boolean(),
  /** What the day did to the streak. */
  effect: z.enum(["counted", "unchanged", "reset"]),
  reasons: z.array(z.string()),
  liveRuns: z.number().int(),
  dispatches: z.number().int(),
  errors: z.number().int(),
  pendingHolds: z.number().int(),
  streakAfter: z.number().int(),
  evaluatedAt: z.string(),
});
export type TRampDay = z.infer<typeof ZRampDay>;

export const ZRampState = z.object({
  streak: z.number().int().min(0),
  graduatedAt: z.string().nullable(),
  lastEvaluatedDay: z.string().nullable(),
});
export type TRampState = z.infer<typeof ZRampState>;

const INITIAL: TRampState = { streak: 0, graduatedAt: null, lastEvaluatedDay: null };

export function createRampRepo(redis: Redis) {
  /** Counts something that happened on the day. */
  async function count(day: string, activity: TRampActivity, by = 1): Promise<void> {
    await redis
      .multi()
      .hincrby(activityKey(day), activity, by)
      .expire(activityKey(day), ACTIVITY_TTL_SECONDS)
      .exec();
  }

  /** The day's counts (0 for nothing). */
  async function activity(day: string): Promise<Record<TRampActivity, number>> {
    const raw = hashReply(await redis.hgetall(activityKey(day)));
    const n = (field: TRampActivity) => Number(raw[field] ?? 0) || 0;
    return { live_runs: n("live_runs"), dispatches: n("dispatches"), errors: n("errors") };
  }

  async function state(): Promise<TRampState> {
    return parseStored(ZRampState, STATE_KEY, await redis.get(STATE_KEY)) ?? INITIAL;
  }

  /** Records an evaluated day and the state after it, together. */
  async function recordDay(day: TRampDay, next: TRampState): Promise<void> {
    await redis
      .multi()
      .hset(DAYS_KEY, { [day.day]: JSON.stringify(day) })
      .set(STATE_KEY, next)
      .exec();
  }

  /** Evaluated days, newest first. */
  async function days(limit = 30): Promise<TRampDay[]> {
    const raw = hashReply(await redis.hgetall(DAYS_KEY));
    const { values } = parseListed(
      ZRampDay,
      Object.entries(raw).map(([id, value]) => ({ id, key: `${DAYS_KEY}[${id}]`, raw: value })),
    );
    return values
      .filter((day): day is TRampDay => day !== null)
      .sort((a, b) => b.day.localeCompare(a.day))
      .slice(0, limit);
  }

  return { count, activity, state, recordDay, days };
}

export type RampRepo = ReturnType<typeof createRampRepo>;
