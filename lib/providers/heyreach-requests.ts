// HeyReach's requests, built without sending (pure): the live client sends them and shadow mode
// stores them exactly as they would have gone. Owns the body shapes (`profileUrl`,
// `accountLeadPairs`, null fields omitted, `leadUrl` to stop a lead) and the input checks shared by
// the live client and the sandbox: 1 to 100 leads per call, each with a profileUrl, positive whole
// ids.
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { describeIssue } from "./zod-issue.ts";

export type HeyReachLeadInput = {
  profileUrl: string;
  firstName: string;
  lastName: string;
  companyName: string | null;
  position: string | null;
  emailAddress: string | null;
  customUserFields: { name: string; value: string }[];
};

/** One call as it goes over the wire; `path` is under the base URL and may carry a query. */
export type HeyReachRequest = {
  method: "POST" | "GET";
  /** e.g. "/list/AddLeadsToListV2" or "/campaign/Pause?campaignId=42". */
  path: string;
  /** The JSON body, or null when the call has none. */
  body: unknown;
};

export const HEYREACH_MAX_LEADS_PER_CALL = 100;

/** A lead as HeyReach takes it: optional fields are left out rather than sent as null. */
export type HeyReachLeadBody = {
  profileUrl: string;
  firstName: string;
  lastName: string;
  companyName?: string;
  position?: string;
  emailAddress?: string;
  customUserFields: { name: string; value: string }[];
};

const ZId = z.number().int().positive();

/** Trimmed; blank or null becomes undefined (then omitted). */
const optionalText = z
  .string()
  .nullable()
  .transform((value) => value?.trim() || undefined);

const ZLeadInput = z.object({
  profileUrl: z.string("a profileUrl is required").trim().min(1, "a profileUrl is required"),
  firstName: z.string().trim(),
  lastName: z.string().trim(),
  companyName: optionalText,
  position: optionalText,
  emailAddress: optionalText,
  customUserFields: z.array(z.object({ name: z.string().trim().min(1), value: z.string() })),
});

const refused = (endpoint: string, problem: string): NonRetriableError =>
  new NonRetriableError(`HeyReach ${endpoint} refused: ${problem}`);

function checkId(endpoint: string, name: string, id: number): void {
  if (!ZId.safeParse(id).success) {
    throw refused(endpoint, `${name} must be a positive whole number (got ${String(id)})`);
  }
}

function checkCount(endpoint: string, count: number): void {
  if (count < 1 || count > HEYREACH_MAX_LEADS_PER_CALL) {
    throw refused(endpoint, `1 to ${HEYREACH_MAX_LEADS_PER_CALL} leads per call (got ${count})`);
  }
}

/** The lead's body, with null and blank optional fields omitted; refuses a lead without a URL. */
function leadBody(endpoint: string, lead: HeyReachLeadInput, where: string): HeyReachLeadBody {
  const parsed = ZLeadInput.safeParse(lead);
  if (!parsed.success) throw refused(endpoint, describeIssue(parsed.error, where));
  const { companyName, position, emailAddress, ...required } = parsed.data;
  return {
    profileUrl: required.profileUrl,
    firstName: required.firstName,
    lastName: required.lastName,
    ...(companyName === undefined ? {} : { companyName }),
    ...(position === undefined ? {} : { position }),
    ...(emailAddress === undefined ? {} : { emailAddress }),
    customUserFields: required.customUserFields,
  };
}

/** `POST /list/AddLeadsToListV2 { listId, leads }`: the lead list a campaign draws from. */
export function addLeadsToListRequest(listId: number, leads: HeyReachLeadInput[]): HeyReachRequest {
  const endpoint = "/list/AddLeadsToListV2";
  checkId(endpoint, "listId", listId);
  checkCount(endpoint, leads.length);
  return {
    method: "POST",
    path: endpoint,
    body: { listId, leads: leads.map((lead, i) => leadBody(endpoint, lead, `leads[${i}]`)) },
  };
}

