// The GoHighLevel client for sandbox mode (and production without GHL_API_TOKEN): same type and
// email normalisation as the live one, no network. Deterministic per seed: ~5% of emails are
// "already in the CRM" (sha256 of seed and email), each with a stable fake contact id and the tag
// "contacted". Its location also holds 40 generated contacts with tags and a last activity, for the
// revival search.
import { createHash } from "node:crypto";
import {
  type GoHighLevelClient,
  type GoHighLevelContactMatch,
  type GoHighLevelRevivalContact,
  normalizeEmails,
} from "./gohighlevel.ts";
import { emailFor } from "./sandbox/email-pattern.ts";
import { COMPANY_STEMS, TLDS } from "./sandbox/pools/companies.ts";
import { FIRST_NAMES, LAST_NAMES } from "./sandbox/pools/names.ts";
import { createRng, slug } from "./sandbox/prng.ts";

/** Share of emails the sandbox CRM already holds. */
export const GOHIGHLEVEL_SANDBOX_FOUND_RATE = 0.05;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type GoHighLevelSandboxOptions = { seed: string };

/** A 20-character id like GoHighLevel's, from bytes 4–24 of a digest. */
const sandboxContactId = (digest: Buffer): string =>
  Array.from(digest.subarray(4, 24), (byte) => ALPHABET[byte % 62]).join("");

const DAY_MS = 24 * 3_600_000;

/** The sandbox CRM's contact for an email (normalised here), or null when it holds none. */
export function sandboxContact(seed: string, email: string): GoHighLevelContactMatch | null {
  const address = email.trim().toLowerCase();
  if (!address) return null;
  const digest = createHash("sha256").update(`${seed}\u0000${address}`).digest();
  if (digest.readUInt32BE(0) / 0x1_0000_0000 >= GOHIGHLEVEL_SANDBOX_FOUND_RATE) return null;
  return { contactId: sandboxContactId(digest), tags: ["contacted"] };
}

/** How many contacts the sandbox CRM's location holds for the revival search. */
export const SANDBOX_CRM_CONTACTS = 40;
const CRM_TAGS = ["past-customer", "webinar", "churned", "newsletter", "demo-no-show"] as const;

/**
 * The sandbox location's contacts: people with names, companies, addresses and tags, their last
 * activity spread from a year before `around` to two months after it (so a cutoff finds some).
 */
export function sandboxCrmContacts(seed: string, around: number): GoHighLevelRevivalContact[] {
  const day = Math.floor(around / DAY_MS);
  return Array.from({ length: SANDBOX_CRM_CONTACTS }, (_, i) => {
    const rng = createRng(seed, "crm-contact", i);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const company = rng.pick(COMPANY_STEMS);
    const domain = `${slug(company)}.${createRng(seed, "tld", company).weighted(TLDS)}`;
    const tags = CRM_TAGS.filter((_, t) => t === i % 2 || rng.chance(0.2));
    return {
      contactId: sandboxContactId(createHash("sha256").update(`${seed}\u0000crm${i}`).digest()),
      email: emailFor(seed, first, last, domain),
      firstName: first,
      lastName: last,
      companyName: company,
      tags: [...tags],
      lastActivity: new Date(
        (day - rng.int(-60, 365)) * DAY_MS + rng.int(9, 17) * 3_600_000,
      ).toISOString(),
    };
  });
}

/** A seeded, offline GoHighLevel whose CRM holds a fixed ~5% of all emails. */
export function createGoHighLevelSandbox(options: GoHighLevelSandboxOptions): GoHighLevelClient {
  const { seed } = options;
  return {
    kind: "sandbox",
    async searchRevivalContacts(query) {
      const cutoff = Date.parse(query.lastActivityBefore);
      return sandboxCrmContacts(seed, cutoff)
        .filter((c) => c.tags.includes(query.tag) && c.lastActivity !== null)
        .filter((c) => Date.parse(c.lastActivity ?? "") < cutoff)
        .sort((a, b) => (a.lastActivity ?? "").localeCompare(b.lastActivity ?? ""))
        .slice(0, query.limit);
    },
    async findContactsByEmail(emails) {
      const found = new Map<string, GoHighLevelContactMatch>();
      for (const email of normalizeEmails(emails)) {
        const contact = sandboxContact(seed, email);
        if (contact) found.set(email, contact);
      }
      return found;
    },
  };
}
