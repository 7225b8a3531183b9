// Provider campaigns this system created or filled: Instantly campaigns (one per email batch,
// created as drafts, activated only by a person) and the HeyReach campaigns it added leads to.
// The emergency stop pauses every one of them that may be sending.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "./keys.ts";
import { hashReply, parseListed, parseStored } from "./parse-stored.ts";

const CAMPAIGNS_KEY = storeKey("campaigns");

export const ZCampaignRecord = z.object({
  provider: z.enum(["instantly", "heyreach"]),
  id: z.string(),
  name: z.string(),
  batchIds: z.array(z.string()),
  /** The sending accounts of an Instantly campaign (absent on records from before they were kept). */
  accounts: z.array(z.string()).optional(),
  status: z.enum(["draft", "active", "paused"]),
  sandbox: z.boolean(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  activatedBy: z.string().nullable(),
  pausedAt: z.string().nullable(),
  pausedReason: z.string().nullable(),
});
export type TCampaignRecord = z.infer<typeof ZCampaignRecord>;

const field = (provider: TCampaignRecord["provider"], id: string) => `${provider}:${id}`;

export function createCampaignRepo(redis: Redis) {
  async function get(
    provider: TCampaignRecord["provider"],
    id: string,
  ): Promise<TCampaignRecord | null> {
    const key = field(provider, id);
    return parseStored(
      ZCampaignRecord,
      `${CAMPAIGNS_KEY}[${key}]`,
      await redis.hget(CAMPAIGNS_KEY, key),
    );
  }

  async function save(record: TCampaignRecord): Promise<void> {
    await redis.hset(CAMPAIGNS_KEY, {
      [field(record.provider, record.id)]: JSON.stringify(record),
    });
  }

  async function list(): Promise<TCampaignRecord[]> {
    const raw = hashReply(await redis.hgetall(CAMPAIGNS_KEY));
    const { values } = parseListed(
      ZCampaignRecord,
      Object.entries(raw).map(([id, value]) => ({
        id,
        key: `${CAMPAIGNS_KEY}[${id}]`,
        raw: value,
      })),
    );
    return values.filter((record): record is TCampaignRecord => record !== null);
  }

  return { get, save, list };
}

export type CampaignRepo = ReturnType<typeof createCampaignRepo>;
