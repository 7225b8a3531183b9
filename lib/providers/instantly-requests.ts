// Instantly V2 request builders, pure: each checks its input (zod) and returns the exact method,
// path and JSON body (null for none) to send. The live client sends them, the sandbox applies the
// same checks, and shadow mode stores them instead of sending. Throws NonRetriableError for input
// Instantly would refuse (or that could never send), before anything goes out.
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { describeIssue } from "./zod-issue.ts";

export const INSTANTLY_MAX_LEADS_PER_CALL = 1000;

export type InstantlyCampaignInput = {
  name: string;
  schedule: {
    /** "HH:MM", 24-hour. */
    from: string;
    /** "HH:MM", 24-hour, later than `from`. */
    to: string;
    /** Sending days, 0 = Sunday … 6 = Saturday. */
    days: number[];
    /** An IANA zone from Instantly's list, e.g. "America/Detroit". */
    timezone: string;
  };
  /**
   * The sequence's email steps in order; `delayDays` = Instantly's `delay`: the days a step waits
   * before the next one is sent (Instantly's "send next message in N days"). subject/body are
   * templates referring to lead custom variables, e.g. "{{subject_1}}".
   */
  steps: { delayDays: number; subject: string; body: string }[];
  /** The sending accounts. */
  emailList: string[];
  dailyLimit: number;
  emailGapMinutes: number;
  stopOnReply: boolean;
  stopOnAutoReply: boolean;
  openTracking: boolean;
  linkTracking: boolean;
  textOnly: boolean;
  insertUnsubscribeHeader: boolean;
};

export type InstantlyLeadInput = {
  email: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  website: string | null;
  customVariables: Record<string, string>;
};

export type InstantlyRequest = {
  method: "POST" | "PATCH" | "GET" | "DELETE";
  /** From the origin, e.g. "/api/v2/campaigns". */
  path: string;
  /** The JSON body; null for GET and DELETE, which are sent without one. */
  body: unknown;
};

const refuse = (why: string): never => {
  throw new NonRetriableError(`Instantly request refused: ${why}`);
};

function parse<S extends z.ZodType>(schema: S, value: unknown, root: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return refuse(describeIssue(parsed.error, root));
  return parsed.data;
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ZTime = z.string().regex(HH_MM, "expected HH:MM (24-hour)");

const ZCampaignInput = z.object({
  name: z.string().trim().min(1),
  schedule: z
    .object({
      from: ZTime,
      to: ZTime,
      days: z.array(z.number().int().min(0).max(6)).min(1),
      timezone: z.string().trim().min(1).refine(isTimeZone, "not a known time zone"),
    })
    .refine(({ from, to }) => !HH_MM.test(from) || !HH_MM.test(to) || from < to, {
      message: "`to` must be later than `from`",
      path: ["to"],
    }),
  steps: z
    .array(
      z.object({
        delayDays: z.number().int().min(0),
        subject: z.string(),
        body: z.string().refine((body) => body.trim() !== "", "empty body"),
      }),
    )
    .min(1)
    .refine((steps) => (steps[0]?.subject ?? "").trim() !== "", {
      message: "the first step needs a subject",
      path: [0, "subject"],
    }),
  emailList: z
    .array(z.string().trim().pipe(z.email()))
    .min(1)
    .refine((emails) => new Set(emails.map((e) => e.toLowerCase())).size === emails.length, {
      message: "duplicate sending account",
    }),
  dailyLimit: z.number().int().min(1),
  emailGapMinutes: z.number().int().min(0),
  stopOnReply: z.boolean(),
  stopOnAutoReply: z.boolean(),
  openTracking: z.boolean(),
  linkTracking: z.boolean(),
  textOnly: z.boolean(),
  insertUnsubscribeHeader: z.boolean(),
});

/** Null, empty and blank texts are left out of the lead. */
const optionalText = z
  .string()
  .nullable()
  .transform((text) => (text === null || text.trim() === "" ? null : text.trim()));

const ZLeadInput = z.object({
  /** Not checked: Instantly counts bad addresses (even empty ones) in invalid_email_count. */
  email: z.string().trim(),
  firstName: optionalText,
  lastName: optionalText,
  companyName: optionalText,
  website: optionalText,
  customVariables: z.record(z.string().trim().min(1), z.string()),
});

const ZCampaignId = z.string().trim().min(1, "empty campaign id");
const ZLeadId = z.string().trim().min(1, "empty lead id");

/** Instantly's day map: every day "0" (Sunday) … "6" (Saturday), true when sending. */
function dayMap(days: readonly number[]): Record<string, boolean> {
  const on = new Set(days);
  return Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((day) => [String(day), on.has(day)]));
}

