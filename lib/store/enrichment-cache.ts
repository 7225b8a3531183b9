// The enrichment cache: a profile we paid for, keyed by every canonical identity of the person
// (Apollo id, email, LinkedIn URL), so that a known person never costs a second credit.
import type { Redis } from "@upstash/redis";
import { type IdentityKeys, presentIdentities } from "../leads/identity.ts";
import { type TPersonProfile, ZPersonProfile } from "../leads/profile.ts";
import { storeKey } from "./keys.ts";
import { parseStored } from "./parse-stored.ts";

const cacheKey = (kind: keyof IdentityKeys, value: string) => storeKey("enrichment", kind, value);

/** Cache keys of a person: one per identity they have (Apollo id looked up first). */
function keysOf(identity: IdentityKeys): string[] {
  const pairs = presentIdentities(identity).sort(
    ([a], [b]) => Number(b === "apolloId") - Number(a === "apolloId"),
  );
  return pairs.map(([kind, value]) => cacheKey(kind, value));
}

export function createEnrichmentCache(redis: Redis) {
  /** The cached profile of each person (null on a miss), in one round trip. */
  async function lookup(identities: readonly IdentityKeys[]): Promise<(TPersonProfile | null)[]> {
    const perPerson = identities.map(keysOf);
    const flat = perPerson.flat();
    if (flat.length === 0) return identities.map(() => null);
    const raw = await redis.mget<unknown[]>(...flat);
    const found = new Map<string, TPersonProfile | null>();
    for (const [i, key] of flat.entries()) {
      found.set(key, parseStored(ZPersonProfile, key, raw[i]));
    }
    return perPerson.map((keys) => {
      for (const key of keys) {
        const profile = found.get(key);
        if (profile) return profile;
      }
      return null;
    });
  }

  /** Caches each profile under every identity it has, in one round trip. */
  async function store(entries: readonly { identity: IdentityKeys; profile: TPersonProfile }[]) {
    const values: Record<string, TPersonProfile> = {};
    for (const { identity, profile } of entries) {
      for (const key of keysOf(identity)) values[key] = profile;
    }
    if (Object.keys(values).length > 0) await redis.mset(values);
  }

  return { lookup, store };
}

export type EnrichmentCache = ReturnType<typeof createEnrichmentCache>;
