// Signals in the store: webhook deliveries already accepted (a retried or replayed delivery is
// recognised for a week), payloads parked for review, and applying a signal to its lead once —
// the lead's status (forward only, lead-status.ts) and timeline line land together with the
// signal's "applied" mark, so concurrent or repeated signals each change the lead once.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { type TLeadStatus, transition } from "../signals/lead-status.ts";
import { storeKey } from "./keys.ts";
import type { TWriteAlong } from "./kpi-repo.ts";
import type { TEngagement, TTimelineEntry } from "./outreach-repo.ts";
import { outreachKeys } from "./outreach-repo.ts";
import { hashReply, parseListed, parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

const WEEK_SECONDS = 7 * 24 * 3600;
const SEEN_SECONDS = 60;
const seenKey = (id: string) => storeKey("webhook", "seen", id);
const appliedKey = (id: string) => storeKey("signal", "applied", id);
const PARKED_KEY = storeKey("webhook", "parked");
const PARKED_MAX = 1000;
const registrationsKey = (provider: string) => storeKey("webhook", "registered", provider);

export const ZParked = z.object({
  at: z.string(),
  source: z.string(),
  reason: z.string(),
  payload: z.unknown(),
});
export type TParked = z.infer<typeof ZParked>;

const ZEngagement = z.object({ status: z.string(), at: z.string(), reason: z.string() });

export type TApplyOutcome =
  | { duplicate: true }
  | { duplicate: false; from: TLeadStatus | null; to: TLeadStatus | null; changed: boolean };

export function createSignalRepo(redis: Redis) {
  /**
   * True the first time a delivery id is seen within a minute: the fast answer to a burst of
   * repeats. A later repeat is handed on again and applied once all the same (the event's id, and
   * the signal's "applied" mark, which lasts a week); and a crash between this mark and the hand-off
   * loses nothing, since the mark is gone before the provider retries.
   */
  async function firstDelivery(id: string): Promise<boolean> {
    return (await redis.set(seenKey(id), "1", { nx: true, ex: SEEN_SECONDS })) === "OK";
  }

  /** Forgets a delivery (its signal could not be handed on: the provider's retry is wanted). */
  async function forgetDelivery(id: string): Promise<void> {
    await redis.del(seenKey(id));
  }

  async function park(entry: TParked): Promise<void> {
    await redis.multi().rpush(PARKED_KEY, entry).ltrim(PARKED_KEY, -PARKED_MAX, -1).exec();
  }

  async function parked(limit: number): Promise<TParked[]> {
    const raw = await redis.lrange<unknown>(PARKED_KEY, -limit, -1);
    const { values } = parseListed(
      ZParked,
      raw.map((value, i) => ({ id: `${PARKED_KEY}[${i}]`, key: PARKED_KEY, raw: value })),
    );
    return values.filter((v): v is TParked => v !== null).reverse();
  }

  /**
   * Applies signal `signalId` to the lead once: its status moves to `status` when the rules allow
   * (null: timeline only) and the timeline gets `entry`, atomically with the "applied" mark and
   * whatever `along` writes from its key (the KPI counts).
   */
  async function apply(
    leadId: string,
    signalId: string,
    status: TLeadStatus | null,
    entry: TTimelineEntry,
    along?: TWriteAlong,
  ): Promise<TApplyOutcome> {
    const keys = outreachKeys(leadId);
    for (;;) {
      const [rawStatus, rawApplied, rawAlong] = await redis.mget<unknown[]>(
        keys.engagement,
        appliedKey(signalId),
        ...(along ? [along.key] : []),
      );
      if (rawApplied !== null && rawApplied !== undefined) return { duplicate: true };
      await along?.prepare?.(rawAlong ?? null);
      const current = parseStored(ZEngagement, keys.engagement, rawStatus);
      const from = (current?.status ?? null) as TLeadStatus | null;
      const changed = status !== null && transition(from, status);
      const writes = new Writes();
      writes.set(appliedKey(signalId), leadId, { ex: WEEK_SECONDS });
      if (changed && status) {
        const next: TEngagement = { status, at: entry.at, reason: entry.type };
        writes.set(keys.engagement, next);
      }
      writes.rpush(
        keys.timeline,
        changed ? { ...entry, detail: `${entry.detail} (status → ${status})` } : entry,
      );
      writes.ltrim(keys.timeline, -500, -1);
      along?.write(rawAlong ?? null, writes);
      const outcome = await compareAndWrite(
        redis,
        [
          { key: keys.engagement, read: rawStatus },
          { key: appliedKey(signalId), read: null },
          ...(along ? [{ key: along.key, read: rawAlong ?? null }] : []),
        ],
        writes,
      );
      if (outcome.applied) return { duplicate: false, from, to: changed ? status : from, changed };
    }
  }

  /** The webhooks registered at a provider that lists none back: event type → digest of the URL. */
  async function registrations(provider: string): Promise<Record<string, string>> {
    const raw = hashReply(await redis.hgetall(registrationsKey(provider)));
    return Object.fromEntries(
      Object.entries(raw).map(([event, digest]) => [event, String(digest)]),
    );
  }

  /** Records a webhook registered at a provider (the URL's digest: it holds the secret). */
  async function recordRegistration(provider: string, eventType: string, urlDigest: string) {
    await redis.hset(registrationsKey(provider), { [eventType]: urlDigest });
  }

  return {
    firstDelivery,
    forgetDelivery,
    park,
    parked,
    apply,
    registrations,
    recordRegistration,
  };
}

export type SignalRepo = ReturnType<typeof createSignalRepo>;
