// ZeroBounce verdicts, as parsed, turned into TVerification: "true"/"false" strings become
// booleans, empty strings become null, and processed_at ("2024-05-01 10:00:00.000", UTC) an ISO time.
import type { z } from "zod";
import type { TVerification } from "../leads/profile.ts";
import type { ZZeroBounceResult } from "./zerobounce-schemas.ts";

type Result = z.output<typeof ZZeroBounceResult>;

/** A boolean from true/false or "true"/"false" (any case); null for anything else. */
export function flag(value: boolean | string | null | undefined): boolean | null {
  if (typeof value === "boolean") return value;
  const word = value?.trim().toLowerCase();
  return word === "true" ? true : word === "false" ? false : null;
}

/** ZeroBounce's UTC timestamp as ISO 8601, or null when absent or unreadable. */
export function isoTime(value: string | null | undefined): string | null {
  const raw = value?.trim();
  if (!raw) return null;
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw.replace(" ", "T")}Z`;
  const at = Date.parse(zoned);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

const clean = (value: string | null | undefined): string | null => value?.trim() || null;

/** The verdict on `email` (the address as we asked, so callers can match it back). */
export function toVerification(email: string, result: Result, now: () => number): TVerification {
  return {
    email,
    status: result.status,
    subStatus: clean(result.sub_status),
    freeEmail: flag(result.free_email) ?? false,
    didYouMean: clean(result.did_you_mean),
    mxFound: flag(result.mx_found),
    checkedAt: isoTime(result.processed_at) ?? new Date(now()).toISOString(),
  };
}
