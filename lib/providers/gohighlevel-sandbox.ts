// The GoHighLevel client for sandbox mode (and production without GHL_API_TOKEN): same type and
// email normalisation as the live one, no network. Deterministic per seed: ~5% of emails are
// "already in the CRM" (sha256 of seed and email), each with a stable fake contact id and the tag
// "contacted".
import { createHash } from "node:crypto";
import {
  type GoHighLevelClient,
  type GoHighLevelContactMatch,
  normalizeEmails,
} from "./gohighlevel.ts";

/** Share of emails the sandbox CRM already holds. */
export const GOHIGHLEVEL_SANDBOX_FOUND_RATE = 0.05;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type GoHighLevelSandboxOptions = { seed: string };

/** The sandbox CRM's contact for an email (normalised here), or null when it holds none. */
export function sandboxContact(seed: string, email: string): GoHighLevelContactMatch | null {
  const address = email.trim().toLowerCase();
  if (!address) return null;
  const digest = createHash("sha256").update(`${seed}\u0000${address}`).digest();
  if (digest.readUInt32BE(0) / 0x1_0000_0000 >= GOHIGHLEVEL_SANDBOX_FOUND_RATE) return null;
  // A 20-character id like GoHighLevel's, from the rest of the digest.
  const contactId = Array.from(digest.subarray(4, 24), (byte) => ALPHABET[byte % 62]).join("");
  return { contactId, tags: ["contacted"] };
}

/** A seeded, offline GoHighLevel whose CRM holds a fixed ~5% of all emails. */
export function createGoHighLevelSandbox(options: GoHighLevelSandboxOptions): GoHighLevelClient {
  const { seed } = options;
  return {
    kind: "sandbox",
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
