// Instantly V2 (email sending): the only file that knows its origin. Sends the requests built by
// instantly-requests.ts (create a draft campaign, add up to 1000 leads, activate, pause, delete a
// lead) with the key as a Bearer token, and parses the answers with instantly-schemas.ts. Errors
// are mapped by http.ts (429 → RetryAfterError, 401/403 → NonRetriableError naming
// INSTANTLY_API_KEY, …); deleting a lead Instantly no longer has (its 404) is not one.
import { NonRetriableError } from "inngest";
import type { z } from "zod";
import { createProviderHttp } from "./http.ts";
import {
  activateCampaignRequest,
  addLeadsRequest,
  checkLeadId,
  createCampaignRequest,
  createWebhookRequest,
  deleteLeadRequest,
  type InstantlyCampaignInput,
  type InstantlyLeadInput,
  type InstantlyRequest,
  type InstantlyWebhookInput,
  listWebhooksRequest,
  pauseCampaignRequest,
} from "./instantly-requests.ts";
import {
  ZInstantlyAddLeadsResponse,
  ZInstantlyCampaign,
  ZInstantlyCampaignState,
  ZInstantlyDeletedLead,
  ZInstantlyWebhookPage,
  ZInstantlyWebhook as ZInstantlyWebhookSchema,
} from "./instantly-schemas.ts";
import type { ProviderInfo } from "./provider-error.ts";

export type InstantlyAddLeadsResult = {
  uploaded: number;
  inBlocklist: number;
  duplicated: number;
  skipped: number;
  invalidEmails: number;
  created: { id: string; email: string }[];
};

export type InstantlyClient = {
  kind: "live" | "sandbox";
  /** Creates a draft campaign (status 0) with its schedule, sequence and settings. */
  createCampaign(
    input: InstantlyCampaignInput,
  ): Promise<{ id: string; name: string; status: number }>;
  /** Adds 1–1000 leads, skipping those already in the workspace or campaign (refuses more). */
  addLeads(
    campaignId: string,
    leads: readonly InstantlyLeadInput[],
  ): Promise<InstantlyAddLeadsResult>;
  /** Starts or resumes sending (status 1). Unknown ids are NonRetriable. */
  activateCampaign(id: string): Promise<{ id: string; status: number }>;
  /** Stops sending (status 2). Unknown ids are NonRetriable. */
  pauseCampaign(id: string): Promise<{ id: string; status: number }>;
  /**
   * Deletes a lead (the id from `addLeads`' `created`), which stops all sending to it. Idempotent:
   * `deleted: false` when Instantly no longer has it (its 404).
   */
  deleteLead(id: string): Promise<{ deleted: boolean }>;
  /** Every webhook of the workspace (all pages). */
  listWebhooks(): Promise<InstantlyWebhook[]>;
  /** Registers a webhook; returns it as Instantly created it. */
  createWebhook(input: InstantlyWebhookInput): Promise<InstantlyWebhook>;
};

/** A registered webhook, in our words. */
export type InstantlyWebhook = { id: string; url: string; eventType: string | null };

export const INSTANTLY: ProviderInfo = { name: "Instantly", keyEnv: "INSTANTLY_API_KEY" };
export const INSTANTLY_BASE_URL = "https://api.instantly.ai";

export type InstantlyClientOptions = {
  apiKey: string;
  /** The origin; request paths start with "/api/v2/". */
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
};

/** The message for a campaign id Instantly does not know (its 404), shared with the sandbox. */
export const unknownCampaign = (id: string): string => `Instantly does not know campaign ${id}`;

/** The message for a lead id Instantly does not know (its 404); deleteLead reads it as "gone". */
const unknownLead = (id: string): string => `Instantly does not know lead ${id}`;

