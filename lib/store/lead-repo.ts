// Leads in the store: one record per person, found through any of their canonical identity keys
// (email, Apollo id, LinkedIn URL). Reads and writes are batched so a stage costs a couple of round
// trips per batch of leads, not per lead.
import type { Redis } from "@upstash/redis";
import {
  type IdentityKeys,
  identityKeys,
  leadIdFor,
  presentIdentities,
} from "../leads/identity.ts";
import { type TLeadRecord, ZLeadRecord } from "../leads/lead-record.ts";
import type { TSearchPerson } from "../leads/profile.ts";
import { storeKey } from "./keys.ts";
import { listStored, parseStored, type TSkipped } from "./parse-stored.ts";

const leadKey = (id: string) => storeKey("lead", id);
const indexKey = (kind: keyof IdentityKeys, value: string) => storeKey("lead-index", kind, value);

/** The identity index entries a lead owns. */
function indexEntries(keys: IdentityKeys): string[] {
  return presentIdentities(keys).map(([kind, value]) => indexKey(kind, value));
}

export type UpsertResult = { lead: TLeadRecord; created: boolean };

export function createLeadRepo(redis: Redis, now: () => Date = () => new Date()) {
  async function getMany(ids: readonly string[]): Promise<(TLeadRecord | null)[]> {
    if (ids.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...ids.map(leadKey));
    return raw.map((value, i) => parseStored(ZLeadRecord, leadKey(ids[i] ?? ""), value));
  }

  /** Leads for a listing, in the order asked (null when missing or damaged); damaged reported. */
  async function listMany(
    ids: readonly string[],
  ): Promise<{ items: (TLeadRecord | null)[]; skipped: TSkipped[] }> {
    const { values, skipped } = await listStored(redis, ZLeadRecord, ids, leadKey);
    return { items: values, skipped };
  }

  /** Writes leads and claims their identity index entries (first writer of a key keeps it). */
  async function saveMany(leads: readonly TLeadRecord[]): Promise<void> {
    if (leads.length === 0) return;
    const pipe = redis.pipeline();
    for (const lead of leads) {
      pipe.set(leadKey(lead.id), lead);
      for (const key of indexEntries(lead.keys)) pipe.set(key, lead.id, { nx: true });
    }
    await pipe.exec();
  }

  /**
   * Finds or creates the lead of each search hit: an existing person (by Apollo id) is returned as
   * stored, with the campaign added; a new one is created. Two round trips for the whole batch.
   */
  async function upsertFromSearch(
    people: readonly TSearchPerson[],
    campaign: string,
    signals: readonly string[],
  ): Promise<UpsertResult[]> {
    if (people.length === 0) return [];
    const keysOf = people.map((p) => identityKeys({ apolloId: p.apolloId }));
    const known = await redis.mget<(string | null)[]>(
      ...keysOf.map((k) => indexKey("apolloId", k.apolloId ?? "")),
    );
    const existingIds = known.filter((id): id is string => typeof id === "string");
    const existing = new Map<string, TLeadRecord>();
    for (const lead of await getMany(existingIds)) if (lead) existing.set(lead.id, lead);
    const at = now().toISOString();
    const results: UpsertResult[] = [];
    const seen = new Set<string>();
    people.forEach((person, i) => {
      const keys = keysOf[i] as IdentityKeys;
      const id = known[i] ?? leadIdFor(keys);
      if (seen.has(id)) return;
      seen.add(id);
      const stored = existing.get(id);
      if (stored) {
        const fresh = !stored.campaigns.includes(campaign);
        const lead = fresh
          ? {
              ...stored,
              campaigns: [...stored.campaigns, campaign],
              signals: [...new Set([...stored.signals, ...signals])],
              updatedAt: at,
            }
          : stored;
        results.push({ lead, created: false });
        return;
      }
      results.push({
        created: true,
        lead: {
          id,
          campaigns: [campaign],
          keys,
          search: person,
          profile: null,
          enrichment: null,
          verification: null,
          signals: [...signals],
          score: null,
          status: "scraped",
          dropped: null,
          cardId: null,
          createdAt: at,
          updatedAt: at,
        },
      });
    });
    await saveMany(
      results.filter((r) => r.created || r.lead !== existing.get(r.lead.id)).map((r) => r.lead),
    );
    return results;
  }

  /**
   * Which lead already owns each of these emails (null where none does), so that a person who
   * reached us twice under different ids is recognised once their email is known.
   */
  async function ownersOfEmails(emails: readonly (string | null)[]): Promise<(string | null)[]> {
    const present = emails.filter((e): e is string => Boolean(e));
    if (present.length === 0) return emails.map(() => null);
    const owners = await redis.mget<(string | null)[]>(...present.map((e) => indexKey("email", e)));
    const byEmail = new Map(present.map((e, i) => [e, owners[i] ?? null]));
    return emails.map((e) => (e ? (byEmail.get(e) ?? null) : null));
  }

  return { getMany, listMany, saveMany, upsertFromSearch, ownersOfEmails };
}

export type LeadRepo = ReturnType<typeof createLeadRepo>;
