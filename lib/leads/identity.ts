// Canonical identity of a person, so that one person is one lead however they reach us: canonical
// email (trimmed, lower-cased), else Apollo person id, else canonical LinkedIn URL.
import { hash } from "node:crypto";

/** Trimmed and lower-cased; null for anything that is not an address. */
export function canonicalEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase();
  if (!value || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return null;
  return value;
}

/** `https://www.linkedin.com/in/<slug>` with no query, trailing slash or case differences. */
export function canonicalLinkedinUrl(url: string | null | undefined): string | null {
  const value = url?.trim();
  if (!value) return null;
  const match = /linkedin\.com\/(in|pub)\/([^/?#\s]+)/i.exec(value);
  if (!match?.[2]) return null;
  try {
    return `https://www.linkedin.com/in/${decodeURIComponent(match[2]).toLowerCase()}`;
  } catch {
    // A malformed percent-escape: keep the slug as written rather than refuse the person.
    return `https://www.linkedin.com/in/${match[2].toLowerCase()}`;
  }
}

export type IdentityKeys = {
  email: string | null;
  apolloId: string | null;
  linkedinUrl: string | null;
};

/** The identity keys that are present, as [kind, value] pairs, strongest first. */
export function presentIdentities(keys: IdentityKeys): [keyof IdentityKeys, string][] {
  const out: [keyof IdentityKeys, string][] = [];
  if (keys.email) out.push(["email", keys.email]);
  if (keys.apolloId) out.push(["apolloId", keys.apolloId]);
  if (keys.linkedinUrl) out.push(["linkedinUrl", keys.linkedinUrl]);
  return out;
}

/** Every identity key a person has, canonicalised. */
export function identityKeys(input: {
  email?: string | null;
  apolloId?: string | null;
  linkedinUrl?: string | null;
}): IdentityKeys {
  return {
    email: canonicalEmail(input.email),
    apolloId: input.apolloId?.trim() || null,
    linkedinUrl: canonicalLinkedinUrl(input.linkedinUrl),
  };
}

/** A stable lead id from the strongest identity key present. */
export function leadIdFor(keys: IdentityKeys): string {
  const basis = keys.email
    ? `email:${keys.email}`
    : keys.apolloId
      ? `apollo:${keys.apolloId}`
      : keys.linkedinUrl
        ? `linkedin:${keys.linkedinUrl}`
        : null;
  if (!basis) throw new Error("a lead needs an email, an Apollo id or a LinkedIn URL");
  return `lead_${hash("sha256", basis, "hex").slice(0, 20)}`;
}
