// Safety layer 1: the emergency stop. It holds when EMERGENCY_STOP is set in env, when
// config/safety.json says so, or when an operator has switched it on at runtime in the store.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "../store/index.ts";
import { parseStored } from "../store/parse-stored.ts";

const SWITCH_KEY = storeKey("safety", "emergency_stop");

const ZSwitch = z.object({ on: z.boolean(), by: z.string(), at: z.string(), reason: z.string() });
export type TEmergencySwitch = z.infer<typeof ZSwitch>;

/** The runtime switch as stored, or null when it was never set. */
export async function readEmergencySwitch(redis: Redis): Promise<TEmergencySwitch | null> {
  return parseStored(ZSwitch, SWITCH_KEY, await redis.get(SWITCH_KEY));
}

/**
 * Sets the runtime switch, with whatever `extra` queues (its audit entry) in the same transaction;
 * every provider send checks it before it goes out.
 */
export async function setEmergencySwitch(
  redis: Redis,
  change: { on: boolean; by: string; reason: string; at?: Date },
  extra: (tx: ReturnType<Redis["multi"]>) => void = () => {},
): Promise<TEmergencySwitch> {
  const value: TEmergencySwitch = {
    on: change.on,
    by: change.by,
    reason: change.reason,
    at: (change.at ?? new Date()).toISOString(),
  };
  const tx = redis.multi();
  tx.set(SWITCH_KEY, value);
  extra(tx);
  await tx.exec();
  return value;
}

/** True when any of the three sources holds the stop. */
export async function isEmergencyStopped(input: {
  envStop: boolean;
  configStop: boolean;
  redis: Redis;
}): Promise<boolean> {
  if (input.envStop || input.configStop) return true;
  return (await readEmergencySwitch(input.redis))?.on === true;
}