/** The add-leads summary in our words. */
export function toAddLeadsResult(
  body: z.output<typeof ZInstantlyAddLeadsResponse>,
): InstantlyAddLeadsResult {
  return {
    uploaded: body.leads_uploaded,
    inBlocklist: body.in_blocklist,
    duplicated: body.duplicated_leads,
    skipped: body.skipped_count,
    invalidEmails: body.invalid_email_count,
    created: body.created_leads.map((lead) => ({ id: lead.id, email: lead.email })),
  };
}

const METHODS = { GET: "get", POST: "post", PATCH: "patch", DELETE: "delete" } as const;

/** The live Instantly client; the key goes in `Authorization: Bearer`. */
export function createInstantlyClient(options: InstantlyClientOptions): InstantlyClient {
  const http = createProviderHttp({
    provider: INSTANTLY,
    baseUrl: options.baseUrl ?? INSTANTLY_BASE_URL,
    headers: { authorization: `Bearer ${options.apiKey}` },
    timeoutMs: options.timeoutMs ?? 30_000,
    secrets: [options.apiKey],
    now: options.now ?? Date.now,
  });

  const send = <S extends z.ZodType>(
    request: InstantlyRequest,
    endpoint: string,
    schema: S,
    statusMessages?: Readonly<Record<number, string>>,
  ): Promise<z.output<S>> =>
    http.call({
      method: METHODS[request.method],
      path: request.path.replace(/^\/+/, ""),
      endpoint,
      schema,
      ...(request.method === "GET" || request.method === "DELETE" ? {} : { json: request.body }),
      ...(statusMessages ? { statusMessages } : {}),
      ...(request.method === "DELETE" ? { allowEmptyBody: true } : {}),
    });

  const changeState = async (request: InstantlyRequest, id: string, action: string) => {
    const body = await send(request, `/api/v2/campaigns/{id}/${action}`, ZInstantlyCampaignState, {
      404: unknownCampaign(id.trim()),
    });
    return { id: body.id, status: body.status };
  };

  return {
    kind: "live",
    async createCampaign(input) {
      const body = await send(
        createCampaignRequest(input),
        "/api/v2/campaigns",
        ZInstantlyCampaign,
      );
      return { id: body.id, name: body.name, status: body.status };
    },
    async addLeads(campaignId, leads) {
      const body = await send(
        addLeadsRequest(campaignId, leads),
        "/api/v2/leads/add",
        ZInstantlyAddLeadsResponse,
        { 404: unknownCampaign(campaignId.trim()) },
      );
      return toAddLeadsResult(body);
    },
    activateCampaign: (id) => changeState(activateCampaignRequest(id), id, "activate"),
    pauseCampaign: (id) => changeState(pauseCampaignRequest(id), id, "pause"),
    async deleteLead(id) {
      const request = deleteLeadRequest(id);
      const notFound = unknownLead(checkLeadId(id));
      try {
        await send(request, "/api/v2/leads/{id}", ZInstantlyDeletedLead, { 404: notFound });
      } catch (error) {
        // http.ts maps the 404 to a NonRetriableError starting with our message: already gone.
        if (error instanceof NonRetriableError && error.message.startsWith(`${notFound} (404)`)) {
          return { deleted: false };
        }
        throw error;
      }
      return { deleted: true };
    },
    async listWebhooks() {
      const all: InstantlyWebhook[] = [];
      let after: string | null = null;
      do {
        const page: z.output<typeof ZInstantlyWebhookPage> = await send(
          listWebhooksRequest(after),
          "/api/v2/webhooks",
          ZInstantlyWebhookPage,
        );
        all.push(...page.items.map(toWebhook));
        after = page.items.length > 0 ? (page.next_starting_after ?? null) : null;
      } while (after);
      return all;
    },
    async createWebhook(input) {
      return toWebhook(
        await send(createWebhookRequest(input), "/api/v2/webhooks", ZInstantlyWebhookSchema),
      );
    },
  };
}

/** A webhook from Instantly's answer. */
export const toWebhook = (body: z.output<typeof ZInstantlyWebhookSchema>): InstantlyWebhook => ({
  id: body.id,
  url: body.target_hook_url,
  eventType: body.event_type ?? null,
});
