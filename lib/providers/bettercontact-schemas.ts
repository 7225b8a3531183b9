// BetterContact's response bodies (providers.md; most of the poll shape is third-party, so nearly
// every field is optional and custom_fields is accepted as a name/value list or an object).
import { z } from "zod";

const text = z.string().nullish();

/** 201 from `POST /async`. */
export const ZBetterContactSubmitResponse = z.object({
  success: z.boolean().nullish(),
  id: z.string().min(1),
  message: text,
});
export type TBetterContactSubmitResponse = z.input<typeof ZBetterContactSubmitResponse>;

const ZCustomFields = z.union([
  z.array(z.object({ name: z.string(), value: z.unknown() })),
  z.record(z.string(), z.unknown()),
]);

export const ZBetterContactContact = z.object({
  enriched: z.boolean().nullish(),
  contact_first_name: text,
  contact_last_name: text,
  contact_email_address: text,
  contact_email_address_status: text,
  contact_job_title: text,
  contact_linkedin_profile_url: text,
  company_name: text,
  company_domain: text,
  custom_fields: ZCustomFields.nullish(),
});
export type TBetterContactContact = z.input<typeof ZBetterContactContact>;

/** `GET /async/{id}`: `status` is "terminated" when done ("not_started", "processing" before). */
export const ZBetterContactPollResponse = z.object({
  id: text,
  status: z.string().min(1),
  credits_consumed: z.number().nullish(),
  credits_left: z.number().nullish(),
  summary: z.record(z.string(), z.unknown()).nullish(),
  data: z.array(ZBetterContactContact).nullish(),
});
export type TBetterContactPollResponse = z.input<typeof ZBetterContactPollResponse>;
