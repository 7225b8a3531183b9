// Sign-in sessions of the /sales page: a random id in an HttpOnly cookie, stored only as its
// SHA-256 digest with the actor's name, expiring on its own.
import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { expand } from "./compact/compact-json.ts";
import { storeKey } from "./keys.ts";

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const ZSession = z.object({ actor: z.string(), createdAt: z.string(), tokenDigest: z.string() });
export type TSession = z.infer<typeof ZSession>;

const sessionKey = (id: string) =>
  storeKey("session", createHash("sha256").update(id).digest("hex"));

/**
 * Sessions belong to the dashboard token that opened them: when the token changes (say, after a
 * leak), every session opened with the old one stops working.
 */
export function createSessionRepo(redis: Redis, tokenDigest: Buffer) {
  const digest = tokenDigest.toString("hex");

  async function create(actor: string, at: Date): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    const session: TSession = { actor, createdAt: at.toISOString(), tokenDigest: digest };
    await redis.set(sessionKey(id), session, { ex: SESSION_TTL_SECONDS });
    return id;
  }

  async function get(id: string): Promise<TSession | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return null;
    const session = ZSession.safeParse(expand(await redis.get(sessionKey(id))));
    return session.success && session.data.tokenDigest === digest ? session.data : null;
  }

  async function remove(id: string): Promise<void> {
    await redis.del(sessionKey(id));
  }

  return { create, get, remove };
}

export type SessionRepo = ReturnType<typeof createSessionRepo>;
