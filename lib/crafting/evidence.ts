// The evidence behind what a message says about a prospect: each personal fact crafting may use
// (title, team size, industry, city, a tool they run, the event or CRM history a campaign is built
// on) with the field and source it comes from and how far that source is trusted. A sentence is
// written from a fact only when its confidence reaches the threshold (config/cadence.json
// `min_evidence_confidence`); below it the fact is left out (or worded neutrally), or — for a tool
// a provider only detected on the company's website, or an event whose audience the campaign
// searched — spoken of without being stated (asked about, or said of teams in general).
import { z } from "zod";

export const ZEvidence = z.object({
  /** The lead's field the fact comes from ("title", "company.employees", …). */
  field: z.string(),
  /** The fact as it stands in the data. */
  value: z.string(),
  /** Where it came from, as the Head of Sales would say it ("Apollo", "the campaign's search"). */
  source: z.string(),
  /** How far the source is trusted for this field, 0–1. */
  confidence: z.number().min(0).max(1),
  /** False when the message asks about the fact instead of stating it (a guessed technology). */
  stated: z.boolean(),
});
export type TEvidence = z.infer<typeof ZEvidence>;

/** One personalised sentence of a message and the evidence behind it. */
export const ZClaim = z.object({ text: z.string(), evidence: z.array(ZEvidence).min(1) });
export type TClaim = z.infer<typeof ZClaim>;

/** Where a lead's profile came from (the lead record's enrichment source). */
export type TProfileSource = "apollo" | "bettercontact" | "cache" | null;

const SOURCE_NAMES: Record<Exclude<TProfileSource, null>, string> = {
  apollo: "Apollo",
  bettercontact: "BetterContact",
  cache: "Apollo (cached)",
};

/**
 * How far each kind of fact is trusted. A person's title is what their profile says; company
 * figures are the provider's estimates; technologies are detected from the company's website
 * (a script tag is not a contract), so by default they are asked about, never stated.
 */
export const CONFIDENCE = {
  title: 0.9,
  industry: 0.8,
  employees: 0.75,
  city: 0.8,
  technologies: 0.5,
  /** The campaign a lead was found through (an event's audience by keyword, not an attendee list). */
  signal: 0.6,
  /** A contact the CRM holds, with past conversations (the revival campaign). */
  crm: 0.95,
} as const;

/** The source of a profile's fields, as said on the card. */
export function profileSourceName(source: TProfileSource): string {
  return source ? SOURCE_NAMES[source] : "the lead's profile";
}

/** Evidence of a fact from the profile's source. */
export function evidenceOf(
  field: string,
  value: string,
  source: string,
  confidence: number,
  stated = true,
): TEvidence {
  return { field, value, source, confidence, stated };
}
