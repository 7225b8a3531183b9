// The suppression list: one list for every channel of people nobody may contact (unsubscribed,
// bounced, the wrong person, or suppressed by hand), keyed by canonical email and canonical LinkedIn URL, so a person
// who unsubscribed by email is not added on LinkedIn either.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { canonicalEmail, canonicalLinkedinUrl } from "../leads/identity.ts";
import { storeKey } from "./keys.ts";
import { hashReply, hmgetValues, parseStored } from "./parse-stored.ts";

const SUPPRESSION_KEY = storeKey("suppression");

export const ZSuppressionReason = z.enum(["unsubscribed", "bounced", "wrong_person", "manual"]);
export const ZSuppression = z.object({
  reason: ZSuppressionReason,
  source: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});
export type TSuppression = z.infer<typeof ZSuppression>;

/** A person's identities as the suppression list keys them (canonical; absent ones null). */
export function suppressionKeys(person: {
  email?: string | null;
  linkedinUrl?: string | null;
}): string[] {
  const email = canonicalEmail(person.email);
  const linkedin = canonicalLinkedinUrl(person.linkedinUrl);
  return [...(email ? [`email:${email}`] : []), ...(linkedin ? [`linkedin:${linkedin}`] : [])];
}

export function createSuppressionRepo(redis: Redis) {
  /** Suppresses each identity of the person; an identity already suppressed keeps its first reason. */
  async function add(
    person: { email?: string | null; linkedinUrl?: string | null },
    entry: TSuppression,
  ): Promise<string[]> {
    const keys = suppressionKeys(person);
    if (keys.length === 0) return [];
    const pipe = redis.pipeline();
    for (const key of keys) pipe.hsetnx(SUPPRESSION_KEY, key, JSON.stringify(entry));
    await pipe.exec();
    return keys;
  }

  /** For each person, the first suppression found for any of their identities (null when none). */
  async function findMany(
    people: readonly { email?: string | null; linkedinUrl?: string | null }[],
  ): Promise<(TSuppression | null)[]> {
    const keysOf = people.map(suppressionKeys);
    const all = [...new Set(keysOf.flat())];
    if (all.length === 0) return people.map(() => null);
    const raw = hmgetValues(await redis.hmget(SUPPRESSION_KEY, ...all), all);
    const found = new Map<string, TSuppression>();
    all.forEach((key, i) => {
      const entry = parseStored(ZSuppression, `${SUPPRESSION_KEY}[${key}]`, raw[i]);
      if (entry) found.set(key, entry);
    });
    return keysOf.map((keys) => keys.map((key) => found.get(key)).find(Boolean) ?? null);
  }

  /** Every suppressed identity with its reason. */
  async function list(): Promise<{ identity: string; suppression: TSuppression }[]> {
    const raw = hashReply(await redis.hgetall(SUPPRESSION_KEY));
    return Object.entries(raw).flatMap(([identity, value]) => {
      const suppression = parseStored(ZSuppression, `${SUPPRESSION_KEY}[${identity}]`, value);
      return suppression ? [{ identity, suppression }] : [];
    });
  }

  return { add, findMany, list };
}

export type SuppressionRepo = ReturnType<typeof createSuppressionRepo>;
