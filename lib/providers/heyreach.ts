// HeyReach (LinkedIn): the only file that knows its base URL and auth. Sends the requests
// heyreach-requests.ts builds (leads to a list, leads to a campaign ≤100 per call, pause and
// resume a campaign, stop one lead in a campaign) with the `X-API-KEY` header, and reads the
// answers through zod.
import type { z } from "zod";
import {
  addLeadsToCampaignRequest,
  addLeadsToListRequest,
  createWebhookRequest,
  type HeyReachLeadInput,
  type HeyReachRequest,
  type HeyReachWebhookEvent,
  pauseCampaignRequest,
  requestEndpoint,
  resumeCampaignRequest,
  stopLeadInCampaignRequest,
} from "./heyreach-requests.ts";
import {
  ZHeyReachAddLeadsToCampaignResponse,
  ZHeyReachAddLeadsToListResponse,
  ZHeyReachCampaignActionResponse,
} from "./heyreach-schemas.ts";
import { createProviderHttp } from "./http.ts";
import type { ProviderInfo } from "./provider-error.ts";

export type HeyReachAddResult = { added: number; updated: number; failed: number };

export type HeyReachAccountLeadPair = { linkedInAccountId: number | null; lead: HeyReachLeadInput };

export type HeyReachClient = {
  kind: "live" | "sandbox";
  /** Adds 1 to 100 leads to a lead list (refuses more, or a lead without a profileUrl). */
  addLeadsToList(listId: number, leads: HeyReachLeadInput[]): Promise<HeyReachAddResult>;
  /** Adds 1 to 100 leads to a campaign, each with the LinkedIn account to send from (or null). */
  addLeadsToCampaign(
    campaignId: number,
    pairs: HeyReachAccountLeadPair[],
  ): Promise<HeyReachAddResult>;
  pauseCampaign(campaignId: number): Promise<void>;
  resumeCampaign(campaignId: number): Promise<void>;
  /** Stops the campaign's sequence for one lead, by its LinkedIn URL (the profileUrl it had). */
  stopLeadInCampaign(campaignId: number, leadUrl: string): Promise<void>;
  /** Registers a webhook for one event type, on every campaign (HeyReach lists none back). */
  createWebhook(input: {
    name: string;
    url: string;
    eventType: HeyReachWebhookEvent;
  }): Promise<void>;
};

export const HEYREACH: ProviderInfo = { name: "HeyReach", keyEnv: "HEYREACH_API_KEY" };
export const HEYREACH_BASE_URL = "https://api.heyreach.io/api/public";

export type HeyReachClientOptions = {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** The clock for rate-limit delays. */
  now?: () => number;
};

type Counts = { addedLeadsCount: number; updatedLeadsCount: number; failedLeadsCount: number };

const toResult = (counts: Counts): HeyReachAddResult => ({
  added: counts.addedLeadsCount,
  updated: counts.updatedLeadsCount,
  failed: counts.failedLeadsCount,
});

/** The live HeyReach client. */
export function createHeyReachClient(options: HeyReachClientOptions): HeyReachClient {
  const http = createProviderHttp({
    provider: HEYREACH,
    baseUrl: options.baseUrl ?? HEYREACH_BASE_URL,
    headers: { "X-API-KEY": options.apiKey },
    timeoutMs: options.timeoutMs ?? 30_000,
    secrets: [options.apiKey],
    now: options.now ?? Date.now,
  });

  const send = <S extends z.ZodType>(request: HeyReachRequest, schema: S, allowEmptyBody = false) =>
    http.call({
      method: request.method === "GET" ? "get" : "post",
      path: request.path.replace(/^\//, ""),
      endpoint: requestEndpoint(request),
      schema,
      ...(request.body === null ? {} : { json: request.body }),
      ...(allowEmptyBody ? { allowEmptyBody } : {}),
    });

  return {
    kind: "live",
    async addLeadsToList(listId, leads) {
      const request = addLeadsToListRequest(listId, leads);
      return toResult(await send(request, ZHeyReachAddLeadsToListResponse, true));
    },
    async addLeadsToCampaign(campaignId, pairs) {
      const request = addLeadsToCampaignRequest(campaignId, pairs);
      return toResult(await send(request, ZHeyReachAddLeadsToCampaignResponse));
    },
    async pauseCampaign(campaignId) {
      await send(pauseCampaignRequest(campaignId), ZHeyReachCampaignActionResponse, true);
    },
    async resumeCampaign(campaignId) {
      await send(resumeCampaignRequest(campaignId), ZHeyReachCampaignActionResponse, true);
    },
    async stopLeadInCampaign(campaignId, leadUrl) {
      const request = stopLeadInCampaignRequest(campaignId, leadUrl);
      await send(request, ZHeyReachCampaignActionResponse, true);
    },
    async createWebhook(input) {
      await send(createWebhookRequest(input), ZHeyReachCampaignActionResponse, true);
    },
  };
}
