// What the providers tell us about a person, normalised: a search hit (Apollo search), an enriched
// profile (Apollo match or BetterContact), and an email verification (ZeroBounce).
import { z } from "zod";

export const ZSeniority = z.enum([
  "owner",
  "founder",
  "c_suite",
  "partner",
  "vp",
  "head",
  "director",
  "manager",
  "senior",
  "entry",
  "intern",
]);

/** One person from a people search: no email, no last name (Apollo obfuscates it). */
export const ZSearchPerson = z.object({
  apolloId: z.string().min(1),
  firstName: z.string(),
  lastNameObfuscated: z.string().nullable(),
  title: z.string().nullable(),
  organizationName: z.string().nullable(),
  hasEmail: z.boolean(),
});
export type TSearchPerson = z.infer<typeof ZSearchPerson>;

export const ZCompany = z.object({
  name: z.string().min(1),
  domain: z.string().nullable(),
  websiteUrl: z.string().nullable(),
  linkedinUrl: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().int().nullable(),
  annualRevenue: z.number().nullable(),
  foundedYear: z.number().int().nullable(),
  technologies: z.array(z.string()),
});
export type TCompany = z.infer<typeof ZCompany>;

export const ZEmailStatus = z.enum([
  "verified",
  "extrapolated",
  "unverified",
  "likely_to_engage",
  "unavailable",
  "deliverable",
  "catch_all_safe",
  "catch_all_not_safe",
  "undeliverable",
  "not_found",
]);

/** An enriched person: what crafting and scoring work from. */
export const ZPersonProfile = z.object({
  apolloId: z.string().nullable(),
  firstName: z.string().min(1),
  lastName: z.string(),
  title: z.string().nullable(),
  headline: z.string().nullable(),
  seniority: ZSeniority.nullable(),
  departments: z.array(z.string()),
  city: z.string().nullable(),
  state: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  emailStatus: ZEmailStatus.nullable(),
  emailSource: z.enum(["apollo", "bettercontact"]).nullable(),
  linkedinUrl: z.string().nullable(),
  company: ZCompany,
});
export type TPersonProfile = z.infer<typeof ZPersonProfile>;

export const ZVerificationStatus = z.enum([
  "valid",
  "invalid",
  "catch-all",
  "unknown",
  "spamtrap",
  "abuse",
  "do_not_mail",
]);

/** A ZeroBounce verdict on one address. */
export const ZVerification = z.object({
  email: z.string(),
  status: ZVerificationStatus,
  subStatus: z.string().nullable(),
  freeEmail: z.boolean(),
  didYouMean: z.string().nullable(),
  mxFound: z.boolean().nullable(),
  checkedAt: z.string(),
});
export type TVerification = z.infer<typeof ZVerification>;
