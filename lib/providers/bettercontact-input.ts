// What we send BetterContact to enrich: people identified by a uuid of ours that comes back in
// custom_fields, 1 to 100 per request. Checked before sending, by the live client and the sandbox.
import { NonRetriableError } from "inngest";
import { z } from "zod";
import { describeIssue } from "./zod-issue.ts";

export const BETTERCONTACT_MAX_CONTACTS = 100;

const optionalText = z.string().trim().min(1).nullish();

export const ZBetterContactInput = z.object({
  /** Ours: returned in custom_fields so results can be matched back. */
  uuid: z.string().trim().min(1),
  firstName: z.string().trim().min(1),
  lastName: z.string().trim().min(1),
  company: optionalText,
  companyDomain: optionalText,
  linkedinUrl: optionalText,
});
export type BetterContactInput = z.input<typeof ZBetterContactInput>;

/** The contacts, checked: 1–100, unique uuids, each with a name and a company, domain or URL. */
export function parseContacts(
  contacts: readonly BetterContactInput[],
): z.output<typeof ZBetterContactInput>[] {
  const refuse = (why: string): never => {
    throw new NonRetriableError(`BetterContact request refused: ${why}`);
  };
  if (contacts.length === 0) refuse("no contacts");
  if (contacts.length > BETTERCONTACT_MAX_CONTACTS) {
    refuse(`at most ${BETTERCONTACT_MAX_CONTACTS} contacts per request (got ${contacts.length})`);
  }
  const parsed = z.array(ZBetterContactInput).safeParse(contacts);
  if (!parsed.success) return refuse(describeIssue(parsed.error, "contacts"));
  const seen = new Set<string>();
  parsed.data.forEach((contact, i) => {
    if (seen.has(contact.uuid)) refuse(`contacts[${i}].uuid: duplicate uuid ${contact.uuid}`);
    seen.add(contact.uuid);
    if (!contact.company && !contact.companyDomain && !contact.linkedinUrl) {
      refuse(`contacts[${i}]: needs a company, a company domain or a LinkedIn URL`);
    }
  });
  return parsed.data;
}

/** The request body of `POST /async` for checked contacts (emails only, never phones). */
export function submitBody(contacts: readonly z.output<typeof ZBetterContactInput>[]) {
  return {
    data: contacts.map((contact) => ({
      first_name: contact.firstName,
      last_name: contact.lastName,
      ...(contact.company ? { company: contact.company } : {}),
      ...(contact.companyDomain ? { company_domain: contact.companyDomain } : {}),
      ...(contact.linkedinUrl ? { linkedin_url: contact.linkedinUrl } : {}),
      custom_fields: { uuid: contact.uuid },
    })),
    enrich_email_address: true,
    enrich_phone_number: false,
  };
}
