// The sandbox's BetterContact: finds an email for about 70% of contacts (deterministic per seed,
// name and domain, using the same address pattern per domain as the Apollo sandbox) and answers
// in the documented poll shape, "not_started" then "processing" until the request's time is up.
import type { z } from "zod";
import type { ZBetterContactInput } from "../bettercontact-input.ts";
import type {
  TBetterContactContact,
  TBetterContactPollResponse,
} from "../bettercontact-schemas.ts";
import type { SandboxRequest } from "./bettercontact-token.ts";
import { emailFor } from "./email-pattern.ts";
import { createRng, hash32, slug, unit } from "./prng.ts";

type Contact = z.output<typeof ZBetterContactInput>;

/** Share of contacts the sandbox finds an email for. */
export const BETTERCONTACT_FIND_RATE = 0.7;

const STATUSES = [
  ["deliverable", 80],
  ["catch_all_safe", 12],
  ["catch_all_not_safe", 8],
] as const;

const domainOf = (contact: Contact): string | null => {
  if (contact.companyDomain) {
    return (
      contact.companyDomain
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/^www\./, "")
        .split("/")[0] ?? null
    );
  }
  const name = contact.company ? slug(contact.company) : "";
  return name ? `${name}.com` : null;
};

/** What BetterContact returns for one contact: found (≈70%) or not, our uuid in custom_fields. */
export function sandboxEnrich(seed: string, contact: Contact): TBetterContactContact {
  const domain = domainOf(contact);
  const key = `${slug(contact.firstName)}|${slug(contact.lastName)}|${domain ?? ""}`;
  const found = domain !== null && unit(seed, "bc-find", key) < BETTERCONTACT_FIND_RATE;
  const email = found ? emailFor(seed, contact.firstName, contact.lastName, domain) : null;
  return {
    enriched: email !== null,
    contact_first_name: contact.firstName,
    contact_last_name: contact.lastName,
    contact_email_address: email,
    contact_email_address_status: email
      ? createRng(seed, "bc-status", key).weighted(STATUSES)
      : "not_found",
    contact_job_title: null,
    contact_linkedin_profile_url: contact.linkedinUrl ?? null,
    company_name: contact.company ?? null,
    company_domain: domain,
    custom_fields: [{ name: "uuid", value: contact.uuid }],
  };
}

/** BetterContact's status word for a request `at` a time: in progress for `processingMs`. */
export function sandboxStatus(
  request: Pick<SandboxRequest, "submittedAt" | "processingMs">,
  at: number,
): "not_started" | "processing" | "terminated" {
  const elapsed = at - request.submittedAt;
  if (request.processingMs <= 0 || elapsed >= request.processingMs) return "terminated";
  return elapsed < request.processingMs / 10 ? "not_started" : "processing";
}

/** `GET /async/{id}` for the request `at` a time: in progress (no data yet), or done. */
export function sandboxPoll(
  seed: string,
  requestId: string,
  request: SandboxRequest,
  at: number,
): TBetterContactPollResponse {
  const status = sandboxStatus(request, at);
  if (status !== "terminated") return { id: requestId, status, credits_consumed: 0, data: [] };
  return sandboxJob(seed, requestId, request.contacts);
}

/** `GET /async/{id}` once the request is done: every contact, credits for the emails found. */
export function sandboxJob(
  seed: string,
  requestId: string,
  contacts: readonly Contact[],
): TBetterContactPollResponse & { credits_consumed: number } {
  const data = contacts.map((contact) => sandboxEnrich(seed, contact));
  const found = data.filter((contact) => contact.enriched).length;
  const count = (status: string) =>
    data.filter((contact) => contact.contact_email_address_status === status).length;
  return {
    id: requestId,
    status: "terminated",
    credits_consumed: found,
    credits_left: 5_000 - (hash32(seed, "bc-credits", requestId) % 1_000) - found,
    summary: {
      total: data.length,
      valid: count("deliverable"),
      catch_all_safe: count("catch_all_safe"),
      catch_all_not_safe: count("catch_all_not_safe"),
      undeliverable: 0,
      not_found: data.length - found,
    },
    data,
  };
}
