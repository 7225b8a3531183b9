// Instantly V2 response bodies (providers.md): a campaign (create, activate, pause), the bulk
// add-leads summary, the deleted lead, and the error body. Objects are loose (Instantly returns
// many more fields); add-leads counters may be missing or null and then read as 0.
import { z } from "zod";

/** A campaign as `POST /api/v2/campaigns` returns it (status 0 draft, 1 active, 2 paused, …). */
export const ZInstantlyCampaign = z.looseObject({
  id: z.guid(),
  name: z.string(),
  status: z.number().int(),
  timestamp_created: z.string().nullish(),
});
export type TInstantlyCampaign = z.input<typeof ZInstantlyCampaign>;

/** What activate and pause answer: the campaign, of which we need only its id and status. */
export const ZInstantlyCampaignState = z.looseObject({
  id: z.guid(),
  status: z.number().int(),
});

const count = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((value) => value ?? 0);

/** `POST /api/v2/leads/add`'s summary; `created_leads` lists only the leads it created. */
export const ZInstantlyAddLeadsResponse = z.looseObject({
  status: z.union([z.string(), z.number()]).nullish(),
  leads_uploaded: count,
  in_blocklist: count,
  duplicated_leads: count,
  skipped_count: count,
  invalid_email_count: count,
  created_leads: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        email: z.string(),
        index: z.number().int().nonnegative().nullish(),
      }),
    )
    .nullish()
    .transform((leads) => leads ?? []),
});
export type TInstantlyAddLeadsResponse = z.input<typeof ZInstantlyAddLeadsResponse>;

/**
 * What `DELETE /api/v2/leads/{id}` answers: the deleted lead, of which nothing is used. Read
 * defensively: any JSON passes, and the client also accepts an empty body (a 200 or 204 with
 * nothing in it).
 */
export const ZInstantlyDeletedLead = z.unknown();

/** Instantly's error body (Fastify style): `{ statusCode, error, message }`. */
export const ZInstantlyErrorBody = z.looseObject({
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});
export type TInstantlyErrorBody = z.input<typeof ZInstantlyErrorBody>;

/** A webhook as Instantly lists or creates it (the fields we read). */
export const ZInstantlyWebhook = z.looseObject({
  id: z.string().min(1),
  target_hook_url: z.string(),
  event_type: z.string().nullish(),
});

/** `GET /api/v2/webhooks`: a page of webhooks and the cursor of the next one. */
export const ZInstantlyWebhookPage = z.looseObject({
  items: z.array(ZInstantlyWebhook),
  next_starting_after: z.string().nullish(),
});
