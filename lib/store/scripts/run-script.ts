// Runs one of the app's Lua scripts: by SHA-1 first (no script text on the wire), and with its
// text when the store does not have it cached yet (NOSCRIPT after a restart or a SCRIPT FLUSH).
import { hash } from "node:crypto";
import type { Redis } from "@upstash/redis";

/** The SHA-1 Redis knows a script by (EVALSHA). */
export const scriptSha = (lua: string): string => hash("sha1", lua, "hex");

const shas = new Map<string, string>();

export async function runScript(
  redis: Redis,
  lua: string,
  keys: string[],
  args: string[],
): Promise<unknown> {
  let sha = shas.get(lua);
  if (sha === undefined) {
    sha = scriptSha(lua);
    shas.set(lua, sha);
  }
  try {
    return await redis.evalsha(sha, keys, args);
  } catch (error) {
    if (!/NOSCRIPT/.test(String(error))) throw error;
    return redis.eval(lua, keys, args);
  }
}
