// The sandbox's ZeroBounce: a verdict per address, deterministic for a seed. Catch-all is a
// property of the domain (~12% of company domains); other addresses are mostly valid, some invalid
// or unknown, rarely spamtrap, abuse or do_not_mail. Role mailboxes (sales@…) are do_not_mail,
// bad syntax and known typos (gmial.com) invalid, free-mail domains flagged free.
import { canonicalEmail } from "../../leads/identity.ts";
import type { TZeroBounceResult } from "../zerobounce-schemas.ts";
import { DOMAIN_TYPOS, FREE_EMAIL_DOMAINS, ROLE_MAILBOXES } from "./pools/companies.ts";
import { createRng, unit } from "./prng.ts";

/** Share of company domains that accept every address (ZeroBounce "catch-all"). */
export const ZEROBOUNCE_CATCH_ALL_DOMAIN_RATE = 0.12;

type Status = "valid" | "invalid" | "unknown" | "spamtrap" | "abuse" | "do_not_mail";

/** Verdicts for addresses on domains that are not catch-all, with their frequency. */
const VERDICTS: readonly (readonly [Status, number])[] = [
  ["valid", 886],
  ["invalid", 45],
  ["unknown", 45],
  ["spamtrap", 8],
  ["abuse", 8],
  ["do_not_mail", 8],
];

const SUB_STATUSES: Record<Status, readonly (readonly [string, number])[]> = {
  valid: [
    ["", 97],
    ["alias_address", 3],
  ],
  invalid: [
    ["mailbox_not_found", 80],
    ["no_dns_entries", 12],
    ["mailbox_quota_exceeded", 8],
  ],
  unknown: [
    ["timeout_exceeded", 40],
    ["greylisted", 30],
    ["mail_server_temporary_error", 30],
  ],
  spamtrap: [["", 1]],
  abuse: [["", 1]],
  do_not_mail: [
    ["global_suppression", 40],
    ["disposable", 30],
    ["toxic", 30],
  ],
};

/** ZeroBounce's timestamp format: "2024-05-01 10:00:00.000" (UTC). */
const zbTime = (at: number): string =>
  new Date(at).toISOString().replace("T", " ").replace("Z", "");

const FREE: readonly string[] = FREE_EMAIL_DOMAINS;
const ROLES: readonly string[] = ROLE_MAILBOXES;

/** The `GET /v2/validate` body for `email`, processed at `at` (ms since the epoch). */
export function sandboxVerdict(seed: string, email: string, at: number): TZeroBounceResult {
  const address = canonicalEmail(email);
  const base = {
    address: address ?? email.trim(),
    free_email: false,
    did_you_mean: null,
    mx_found: "true",
    processed_at: zbTime(at),
  };
  if (!address) {
    return { ...base, status: "invalid", sub_status: "failed_syntax_check", mx_found: "false" };
  }
  const [local = "", domain = ""] = address.split("@");
  const free = FREE.includes(domain);
  const typo = DOMAIN_TYPOS[domain];
  if (typo) {
    return {
      ...base,
      status: "invalid",
      sub_status: "possible_typo",
      did_you_mean: `${local}@${typo}`,
      mx_found: "false",
    };
  }
  if (ROLES.includes(local)) {
    return { ...base, status: "do_not_mail", sub_status: "role_based", free_email: free };
  }
  if (!free && unit(seed, "zb-catch-all", domain) < ZEROBOUNCE_CATCH_ALL_DOMAIN_RATE) {
    return { ...base, status: "catch-all", sub_status: "" };
  }
  const rng = createRng(seed, "zb", address);
  const status = rng.weighted(VERDICTS);
  const subStatus = rng.weighted(SUB_STATUSES[status]);
  return {
    ...base,
    status,
    sub_status: subStatus,
    free_email: free,
    mx_found: subStatus === "no_dns_entries" ? "false" : "true",
  };
}