/**
 * `POST /campaign/AddLeadsToCampaignV2 { campaignId, accountLeadPairs }`; a pair without a
 * LinkedIn account leaves the sender to HeyReach.
 */
export function addLeadsToCampaignRequest(
  campaignId: number,
  pairs: { linkedInAccountId: number | null; lead: HeyReachLeadInput }[],
): HeyReachRequest {
  const endpoint = "/campaign/AddLeadsToCampaignV2";
  checkId(endpoint, "campaignId", campaignId);
  checkCount(endpoint, pairs.length);
  const accountLeadPairs = pairs.map(({ linkedInAccountId, lead }, i) => {
    if (linkedInAccountId !== null) {
      checkId(endpoint, `accountLeadPairs[${i}].linkedInAccountId`, linkedInAccountId);
    }
    const body = leadBody(endpoint, lead, `accountLeadPairs[${i}].lead`);
    return linkedInAccountId === null ? { lead: body } : { linkedInAccountId, lead: body };
  });
  return { method: "POST", path: endpoint, body: { campaignId, accountLeadPairs } };
}

/** `POST /campaign/Pause?campaignId=` (no body). */
export function pauseCampaignRequest(campaignId: number): HeyReachRequest {
  checkId("/campaign/Pause", "campaignId", campaignId);
  return { method: "POST", path: `/campaign/Pause?campaignId=${campaignId}`, body: null };
}

/** `POST /campaign/Resume?campaignId=` (no body). */
export function resumeCampaignRequest(campaignId: number): HeyReachRequest {
  checkId("/campaign/Resume", "campaignId", campaignId);
  return { method: "POST", path: `/campaign/Resume?campaignId=${campaignId}`, body: null };
}

/**
 * `POST /campaign/StopLeadInCampaign { campaignId, leadUrl }`: stops the campaign's sequence for
 * one lead (its LinkedIn URL, the `profileUrl` it was added with; sent trimmed, as given).
 */
export function stopLeadInCampaignRequest(campaignId: number, leadUrl: string): HeyReachRequest {
  const endpoint = "/campaign/StopLeadInCampaign";
  checkId(endpoint, "campaignId", campaignId);
  const url = typeof leadUrl === "string" ? leadUrl.trim() : "";
  if (url === "") throw refused(endpoint, "a leadUrl is required");
  return { method: "POST", path: endpoint, body: { campaignId, leadUrl: url } };
}

/** The documented endpoint a request goes to: its path without the query. */
export function requestEndpoint(request: HeyReachRequest): string {
  return request.path.split("?")[0] ?? request.path;
}

/** HeyReach's twelve webhook event types (providers.md). */
export const HEYREACH_WEBHOOK_EVENTS = [
  "CONNECTION_REQUEST_SENT",
  "CONNECTION_REQUEST_ACCEPTED",
  "MESSAGE_SENT",
  "MESSAGE_REPLY_RECEIVED",
  "EVERY_MESSAGE_REPLY_RECEIVED",
  "INMAIL_SENT",
  "INMAIL_REPLY_RECEIVED",
  "FOLLOW_SENT",
  "LIKED_POST",
  "VIEWED_PROFILE",
  "CAMPAIGN_COMPLETED",
  "LEAD_TAG_UPDATED",
] as const;
export type HeyReachWebhookEvent = (typeof HEYREACH_WEBHOOK_EVENTS)[number];

/** `POST /webhooks/CreateWebhook { webhookName, webhookUrl, eventType }` (every campaign). */
export function createWebhookRequest(input: {
  name: string;
  url: string;
  eventType: HeyReachWebhookEvent;
}): HeyReachRequest {
  if (!/^https?:\/\/\S+$/.test(input.url)) {
    throw new NonRetriableError(
      "HeyReach /webhooks/CreateWebhook: webhookUrl must be an http(s) URL",
    );
  }
  return {
    method: "POST",
    path: "/webhooks/CreateWebhook",
    body: { webhookName: input.name, webhookUrl: input.url, eventType: input.eventType },
  };
}
