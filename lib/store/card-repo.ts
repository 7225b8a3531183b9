// Approval cards in the store: one card per lead and campaign, holding the crafted sequence, its
// first message for the Head of Sales, the compliance checks and the "why this score" factors.
// Pending cards are also indexed in a sorted set by creation time (oldest first).

import { createHash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { ZScoreFactor, ZTier } from "../scoring/score-types.ts";
import { storeKey } from "./keys.ts";
import { parseStored } from "./parse-stored.ts";

export const ZComplianceResult = z.object({
  passed: z.boolean(),
  checks: z.array(z.object({ id: z.string(), passed: z.boolean(), detail: z.string() })),
});

export const ZSequenceStep = z.object({
  step: z.number().int().min(1),
  day: z.number().int().min(1),
  channel: z.enum(["email", "linkedin"]),
  template: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
});
export type TSequenceStep = z.infer<typeof ZSequenceStep>;

export const ZCardStatus = z.enum(["pending", "approved", "rejected", "failed"]);

export const ZCard = z.object({
  id: z.string(),
  leadId: z.string(),
  runId: z.string(),
  campaign: z.string(),
  status: ZCardStatus,
  tier: ZTier.nullable(),
  score: z.number().int().min(0).max(100),
  whyThisScore: z.array(ZScoreFactor),
  message: z.object({
    channel: z.enum(["email", "linkedin"]),
    step: z.number().int().min(1),
    subject: z.string().nullable(),
    body: z.string(),
  }),
  sequence: z.array(ZSequenceStep),
  compliance: ZComplianceResult,
  /** Why crafting failed (e.g. the unfilled variable), for cards with status "failed". */
  failure: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCard = z.infer<typeof ZCard>;

const cardKey = (id: string) => storeKey("card", id);
export const PENDING_CARDS_KEY = storeKey("cards", "pending");

/** One card per lead and campaign: the id is derived, so a second run finds the first card. */
export function cardIdFor(leadId: string, campaign: string): string {
  return `card_${createHash("sha256").update(`${leadId}|${campaign}`).digest("hex").slice(0, 20)}`;
}

export function createCardRepo(redis: Redis) {
  async function getMany(ids: readonly string[]): Promise<(TCard | null)[]> {
    if (ids.length === 0) return [];
    const raw = await redis.mget<unknown[]>(...ids.map(cardKey));
    return raw.map((value, i) => parseStored(ZCard, cardKey(ids[i] ?? ""), value));
  }

  /**
   * Stores the cards that do not exist yet (two round trips for the batch); pending ones join the
   * queue. Returns the ids that were created.
   */
  async function createMissing(cards: readonly TCard[]): Promise<string[]> {
    if (cards.length === 0) return [];
    const existing = await redis.mget<unknown[]>(...cards.map((c) => cardKey(c.id)));
    const fresh = cards.filter((_, i) => existing[i] === null);
    if (fresh.length === 0) return [];
    const pipe = redis.pipeline();
    for (const card of fresh) {
      pipe.set(cardKey(card.id), card, { nx: true });
      if (card.status === "pending") {
        pipe.zadd(
          PENDING_CARDS_KEY,
          { nx: true },
          { score: Date.parse(card.createdAt), member: card.id },
        );
      }
    }
    await pipe.exec();
    return fresh.map((c) => c.id);
  }

  /** Pending card ids, oldest first. */
  async function pendingIds(): Promise<string[]> {
    return redis.zrange<string[]>(PENDING_CARDS_KEY, 0, -1);
  }

  return { getMany, createMissing, pendingIds };
}

export type CardRepo = ReturnType<typeof createCardRepo>;
