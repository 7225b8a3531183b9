// RB2B's identified-visitor payload (providers.md): flat JSON with title-case keys. A visitor with a
// LinkedIn URL or a business email becomes a `visitor.identified`; anything else is parked for
// review (RB2B disconnects an integration that answers with an error, so nothing is refused).
import { hash } from "node:crypto";
import { z } from "zod";
import { canonicalEmail, canonicalLinkedinUrl } from "../leads/identity.ts";
import { ZPayloadText } from "./payload-fields.ts";

const text = ZPayloadText;

export const ZRb2bPayload = z.looseObject({
  "LinkedIn URL": text,
  "First Name": text,
  "Last Name": text,
  Title: text,
  "Company Name": text,
  "Business Email": text,
  Website: text,
  Industry: text,
  "Employee Count": text,
  "Estimate Revenue": text,
  City: text,
  State: text,
  Zipcode: text,
  "Seen At": text,
  Referrer: text,
  "Captured URL": text,
  Tags: text,
});

export type TRb2bVisitor = {
  visitorId: string;
  linkedinUrl: string | null;
  email: string | null;
  name: string;
  company: string | null;
  title: string | null;
  seenAt: string | null;
  capturedUrl: string | null;
};

/** The visitor, or the reason it cannot be used (then it is parked). */
export function rb2bVisitor(raw: unknown): { visitor: TRb2bVisitor } | { problem: string } {
  const parsed = ZRb2bPayload.safeParse(raw);
  if (!parsed.success)
    return { problem: `not an RB2B visitor: ${parsed.error.issues[0]?.message ?? "unreadable"}` };
  const p = parsed.data;
  const linkedinUrl = canonicalLinkedinUrl(p["LinkedIn URL"]);
  const email = canonicalEmail(p["Business Email"]);
  if (!linkedinUrl && !email)
    return { problem: "no LinkedIn URL and no business email to identify the visitor" };
  const basis = `${linkedinUrl ?? ""}|${email ?? ""}|${p["Seen At"] ?? ""}|${p["Captured URL"] ?? ""}`;
  return {
    visitor: {
      visitorId: `rb2b_${hash("sha256", basis, "hex").slice(0, 32)}`,
      linkedinUrl,
      email,
      name: `${p["First Name"] ?? ""} ${p["Last Name"] ?? ""}`.trim(),
      company: p["Company Name"] ?? null,
      title: p.Title ?? null,
      seenAt: p["Seen At"] ?? null,
      capturedUrl: p["Captured URL"] ?? null,
    },
  };
}
