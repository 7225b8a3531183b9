// The stored lead: one record per person, carrying what each pipeline stage learned about them and,
// when a stage dropped them, why.
import { z } from "zod";
import { ZLeadScore } from "../scoring/score-types.ts";
import { ZPersonProfile, ZSearchPerson, ZVerification } from "./profile.ts";

export const PIPELINE_STAGES = ["scrape", "enrich", "verify", "segment", "craft"] as const;
export const ZPipelineStage = z.enum(PIPELINE_STAGES);
export type TPipelineStage = z.infer<typeof ZPipelineStage>;

export const ZLeadStatus = z.enum([
  "scraped",
  "enriched",
  "verified",
  "segmented",
  "queued",
  "dropped",
  "disqualified",
]);
export type TLeadStatus = z.infer<typeof ZLeadStatus>;

export const ZLeadRecord = z.object({
  id: z.string().min(1),
  campaigns: z.array(z.string()).min(1),
  keys: z.object({
    email: z.string().nullable(),
    apolloId: z.string().nullable(),
    linkedinUrl: z.string().nullable(),
  }),
  search: ZSearchPerson.nullable(),
  /**
   * What the source that brought the person told us (a website visitor's RB2B record, a CRM
   * contact), when it was not a search: it helps the enrichment find the right person.
   */
  given: z
    .object({
      firstName: z.string(),
      lastName: z.string(),
      title: z.string().nullable(),
      company: z.string().nullable(),
    })
    .optional(),
  profile: ZPersonProfile.nullable(),
  enrichment: z
    .object({ source: z.enum(["apollo", "bettercontact", "cache"]), at: z.string() })
    .nullable(),
  verification: ZVerification.nullable(),
  /** Signals observed for this lead (e.g. the event it was found through). */
  signals: z.array(z.string()),
  score: ZLeadScore.nullable(),
  status: ZLeadStatus,
  dropped: z.object({ stage: ZPipelineStage, reason: z.string() }).nullable(),
  cardId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TLeadRecord = z.infer<typeof ZLeadRecord>;

/** A lead just found: nothing learned about it yet but who it is and where it came from. */
export function newLead(input: {
  id: string;
  campaign: string;
  keys: TLeadRecord["keys"];
  search: TLeadRecord["search"];
  given?: TLeadRecord["given"];
  signals: readonly string[];
  at: string;
}): TLeadRecord {
  return {
    id: input.id,
    campaigns: [input.campaign],
    keys: input.keys,
    search: input.search,
    ...(input.given && { given: input.given }),
    profile: null,
    enrichment: null,
    verification: null,
    signals: [...input.signals],
    score: null,
    status: "scraped",
    dropped: null,
    cardId: null,
    createdAt: input.at,
    updatedAt: input.at,
  };
}
