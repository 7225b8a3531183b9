// Leads in the store: one person is one lead, found through any of their canonical identity keys
// (email, Apollo id, LinkedIn URL). A lead is stored in parts (lead-parts.ts) and a batch is read
// with one MGET and written with one MSET, so a stage costs a few commands per batch of leads and
// writes only the parts it changed.
import type { Redis } from "@upstash/redis";
import {
  type IdentityKeys,
  identityKeys,
  leadIdFor,
  presentIdentities,
} from "../leads/identity.ts";
import { newLead, type TLeadRecord } from "../leads/lead-record.ts";
import type { TSearchPerson } from "../leads/profile.ts";
import { storeKey } from "./keys.ts";
import { createLeadIndex, pipelineIndexStatus } from "./lead-index.ts";
import {
  assembleLead,
  LEAD_PARTS,
  leadPartKey,
  partOf,
  partValues,
  stateOf,
  type TLeadPart,
  type TLeadState,
} from "./lead-parts.ts";
import { StoredRecordError, type TSkipped } from "./parse-stored.ts";
import { QUEUE_VERSION_KEY } from "./queue-version.ts";

const indexKey = (kind: keyof IdentityKeys, value: string) => storeKey("lead-index", kind, value);

export type UpsertResult = { lead: TLeadRecord; created: boolean };

/** The parts of a lead the Head of Sales' queue shows (the card holds its own score). */
const QUEUE_SHOWN_PARTS: ReadonlySet<TLeadPart> = new Set([
  "core",
  "enrich",
  "keys",
  "verification",
]);

