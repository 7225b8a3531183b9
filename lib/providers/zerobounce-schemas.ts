// ZeroBounce's response bodies (providers.md). `status` is normalised to the documented words
// (note "catch-all" with a hyphen); `mx_found` and `free_email` may be booleans or "true"/"false".
import { z } from "zod";
import { ZVerificationStatus } from "../leads/profile.ts";

const text = z.string().nullish();
const ZFlag = z.union([z.boolean(), z.string()]).nullish();

/** One verdict, as `GET /v2/validate` returns it and as each `email_batch` entry is. */
export const ZZeroBounceResult = z.object({
  address: text,
  status: z
    .string()
    .transform((status) =>
      status
        .trim()
        .toLowerCase()
        .replace(/^catch_all$/, "catch-all"),
    )
    .pipe(ZVerificationStatus),
  sub_status: text,
  free_email: ZFlag,
  did_you_mean: text,
  mx_found: ZFlag,
  processed_at: text,
});
export type TZeroBounceResult = z.input<typeof ZZeroBounceResult>;

/** ZeroBounce reports a bad key or no credits as `{ error }`, sometimes with status 200. */
export const ZZeroBounceApiError = z.object({ error: z.string().min(1) });

export const ZZeroBounceBatchResponse = z.object({
  email_batch: z.array(ZZeroBounceResult).nullish(),
  errors: z
    .array(z.object({ error: z.string().nullish(), email_address: z.string().nullish() }))
    .nullish(),
});
export type TZeroBounceBatchResponse = z.input<typeof ZZeroBounceBatchResponse>;
