// The shape of a message template: variants chosen per lead, plus a safe fallback used when the
// filled variant breaks a length limit.
import type { CADENCE_TEMPLATES } from "../../config/schemas.ts";

export type TCadenceTemplate = (typeof CADENCE_TEMPLATES)[number];

type TVariants = readonly [string, ...string[]];

/** An email: subject and body variants; the footer (signature, address, STOP line) is added. */
export type TEmailTemplate = {
  channel: "email";
  subjects: TVariants;
  /** Used when the filled subject is longer than crafted subjects may be. */
  fallbackSubject: string;
  bodies: TVariants;
};

/** A LinkedIn connection note or message; no subject, no footer. */
export type TLinkedinTemplate = {
  channel: "linkedin";
  kind: "connect" | "message";
  bodies: TVariants;
  /** Used when no variant fits LinkedIn's limit once filled. */
  fallbackBody: string;
};

export type TMessageTemplate = TEmailTemplate | TLinkedinTemplate;

/** One template per cadence template name. */
export type TTemplateLibrary = Readonly<Record<TCadenceTemplate, TMessageTemplate>>;