/** `POST /api/v2/campaigns`: a draft campaign with its schedule, one sequence and settings. */
export function createCampaignRequest(input: InstantlyCampaignInput): InstantlyRequest {
  const campaign = parse(ZCampaignInput, input, "campaign");
  const { from, to, days, timezone } = campaign.schedule;
  return {
    method: "POST",
    path: "/api/v2/campaigns",
    body: {
      name: campaign.name,
      campaign_schedule: {
        schedules: [
          { name: `${from}-${to} ${timezone}`, timing: { from, to }, days: dayMap(days), timezone },
        ],
      },
      sequences: [
        {
          steps: campaign.steps.map((step) => ({
            type: "email",
            delay: step.delayDays,
            variants: [{ subject: step.subject, body: step.body }],
          })),
        },
      ],
      email_list: campaign.emailList,
      daily_limit: campaign.dailyLimit,
      email_gap: campaign.emailGapMinutes,
      stop_on_reply: campaign.stopOnReply,
      stop_on_auto_reply: campaign.stopOnAutoReply,
      link_tracking: campaign.linkTracking,
      open_tracking: campaign.openTracking,
      text_only: campaign.textOnly,
      insert_unsubscribe_header: campaign.insertUnsubscribeHeader,
    },
  };
}

/**
 * The campaign id, trimmed; only an empty one is refused (shadow mode stores requests for
 * campaigns not created yet, under a placeholder id). Paths carry it URI-encoded.
 */
export function checkCampaignId(id: string): string {
  return parse(ZCampaignId, id, "campaign id");
}

/**
 * `POST /api/v2/leads/add`: 1–1000 leads into a campaign, skipping any already in the workspace
 * or the campaign. Addresses are not checked here: Instantly counts bad ones in
 * `invalid_email_count`.
 */
export function addLeadsRequest(
  campaignId: string,
  leads: readonly InstantlyLeadInput[],
): InstantlyRequest {
  const id = checkCampaignId(campaignId);
  if (leads.length === 0) refuse("no leads");
  if (leads.length > INSTANTLY_MAX_LEADS_PER_CALL) {
    refuse(`at most ${INSTANTLY_MAX_LEADS_PER_CALL} leads per call (got ${leads.length})`);
  }
  const checked = parse(z.array(ZLeadInput), leads, "leads");
  return {
    method: "POST",
    path: "/api/v2/leads/add",
    body: {
      campaign_id: id,
      skip_if_in_workspace: true,
      skip_if_in_campaign: true,
      leads: checked.map((lead) => ({
        email: lead.email,
        ...(lead.firstName === null ? {} : { first_name: lead.firstName }),
        ...(lead.lastName === null ? {} : { last_name: lead.lastName }),
        ...(lead.companyName === null ? {} : { company_name: lead.companyName }),
        ...(lead.website === null ? {} : { website: lead.website }),
        custom_variables: lead.customVariables,
      })),
    },
  };
}

/** `POST /api/v2/campaigns/{id}/activate` (starts or resumes; `{}` because an empty body is refused). */
export function activateCampaignRequest(id: string): InstantlyRequest {
  const checked = checkCampaignId(id);
  return {
    method: "POST",
    path: `/api/v2/campaigns/${encodeURIComponent(checked)}/activate`,
    body: {},
  };
}

/** `POST /api/v2/campaigns/{id}/pause` (with `{}`, like activate). */
export function pauseCampaignRequest(id: string): InstantlyRequest {
  const checked = checkCampaignId(id);
  return {
    method: "POST",
    path: `/api/v2/campaigns/${encodeURIComponent(checked)}/pause`,
    body: {},
  };
}

/**
 * The lead id (the uuid `POST /api/v2/leads/add` returned in `created_leads[].id`), trimmed; only
 * an empty one is refused, like campaign ids. Paths carry it URI-encoded.
 */
export function checkLeadId(id: string): string {
  return parse(ZLeadId, id, "lead id");
}

/**
 * `DELETE /api/v2/leads/{id}`: takes the lead out of its campaign (no more emails to it). No body:
 * Instantly (Fastify) refuses an empty body sent as JSON, so none is sent, nor a content-type.
 */
export function deleteLeadRequest(id: string): InstantlyRequest {
  const checked = checkLeadId(id);
  return {
    method: "DELETE",
    path: `/api/v2/leads/${encodeURIComponent(checked)}`,
    body: null,
  };
}

/** A webhook as we register it: every event to our URL, with the secret in a header. */
export type InstantlyWebhookInput = {
  url: string;
  eventType: string;
  headers: Record<string, string>;
};

/** `POST /api/v2/webhooks { target_hook_url, event_type, headers }`. */
export function createWebhookRequest(input: InstantlyWebhookInput): InstantlyRequest {
  if (!/^https?:\/\/\S+$/.test(input.url)) {
    throw new NonRetriableError("Instantly webhook: target_hook_url must be an http(s) URL");
  }
  return {
    method: "POST",
    path: "/api/v2/webhooks",
    body: { target_hook_url: input.url, event_type: input.eventType, headers: input.headers },
  };
}

/** `GET /api/v2/webhooks?limit=100[&starting_after=…]`: one page of the workspace's webhooks. */
export function listWebhooksRequest(startingAfter: string | null): InstantlyRequest {
  const query = new URLSearchParams({ limit: "100" });
  if (startingAfter) query.set("starting_after", startingAfter);
  return { method: "GET", path: `/api/v2/webhooks?${query}`, body: null };
}
