// The Instantly client for sandbox mode: same type and input checks (the request builders) as the
// live one, no network. Deterministic per seed: campaign and lead ids are uuid-shaped sha256
// digests, ~2% of addresses are on the "blocklist" (by hash of seed and address). It keeps, per
// client and in memory only, each campaign's status and leads, so that: a new campaign is a draft
// (0), activate makes it 1 and pause 2, an unknown id is refused like Instantly's 404, adding an
// address twice counts it as duplicated (in the same campaign) or skipped (in another one), and
// deleting a lead it created frees its address (an unknown or already deleted id: not deleted);
// webhooks registered through it are listed back.
// Answers are built in Instantly's shape and parsed and mapped like the live client's.
import { createHash } from "node:crypto";
import { NonRetriableError } from "inngest";
import {
  type InstantlyClient,
  type InstantlyWebhook,
  toAddLeadsResult,
  toWebhook,
  unknownCampaign,
} from "./instantly.ts";
import {
  activateCampaignRequest,
  addLeadsRequest,
  checkCampaignId,
  checkLeadId,
  createCampaignRequest,
  createWebhookRequest,
  deleteLeadRequest,
  type InstantlyRequest,
  pauseCampaignRequest,
} from "./instantly-requests.ts";
import {
  type TInstantlyAddLeadsResponse,
  ZInstantlyAddLeadsResponse,
  ZInstantlyCampaign,
  ZInstantlyWebhook,
} from "./instantly-schemas.ts";
import { unit } from "./sandbox/prng.ts";

export type InstantlySandboxOptions = {
  seed: string;
  /** The clock for campaigns' `timestamp_created` (a fixed or virtual one for identical output). */
  now?: () => number;
};

/** The share of addresses the sandbox treats as on Instantly's blocklist. */
export const INSTANTLY_SANDBOX_BLOCKLIST_RATE = 0.02;

/** A uuid (version 4 layout) made of the sha256 of the parts: the same parts, the same id. */
export function sandboxUuid(...parts: readonly (string | number)[]): string {
  const hex = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}

type SandboxCampaign = { name: string; status: number; emails: Set<string> };

type AddLeadsBody = {
  campaign_id: string;
  leads: { email: string }[];
};

/** A seeded, offline Instantly that remembers the campaigns this client created. */
export function createInstantlySandbox(options: InstantlySandboxOptions): InstantlyClient {
  const { seed } = options;
  const now = options.now ?? Date.now;
  const campaigns = new Map<string, SandboxCampaign>();
  /** Every address (lower-case) in any campaign of this workspace, for skip_if_in_workspace. */
  const workspace = new Set<string>();
  /** How many campaigns of each name were created, so a second one gets its own id. */
  const created = new Map<string, number>();
  /** The leads this client created and not yet deleted: id → its campaign and address. */
  const leadsById = new Map<string, { campaign: SandboxCampaign; email: string }>();
  /** The webhooks registered through this client. */
  const webhooks = new Map<string, InstantlyWebhook>();

  const campaignOf = (id: string): SandboxCampaign => {
    const campaign = campaigns.get(id);
    if (!campaign) {
      throw new NonRetriableError(`${unknownCampaign(id)} (404) (Not Found; Campaign not found)`);
    }
    return campaign;
  };
  /** Runs the live client's checks (the builder), then sets the campaign's status. */
  const setStatus = (id: string, build: (id: string) => InstantlyRequest, status: number) => {
    build(id);
    const checked = checkCampaignId(id);
    campaignOf(checked).status = status;
    return { id: checked, status };
  };

  return {
    kind: "sandbox",
    async createCampaign(input) {
      const { name } = createCampaignRequest(input).body as { name: string };
      const earlier = created.get(name) ?? 0;
      created.set(name, earlier + 1);
      const id = earlier === 0 ? sandboxUuid(seed, name) : sandboxUuid(seed, name, earlier);
      const campaign = ZInstantlyCampaign.parse({
        id,
        name,
        status: 0,
        timestamp_created: new Date(now()).toISOString(),
      });
      campaigns.set(campaign.id, {
        name: campaign.name,
        status: campaign.status,
        emails: new Set(),
      });
      return { id: campaign.id, name: campaign.name, status: campaign.status };
    },
    async addLeads(campaignId, leads) {
      const body = addLeadsRequest(campaignId, leads).body as AddLeadsBody;
      const campaign = campaignOf(body.campaign_id);
      const counts = {
        leads_uploaded: 0,
        in_blocklist: 0,
        duplicated_leads: 0,
        skipped_count: 0,
        invalid_email_count: 0,
      };
      const createdLeads: { id: string; email: string; index: number }[] = [];
      for (const [index, lead] of body.leads.entries()) {
        const email = lead.email.trim().toLowerCase();
        if (!/^[^@\s]+@[^@\s]+$/.test(email)) counts.invalid_email_count++;
        else if (campaign.emails.has(email)) counts.duplicated_leads++;
        else if (workspace.has(email)) counts.skipped_count++;
        else if (unit(seed, "instantly-blocklist", email) < INSTANTLY_SANDBOX_BLOCKLIST_RATE) {
          counts.in_blocklist++;
        } else {
          campaign.emails.add(email);
          workspace.add(email);
          counts.leads_uploaded++;
          const id = sandboxUuid(seed, "lead", body.campaign_id, email);
          leadsById.set(id, { campaign, email });
          createdLeads.push({ id, email: lead.email, index });
        }
      }
      const answer: TInstantlyAddLeadsResponse = {
        status: "success",
        ...counts,
        created_leads: createdLeads,
      };
      return toAddLeadsResult(ZInstantlyAddLeadsResponse.parse(answer));
    },
    async activateCampaign(id) {
      return setStatus(id, activateCampaignRequest, 1);
    },
    async pauseCampaign(id) {
      return setStatus(id, pauseCampaignRequest, 2);
    },
    async deleteLead(id) {
      deleteLeadRequest(id);
      const checked = checkLeadId(id);
      const lead = leadsById.get(checked);
      if (!lead) return { deleted: false };
      leadsById.delete(checked);
      lead.campaign.emails.delete(lead.email);
      workspace.delete(lead.email);
      return { deleted: true };
    },
    async listWebhooks() {
      return [...webhooks.values()];
    },
    async createWebhook(input) {
      const { body } = createWebhookRequest(input);
      const created = toWebhook(
        ZInstantlyWebhook.parse({
          id: sandboxUuid(seed, "webhook", webhooks.size),
          ...(body as object),
        }),
      );
      webhooks.set(created.id, created);
      return created;
    },
  };
}
