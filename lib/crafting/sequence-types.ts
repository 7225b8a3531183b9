// A crafted sequence: one message per cadence step, as the HoS queue shows it and the dispatcher
// sends it.
import { z } from "zod";
import { CADENCE_TEMPLATES } from "../config/schemas.ts";
import { ZClaim } from "./evidence.ts";

export const ZCraftedStep = z.object({
  step: z.number().int().positive(),
  day: z.number().int().positive(),
  channel: z.enum(["email", "linkedin"]),
  template: z.enum(CADENCE_TEMPLATES),
  /** Email only; null on LinkedIn. */
  subject: z.string().nullable(),
  body: z.string().min(1),
  /** Which of the template's texts this is ("initial#2"; "…#fallback"): copy stats count by it. */
  variant: z.string().optional(),
  /** Each personalised sentence with the evidence behind it (steps crafted before had none). */
  claims: z.array(ZClaim).optional(),
});
export type TCraftedStep = z.infer<typeof ZCraftedStep>;

export const ZCraftedSequence = z.object({
  steps: z.array(ZCraftedStep),
  /** The campaign angle the sequence was written from (campaign-angle.ts `kind`). */
  angle: z.string().optional(),
});
export type TCraftedSequence = z.infer<typeof ZCraftedSequence>;
