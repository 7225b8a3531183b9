// BetterContact's poll answer, as parsed, turned into our results: one per contact that carries
// our uuid back, with the email and its status normalised ("valid" is read as "deliverable").
import type { z } from "zod";
import type { ZBetterContactContact, ZBetterContactPollResponse } from "./bettercontact-schemas.ts";

export type BetterContactEmailStatus =
  | "deliverable"
  | "catch_all_safe"
  | "catch_all_not_safe"
  | "undeliverable"
  | "not_found";

export type BetterContactResult = {
  uuid: string;
  enriched: boolean;
  email: string | null;
  emailStatus: BetterContactEmailStatus | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
};

export type BetterContactPoll = {
  /** True once BetterContact reports the request "terminated". */
  done: boolean;
  /** BetterContact's own status word ("terminated", "processing", …). */
  status: string;
  results: BetterContactResult[];
  creditsConsumed: number;
};

type Contact = z.output<typeof ZBetterContactContact>;

const clean = (value: string | null | undefined): string | null => value?.trim() || null;

const STATUSES: Record<string, BetterContactEmailStatus> = {
  deliverable: "deliverable",
  valid: "deliverable",
  catch_all_safe: "catch_all_safe",
  catch_all_not_safe: "catch_all_not_safe",
  undeliverable: "undeliverable",
  invalid: "undeliverable",
  not_found: "not_found",
};

/** Our uuid from custom_fields, as a name/value list or as an object. */
export function uuidOf(contact: Contact): string | null {
  const fields = contact.custom_fields;
  if (!fields) return null;
  const value = Array.isArray(fields)
    ? fields.find((field) => field.name === "uuid")?.value
    : fields.uuid;
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

export function toResult(contact: Contact, uuid: string): BetterContactResult {
  const email = clean(contact.contact_email_address);
  const status = clean(contact.contact_email_address_status)
    ?.toLowerCase()
    .replace(/[\s-]+/g, "_");
  return {
    uuid,
    enriched: contact.enriched ?? email !== null,
    email,
    emailStatus: (status && STATUSES[status]) || (email ? null : "not_found"),
    firstName: clean(contact.contact_first_name),
    lastName: clean(contact.contact_last_name),
    jobTitle: clean(contact.contact_job_title),
    linkedinUrl: clean(contact.contact_linkedin_profile_url),
    companyName: clean(contact.company_name),
    companyDomain: clean(contact.company_domain),
  };
}

/** The poll answer as our results; contacts without our uuid cannot be placed and are left out. */
export function toPoll(body: z.output<typeof ZBetterContactPollResponse>): BetterContactPoll {
  const results: BetterContactResult[] = [];
  for (const contact of body.data ?? []) {
    const uuid = uuidOf(contact);
    if (uuid) results.push(toResult(contact, uuid));
  }
  return {
    done: body.status.trim().toLowerCase() === "terminated",
    status: body.status,
    results,
    creditsConsumed: body.credits_consumed ?? 0,
  };
}
