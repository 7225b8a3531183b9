// HeyReach's response bodies (providers.md). AddLeadsToCampaignV2 is documented as
// `{ addedLeadsCount, updatedLeadsCount, failedLeadsCount }` (a missing count reads 0);
// AddLeadsToListV2's answer is not documented, so it is read defensively: any object (counts
// taken when they look like counts), a bare count, or an empty body all pass.
import { z } from "zod";

const count = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((value) => value ?? 0);

export const ZHeyReachAddLeadsToCampaignResponse = z.looseObject({
  addedLeadsCount: count,
  updatedLeadsCount: count,
  failedLeadsCount: count,
});
export type THeyReachAddLeadsToCampaignResponse = z.input<
  typeof ZHeyReachAddLeadsToCampaignResponse
>;

/** A whole number ≥ 0 (or its digits as a string); anything else reads 0. */
const lenientCount = z
  .unknown()
  .optional()
  .transform((value): number => {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value.trim());
    return 0;
  });

export const ZHeyReachAddLeadsToListResponse = z.preprocess(
  (body) => {
    if (body === undefined || body === null) return {};
    if (typeof body === "number") return { addedLeadsCount: body };
    return body;
  },
  z.looseObject({
    addedLeadsCount: lenientCount,
    updatedLeadsCount: lenientCount,
    failedLeadsCount: lenientCount,
  }),
);

/** Pause, Resume and StopLeadInCampaign answer with nothing we use (an empty body or any JSON). */
export const ZHeyReachCampaignActionResponse = z.unknown();
