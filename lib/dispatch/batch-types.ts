// A GATEKEEPER batch: the immutable snapshot of what a live dispatch will send on one channel
// (leads, every step's content, accounts, the campaign's settings), its content hash, and its
// mutable state (waiting for approval, approved, sent, expired, refused).
import { z } from "zod";
import { ZTier } from "../scoring/score-types.ts";
import { ZOutreachChannel } from "../store/outreach-repo.ts";

export const ZBatchStep = z.object({
  step: z.number().int().min(1),
  day: z.number().int().min(1),
  subject: z.string().nullable(),
  body: z.string(),
});
export type TBatchStep = z.infer<typeof ZBatchStep>;

export const ZBatchLead = z.object({
  leadId: z.string(),
  cardId: z.string(),
  tier: ZTier,
  firstName: z.string(),
  lastName: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  linkedinUrl: z.string().nullable(),
  /** The sending account (email) or LinkedIn account id the lead is assigned to. */
  account: z.string().nullable(),
  /** This channel's steps of the lead's approved sequence, as approved. */
  steps: z.array(ZBatchStep).min(1),
});
export type TBatchLead = z.infer<typeof ZBatchLead>;

export const ZEmailCampaignPlan = z.object({
  name: z.string(),
  schedule: z.object({
    from: z.string(),
    to: z.string(),
    days: z.array(z.number().int().min(0).max(6)),
    timezone: z.string(),
  }),
  /** Days each email step waits before the next one (Instantly's `delay`; the last is 0). */
  delays: z.array(z.number().int().min(0)),
  emailList: z.array(z.string()),
  dailyLimit: z.number().int().positive(),
  emailGapMinutes: z.number().int().positive(),
  stopOnReply: z.boolean(),
  stopOnAutoReply: z.boolean(),
  openTracking: z.boolean(),
  linkTracking: z.boolean(),
  textOnly: z.boolean(),
  insertUnsubscribeHeader: z.boolean(),
});
export type TEmailCampaignPlan = z.infer<typeof ZEmailCampaignPlan>;

export const ZLinkedinPlan = z.object({
  listId: z.string(),
  /** HeyReach campaign id per tier. */
  campaigns: z.record(z.string(), z.string()),
});

export const ZBatchSnapshot = z.object({
  id: z.string(),
  channel: ZOutreachChannel,
  motion: z.literal("outbound"),
  /** The ledger day (send window time zone) whose caps this batch counts against. */
  day: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
  leads: z.array(ZBatchLead).min(1).max(100),
  email: ZEmailCampaignPlan.nullable(),
  linkedin: ZLinkedinPlan.nullable(),
  /** The day's counters this batch reserved (given back if it expires or is refused). */
  reserved: z.record(z.string(), z.number().int().min(0)),
});
export type TBatchSnapshot = z.infer<typeof ZBatchSnapshot>;

export const ZBatchStatus = z.enum([
  "pending_approval",
  "approved",
  "sent",
  "expired",
  "refused",
  "held",
  "failed",
]);
export type TBatchStatus = z.infer<typeof ZBatchStatus>;

/** What happened to one lead of a sent batch. */
export const ZLeadOutcome = z.object({
  leadId: z.string(),
  handed: z.boolean(),
  /** The provider's id (Instantly lead id) when it gave one. */
  providerRef: z.string().nullable(),
  detail: z.string(),
});
export type TLeadOutcome = z.infer<typeof ZLeadOutcome>;

export const ZBatchState = z.object({
  status: ZBatchStatus,
  at: z.string(),
  by: z.string(),
  reason: z.string().nullable(),
  mode: z.enum(["live", "shadow"]).nullable(),
  /** Instantly campaign id (email) created for the batch. */
  campaignId: z.string().nullable(),
  /** True when the provider answering was the sandbox (no API key). */
  sandbox: z.boolean(),
  outcomes: z.array(ZLeadOutcome),
  /**
   * How far the send got at the providers: once leads may have reached one, the batch is never
   * ended as unsent (its leads are not given back to be sent again).
   */
  progress: z.enum(["none", "campaign", "leads_submitted"]).default("none"),
});
export type TBatchState = z.infer<typeof ZBatchState>;