export function createLeadRepo(redis: Redis, now: () => Date = () => new Date()) {
  const index = createLeadIndex(redis);
  /**
   * The named parts (default: all) of every lead, in one MGET: raw values in LEAD_PARTS order per
   * lead, undefined for a part not read.
   */
  async function readParts(
    ids: readonly string[],
    parts: readonly TLeadPart[] = LEAD_PARTS,
  ): Promise<unknown[][]> {
    if (ids.length === 0) return [];
    const keys = ids.flatMap((id) => parts.map((part) => leadPartKey(id, part)));
    const raw = await redis.mget<unknown[]>(...keys);
    return ids.map((_, i) => {
      const mine = raw.slice(i * parts.length, (i + 1) * parts.length);
      return LEAD_PARTS.map((part) => {
        const at = parts.indexOf(part);
        return at === -1 ? undefined : mine[at];
      });
    });
  }

  /** The leads, in the order asked (null when missing); a damaged lead throws StoredRecordError. */
  async function getMany(ids: readonly string[]): Promise<(TLeadRecord | null)[]> {
    return (await getEach(ids)).map((assemble) => assemble());
  }

  /**
   * The leads read as getMany does (one MGET), each assembled only when its function is called:
   * a stage that works lead by lead then holds the batch's stored text, not every lead expanded
   * at once for the whole batch.
   */
  async function getEach(ids: readonly string[]): Promise<(() => TLeadRecord | null)[]> {
    const parts = await readParts(ids);
    return ids.map((id, i) => () => assembleLead(id, parts[i] ?? []));
  }

  /**
   * Leads for a listing, in the order asked (null when missing or damaged); damaged reported.
   * With `only`, just those parts are read (with the core): the lead comes back without the
   * others (no profile, score or state of its own), for a caller that needs nothing more.
   */
  async function listMany(
    ids: readonly string[],
    only?: readonly Exclude<TLeadPart, "core">[],
  ): Promise<{ items: (TLeadRecord | null)[]; skipped: TSkipped[] }> {
    const parts = await readParts(ids, only ? ["core", ...only] : LEAD_PARTS);
    const skipped: TSkipped[] = [];
    const items = ids.map((id, i) => {
      try {
        return assembleLead(id, parts[i] ?? [], only !== undefined);
      } catch (error) {
        if (!(error instanceof StoredRecordError)) throw error;
        skipped.push({ id, key: error.key, reason: error.message });
        return null;
      }
    });
    return { items, skipped };
  }

  /**
   * Writes the named parts of each lead in one MSET (a part a lead has nothing for is left as
   * stored). Stages pass only what they changed.
   */
  async function save(leads: readonly TLeadRecord[], parts: readonly TLeadPart[]): Promise<void> {
    const values = partValues(leads, parts);
    if (Object.keys(values).length === 0) return;
    if (!parts.some((part) => QUEUE_SHOWN_PARTS.has(part))) {
      await redis.mset(values);
    } else {
      // The queue shows leads' names, keys and verification: its version moves after them.
      await redis.pipeline().mset(values).incr(QUEUE_VERSION_KEY).exec();
    }
    if (parts.includes("state")) await indexStates(leads);
  }

  /** Where the pipeline left each lead, in the leads-by-status index. */
  async function indexStates(states: readonly TLeadState[]): Promise<void> {
    await index.advance(
      states.map((state) => ({
        leadId: state.id,
        to: pipelineIndexStatus(state.status),
        at: state.updatedAt,
      })),
    );
  }

  /** Writes only where the pipeline left each lead (its state part), as save(…, ["state"]) does. */
  async function saveStates(states: readonly TLeadState[]): Promise<void> {
    if (states.length === 0) return;
    await redis.mset(
      Object.fromEntries(states.map((state) => [leadPartKey(state.id, "state"), stateOf(state)])),
    );
    await indexStates(states);
  }

  /**
   * Writes whole leads (every part; parts they have nothing for are removed) and claims their
   * identity index entries.
   */
  async function saveMany(leads: readonly TLeadRecord[]): Promise<void> {
    if (leads.length === 0) return;
    await save(leads, LEAD_PARTS);
    const empty = leads.flatMap((lead) =>
      LEAD_PARTS.filter((part) => partOf(lead, part) === undefined).map((part) =>
        leadPartKey(lead.id, part),
      ),
    );
    if (empty.length > 0)
      await redis
        .pipeline()
        .del(...empty)
        .incr(QUEUE_VERSION_KEY)
        .exec();
    await claimIdentities(leads);
  }

  /**
   * Claims each lead's identity index entries it does not hold yet (first claimant keeps a key).
   * Returns, per lead, the lead that owns its email after the claim (itself, or another lead).
   * One MGET and one MSETNX for the batch; when a concurrent batch took one of the keys in
   * between, the keys still free are read and claimed again (SET NX one by one after 3 rounds).
   */
  async function claimIdentities(leads: readonly TLeadRecord[]): Promise<(string | null)[]> {
    const wanted = new Map<string, string>();
    for (const lead of leads) {
      for (const [kind, value] of presentIdentities(lead.keys)) {
        const key = indexKey(kind, value);
        if (!wanted.has(key)) wanted.set(key, lead.id);
      }
    }
    const owner = new Map<string, string>();
    let open = [...wanted.keys()];
    for (let round = 0; open.length > 0; round++) {
      const current = await redis.mget<(string | null)[]>(...open);
      open.forEach((key, i) => {
        const holder = current[i];
        if (holder) owner.set(key, holder);
      });
      open = open.filter((key) => !owner.has(key));
      if (open.length === 0) break;
      if (round >= 3) {
        for (const key of open) {
          const leadId = wanted.get(key) as string;
          const won = (await redis.set(key, leadId, { nx: true })) === "OK";
          owner.set(key, won ? leadId : ((await redis.get<string>(key)) ?? leadId));
        }
        break;
      }
      if (
        (await redis.msetnx(Object.fromEntries(open.map((key) => [key, wanted.get(key)])))) === 1
      ) {
        for (const key of open) owner.set(key, wanted.get(key) as string);
        break;
      }
    }
    return leads.map((lead) =>
      lead.keys.email ? (owner.get(indexKey("email", lead.keys.email)) ?? null) : null,
    );
  }

  /**
   * Finds or creates the lead of each search hit: an existing person (by Apollo id) is returned as
   * stored, with the campaign added; a new one is created. About four commands for the batch.
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
            }
          : stored;
        results.push({ lead, created: false });
        return;
      }
      results.push({
        created: true,
        lead: newLead({ id, campaign, keys, search: person, signals, at }),
      });
    });
    const created = results.filter((r) => r.created).map((r) => r.lead);
    const joined = results
      .filter((r) => !r.created && r.lead !== existing.get(r.lead.id))
      .map((r) => r.lead);
    const values: Record<string, unknown> = {
      ...partValues(created, ["core", "state"]),
      // A person found again for another campaign is rewritten whole: a lead stored whole by an
      // earlier version keeps every field once its core key holds only the core.
      ...partValues(joined, LEAD_PARTS),
    };
    // The id is derived from the Apollo id, so every writer of this entry writes the same value.
    for (const lead of created) values[indexKey("apolloId", lead.keys.apolloId ?? "")] = lead.id;
    if (Object.keys(values).length > 0) {
      await redis.pipeline().mset(values).incr(QUEUE_VERSION_KEY).exec();
    }
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

  /** The lead a canonical email or LinkedIn URL belongs to (null when none). */
  async function ownerOf(kind: "email" | "linkedinUrl", value: string): Promise<string | null> {
    const owner = await redis.get<string>(indexKey(kind, value));
    return typeof owner === "string" ? owner : null;
  }

  return {
    getMany,
    getEach,
    listMany,
    save,
    saveStates,
    saveMany,
    claimIdentities,
    upsertFromSearch,
    ownersOfEmails,
    ownerOf,
  };
}

export type LeadRepo = ReturnType<typeof createLeadRepo>;
