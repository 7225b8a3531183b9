// The HeyReach client for sandbox mode: same type and input checks as the live one (through the
// request builders), no network. Deterministic per seed: every lead is added except ~3% that
// fail (fixed by sha256 of seed and profile URL); a lead added again to the same list or campaign
// counts as updated; pause and resume set a campaign's status; stopping a lead records it as
// stopped in that campaign (by its canonical URL). State lives in this client only.
import { createHash } from "node:crypto";
import { canonicalLinkedinUrl } from "../leads/identity.ts";
import type { HeyReachAccountLeadPair, HeyReachAddResult, HeyReachClient } from "./heyreach.ts";
import {
  addLeadsToCampaignRequest,
  addLeadsToListRequest,
  createWebhookRequest,
  type HeyReachLeadInput,
  pauseCampaignRequest,
  resumeCampaignRequest,
  stopLeadInCampaignRequest,
} from "./heyreach-requests.ts";

/** Share of leads HeyReach fails to add (e.g. a profile it cannot open). */
export const HEYREACH_SANDBOX_FAILURE_RATE = 0.03;

export type HeyReachCampaignStatus = "IN_PROGRESS" | "PAUSED";

export type HeyReachSandbox = HeyReachClient & {
  /** The campaign's status as pause/resume left it (IN_PROGRESS until paused). */
  campaignStatus(campaignId: number): HeyReachCampaignStatus;
  /** Whether stopLeadInCampaign stopped this lead (any form of its URL) in this campaign. */
  leadStopped(campaignId: number, leadUrl: string): boolean;
  /** The webhooks registered through this client. */
  webhooks(): { name: string; url: string; eventType: string }[];
};

export type HeyReachSandboxOptions = { seed: string };

/** The lead's identity: its canonical LinkedIn URL, else the trimmed URL in lower case. */
const leadKey = (profileUrl: string): string =>
  canonicalLinkedinUrl(profileUrl) ?? profileUrl.trim().toLowerCase();

/** Whether HeyReach fails this lead for this seed: a fixed ~3% of profile URLs. */
export function sandboxLeadFails(seed: string, profileUrl: string): boolean {
  const digest = createHash("sha256")
    .update(`${seed}\u0000${leadKey(profileUrl)}`)
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < HEYREACH_SANDBOX_FAILURE_RATE;
}

/** A seeded, offline HeyReach that remembers which leads each list and campaign holds. */
export function createHeyReachSandbox(options: HeyReachSandboxOptions): HeyReachSandbox {
  const { seed } = options;
  const holdings = new Map<string, Set<string>>();
  const statuses = new Map<number, HeyReachCampaignStatus>();
  /** Per campaign, the leads (their key) stopped in it. */
  const stopped = new Map<number, Set<string>>();
  /** The webhooks registered through this client. */
  const webhooks: { name: string; url: string; eventType: string }[] = [];

  const add = (target: string, leads: readonly HeyReachLeadInput[]): HeyReachAddResult => {
    const held = holdings.get(target) ?? new Set<string>();
    holdings.set(target, held);
    const result = { added: 0, updated: 0, failed: 0 };
    for (const lead of leads) {
      const key = leadKey(lead.profileUrl);
      if (held.has(key)) result.updated += 1;
      else if (sandboxLeadFails(seed, lead.profileUrl)) result.failed += 1;
      else {
        held.add(key);
        result.added += 1;
      }
    }
    return result;
  };

  return {
    kind: "sandbox",
    async addLeadsToList(listId, leads) {
      addLeadsToListRequest(listId, leads);
      return add(`list:${listId}`, leads);
    },
    async addLeadsToCampaign(campaignId, pairs: HeyReachAccountLeadPair[]) {
      addLeadsToCampaignRequest(campaignId, pairs);
      return add(
        `campaign:${campaignId}`,
        pairs.map((pair) => pair.lead),
      );
    },
    async pauseCampaign(campaignId) {
      pauseCampaignRequest(campaignId);
      statuses.set(campaignId, "PAUSED");
    },
    async resumeCampaign(campaignId) {
      resumeCampaignRequest(campaignId);
      statuses.set(campaignId, "IN_PROGRESS");
    },
    async stopLeadInCampaign(campaignId, leadUrl) {
      stopLeadInCampaignRequest(campaignId, leadUrl);
      const leads = stopped.get(campaignId) ?? new Set<string>();
      stopped.set(campaignId, leads);
      leads.add(leadKey(leadUrl));
    },
    async createWebhook(input) {
      createWebhookRequest(input);
      webhooks.push({ ...input });
    },
    webhooks: () => [...webhooks],
    campaignStatus(campaignId) {
      return statuses.get(campaignId) ?? "IN_PROGRESS";
    },
    leadStopped(campaignId, leadUrl) {
      return stopped.get(campaignId)?.has(leadKey(leadUrl)) ?? false;
    },
  };
}
