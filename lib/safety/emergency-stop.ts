// Safety layer 1: the emergency stop's runtime switch in the store (lib/dispatch/emergency.ts
// combines it with EMERGENCY_STOP in env and config/safety.json).
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
