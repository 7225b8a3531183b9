// Verify stage logic: ZeroBounce's verdict on every address. Invalid, spamtrap, abuse and
// do_not_mail addresses are dropped with the reason; catch-all and unknown are kept but flagged
// as risky so the Head of Sales and dispatch see it.
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TVerification } from "../leads/profile.ts";
import { ZEROBOUNCE_MAX_BATCH } from "../providers/zerobounce.ts";
import { chunk } from "./batches.ts";
import type { StageDeps } from "./stage-deps.ts";

const NEVER_SEND: ReadonlySet<TVerification["status"]> = new Set([
  "invalid",
  "spamtrap",
  "abuse",
  "do_not_mail",
]);
const RISKY: ReadonlySet<TVerification["status"]> = new Set(["catch-all", "unknown"]);

/** True when a verdict allows sending only with care (catch-all, unknown). */
export function isRisky(verification: TVerification | null): boolean {
  return verification !== null && RISKY.has(verification.status);
}

/**
 * ZeroBounce's verdict on each lead's address, in calls of at most 200. A verdict this run already
 * stored for the same address (an earlier attempt of this step) is kept: it is never paid twice.
 * Verdicts are stored as each call returns, so a retry after a failed call resumes there.
 */
export async function verifyBatch(
  deps: StageDeps,
  runStartedAt: string,
  leadIds: readonly string[],
): Promise<TVerifyOutcome> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(
    (l): l is TLeadRecord => l !== null,
  );
  const fresh = (lead: TLeadRecord) =>
    lead.verification !== null &&
    lead.verification.email === lead.keys.email &&
    lead.verification.checkedAt >= runStartedAt;
  const verdicts = new Map<string, TVerification>();
  for (const lead of leads)
    if (fresh(lead) && lead.verification) verdicts.set(lead.id, lead.verification);
  const toCheck = leads.filter((lead) => lead.keys.email && !verdicts.has(lead.id));
  for (const part of chunk(toCheck, ZEROBOUNCE_MAX_BATCH)) {
    const results = await deps.providers.zeroBounce.validateBatch(
      part.map((lead) => lead.keys.email ?? ""),
    );
    const checked = part.flatMap((lead, i) => {
      const verification = results[i];
      return verification ? [{ ...lead, verification }] : [];
    });
    for (const lead of checked) verdicts.set(lead.id, lead.verification);
    await deps.repos.leads.save(checked, ["verification"]);
  }
  return saveVerification(
    deps,
    leads,
    [...verdicts].map(([leadId, verification]) => ({ leadId, verification })),
  );
}

export type TVerifyOutcome = {
  verified: string[];
  risky: string[];
  dropped: { leadId: string; reason: string }[];
};

/**
 * Stores the verdicts and drops what must never be mailed, and any lead of the batch that reached
 * this stage without an address or a verdict.
 */
async function saveVerification(
  deps: StageDeps,
  leads: readonly TLeadRecord[],
  checked: readonly { leadId: string; verification: TVerification }[],
): Promise<TVerifyOutcome> {
  const byLead = new Map(checked.map((c) => [c.leadId, c.verification]));
  const at = deps.now().toISOString();
  const outcome: TVerifyOutcome = { verified: [], risky: [], dropped: [] };
  const updated = leads.map((lead): TLeadRecord => {
    const verification = byLead.get(lead.id) ?? null;
    if (!verification) {
      const reason = lead.keys.email ? "ZeroBounce returned no verdict" : "no email to verify";
      outcome.dropped.push({ leadId: lead.id, reason });
      return { ...lead, status: "dropped", dropped: { stage: "verify", reason }, updatedAt: at };
    }
    if (NEVER_SEND.has(verification.status)) {
      const why = verification.subStatus ? ` (${verification.subStatus})` : "";
      const reason = `ZeroBounce: ${verification.status}${why}`;
      outcome.dropped.push({ leadId: lead.id, reason });
      return {
        ...lead,
        verification,
        status: "dropped",
        dropped: { stage: "verify", reason },
        updatedAt: at,
      };
    }
    outcome.verified.push(lead.id);
    if (isRisky(verification)) outcome.risky.push(lead.id);
    return { ...lead, verification, status: "verified", updatedAt: at };
  });
  await deps.repos.leads.save(updated, ["state"]);
  return outcome;
}
