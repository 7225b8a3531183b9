// A lead's outreach: for each channel, when it entered a sequence (live, through a provider) or the
// shadow queue, by which batch; the lead's engagement status (set by signals: replied,
// unsubscribed, bounced, meeting booked…); and its timeline, newest last. Each channel has its own
// key, so the email and LinkedIn sends of one lead never overwrite each other.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { transition, ZLeadStatus } from "../signals/lead-status.ts";
import { storeKey } from "./keys.ts";
import { parseListed, parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

export const ZOutreachChannel = z.enum(["email", "linkedin"]);
export type TOutreachChannel = z.infer<typeof ZOutreachChannel>;

/** How a lead entered a channel. */
export const ZChannelEntry = z.object({
  mode: z.enum(["live", "shadow"]),
  at: z.string(),
  batchId: z.string(),
  cardId: z.string(),
  /** The provider's id for the lead or campaign (Instantly lead id, HeyReach campaign id). */
  providerRef: z.string().nullable(),
});
export type TChannelEntry = z.infer<typeof ZChannelEntry>;

/** The lead's outreach status (lead-status.ts): set by dispatch and by signals, forward only. */
const ZEngagement = z.object({
  // Dispatches before the 21 statuses stored "in_sequence": it reads as "contacted".
  status: z.preprocess((v) => (v === "in_sequence" ? "contacted" : v), ZLeadStatus),
  at: z.string(),
  reason: z.string(),
});
export type TEngagement = z.infer<typeof ZEngagement>;

export const ZTimelineEntry = z.object({
  at: z.string(),
  type: z.string().min(1),
  channel: ZOutreachChannel.nullable(),
  detail: z.string(),
  batchId: z.string().nullable(),
});
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

/** A lead's outreach as read: each channel's entry and the engagement status (null when none). */
export type TOutreach = {
  email: TChannelEntry | null;
  linkedin: TChannelEntry | null;
  engagement: TEngagement | null;
};

const channelKey = (leadId: string, channel: TOutreachChannel) =>
  storeKey("lead", leadId, "outreach", channel);
const engagementKey = (leadId: string) => storeKey("lead", leadId, "engagement");
const timelineKey = (leadId: string) => storeKey("lead", leadId, "timeline");
/** Leads that went live on a channel, by the time of their latest live entry (the decay scan's list). */
export const LIVE_LEADS_KEY = storeKey("outreach", "live");

/** The keys of a lead's status and timeline (the signal repository writes them too). */
export const outreachKeys = (leadId: string) => ({
  engagement: engagementKey(leadId),
  timeline: timelineKey(leadId),
});

/** Timeline entries kept per lead (the oldest go first). */
const TIMELINE_MAX = 500;

/** Something that queues commands: a pipeline or a transaction. */
type Queue = {
  set: (key: string, value: unknown, options?: { nx: true }) => unknown;
  zadd: (key: string, entry: { score: number; member: string }) => unknown;
  rpush: (key: string, ...values: unknown[]) => unknown;
  ltrim: (key: string, start: number, stop: number) => unknown;
};

export function createOutreachRepo(redis: Redis) {
  /** Each lead's outreach, in the order asked, in one MGET. */
  async function getMany(leadIds: readonly string[]): Promise<TOutreach[]> {
    if (leadIds.length === 0) return [];
    const raw = await redis.mget<unknown[]>(
      ...leadIds.flatMap((id) => [
        channelKey(id, "email"),
        channelKey(id, "linkedin"),
        engagementKey(id),
      ]),
    );
    return leadIds.map((id, i) => ({
      email: parseStored(ZChannelEntry, channelKey(id, "email"), raw[3 * i]),
      linkedin: parseStored(ZChannelEntry, channelKey(id, "linkedin"), raw[3 * i + 1]),
      engagement: parseStored(ZEngagement, engagementKey(id), raw[3 * i + 2]),
    }));
  }

  /** Queues a channel entry and its timeline line onto `queue` (landing with the batch's record). */
  function recordEntry(
    queue: Queue,
    leadId: string,
    channel: TOutreachChannel,
    entry: TChannelEntry,
    detail: string,
  ): void {
    queue.set(channelKey(leadId, channel), entry);
    // A live entry puts the lead in a sequence, unless a signal already gave it a status.
    if (entry.mode === "live") {
      queue.zadd(LIVE_LEADS_KEY, { score: Date.parse(entry.at), member: leadId });
      queue.set(
        engagementKey(leadId),
        { status: "contacted", at: entry.at, reason: `${channel} batch ${entry.batchId}` },
        { nx: true },
      );
    }
    appendTo(queue, leadId, [
      {
        at: entry.at,
        type: entry.mode === "live" ? `${channel}.dispatched` : `${channel}.shadowed`,
        channel,
        detail,
        batchId: entry.batchId,
      },
    ]);
  }

  /** Queues timeline entries onto `queue`, keeping the newest TIMELINE_MAX. */
  function appendTo(queue: Queue, leadId: string, entries: readonly TTimelineEntry[]): void {
    if (entries.length === 0) return;
    queue.rpush(timelineKey(leadId), ...entries);
    queue.ltrim(timelineKey(leadId), -TIMELINE_MAX, -1);
  }

  /** Appends timeline entries now. */
  async function append(leadId: string, entries: readonly TTimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const tx = redis.multi();
    appendTo(tx, leadId, entries);
    await tx.exec();
  }

  /** Sets the lead's status as is (tests and repairs; signals go through `advance`). */
  async function setEngagement(leadId: string, engagement: TEngagement): Promise<void> {
    await redis.set(engagementKey(leadId), engagement);
  }

  /**
   * Moves the lead's status to `next` if the transition rules allow it from the status as stored,
   * with `extra` writes (its timeline line) landing atomically with it; concurrent signals for one
   * lead each re-read and re-decide. Returns the status before and whether it changed.
   */
  async function advance(
    leadId: string,
    next: TEngagement,
    extra: (writes: Writes) => void = () => {},
  ): Promise<{ from: TEngagement | null; changed: boolean }> {
    for (;;) {
      const raw = await redis.get(engagementKey(leadId));
      const from = parseStored(ZEngagement, engagementKey(leadId), raw);
      if (!transition(from?.status ?? null, next.status)) return { from, changed: false };
      const writes = new Writes();
      writes.set(engagementKey(leadId), next);
      extra(writes);
      const outcome = await compareAndWrite(
        redis,
        [{ key: engagementKey(leadId), read: raw }],
        writes,
      );
      if (outcome.applied) return { from, changed: true };
    }
  }

  /** Leads that went live, oldest first, a page at a time. */
  async function liveLeads(offset: number, count: number): Promise<string[]> {
    return redis.zrange<string[]>(LIVE_LEADS_KEY, offset, offset + count - 1);
  }

  /** The lead's timeline, oldest first (entries that do not parse are left out). */
  async function timeline(leadId: string): Promise<TTimelineEntry[]> {
    const key = timelineKey(leadId);
    const raw = await redis.lrange<unknown>(key, 0, -1);
    const { values } = parseListed(
      ZTimelineEntry,
      raw.map((value, i) => ({ id: `${key}[${i}]`, key, raw: value })),
    );
    return values.filter((entry): entry is TTimelineEntry => entry !== null);
  }

  return {
    getMany,
    recordEntry,
    appendTo,
    append,
    setEngagement,
    advance,
    liveLeads,
    timeline,
  };
}

export type OutreachRepo = ReturnType<typeof createOutreachRepo>;
