// The audit trail: an append-only list of every approve, reject, edit and override, every run
// cancellation, batch approval, emergency stop switch, campaign activation and clearance of the
// deliverability guard — actor, action, what it was about, before/after, time. Nothing in the app
// edits or deletes an entry.
import { randomUUID } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { parseListed } from "./parse-stored.ts";

export const ZAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum([
    "approve",
    "reject",
    "edit",
    "override",
    "undo",
    "cancel_run",
    "approve_batch",
    "emergency_stop",
    "activate_campaign",
    "stop_cadence",
    "clear_deliverability_guard",
  ]),
  /** The card decided or edited; null for an entry about a pipeline run. */
  cardId: z.string().nullable(),
  /** The pipeline run an entry is about (a cancellation). */
  runId: z.string().optional(),
  /** The dispatch batch an entry is about (its approval). */
  batchId: z.string().optional(),
  /** The provider campaign an entry is about (its activation). */
  campaignId: z.string().optional(),
  /** The lead an entry is about (its cadence stopped by a person). */
  leadId: z.string().optional(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  detail: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

const ALL_KEY = storeKey("audit");
const cardAuditKey = (cardId: string) => storeKey("audit", "card", cardId);

/** A new entry with its id. */
export function auditEntry(entry: Omit<TAuditEntry, "id">): TAuditEntry {
  return {
    // A UUID's first 8 hex digits are random (and UUIDs come from a pool, unlike randomBytes).
    id: `aud_${Date.parse(entry.at).toString(36)}_${randomUUID().slice(0, 8)}`,
    ...entry,
  };
}

type Appender = { rpush: (key: string, ...values: TAuditEntry[]) => unknown };

export function createAuditRepo(redis: Redis) {
  /** Queues the entries onto a transaction or pipeline, so they land with the change they record. */
  function appendTo(tx: Appender, entries: readonly TAuditEntry[]): void {
    for (const entry of entries) {
      tx.rpush(ALL_KEY, entry);
      if (entry.cardId !== null) tx.rpush(cardAuditKey(entry.cardId), entry);
    }
  }

  /** Appends entries now (for changes that are not themselves a store write). */
  async function append(entries: readonly TAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const tx = redis.multi();
    appendTo(tx, entries);
    await tx.exec();
  }

  /** Newest first; for one card when `cardId` is given. */
  async function list(options: { cardId?: string; limit: number; offset: number }) {
    const key = options.cardId ? cardAuditKey(options.cardId) : ALL_KEY;
    const end = -1 - options.offset;
    const start = end - options.limit + 1;
    const [raw, total] = await redis
      .pipeline()
      .lrange(key, start, end)
      .llen(key)
      .exec<[unknown[], number]>();
    const { values, skipped } = parseListed(
      ZAuditEntry,
      raw.map((value, i) => ({ id: `${key}[${end - (raw.length - 1 - i)}]`, key, raw: value })),
    );
    const entries = values.filter((entry): entry is TAuditEntry => entry !== null);
    return { entries: entries.reverse(), total, skipped };
  }

  return { appendTo, append, list };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
