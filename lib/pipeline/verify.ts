// Verify stage logic: ZeroBounce's verdict on every address. Invalid, spamtrap, abuse and
// do_not_mail addresses are dropped with the reason; catch-all and unknown are kept but flagged
// as risky so the Head of Sales and dispatch see it.
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TVerification } from "../leads/profile.ts";
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

/** The address of each lead to verify (one round trip). */
export async function emailsToVerify(
  deps: StageDeps,
  leadIds: readonly string[],
): Promise<{ leadId: string; email: string }[]> {
  const leads = await deps.repos.leads.getMany(leadIds);
  return leads.flatMap((lead) =>
    lead?.keys.email ? [{ leadId: lead.id, email: lead.keys.email }] : [],
  );
}

export async function verifyWithZeroBounce(
  deps: StageDeps,
  emails: readonly string[],
): Promise<TVerification[]> {
  if (emails.length === 0) return [];
  return deps.providers.zeroBounce.validateBatch(emails);
}

export type TVerifyOutcome = {
  verified: string[];
  risky: string[];
  dropped: { leadId: string; reason: string }[];
};

/**
 * Stores the verdicts and drops what must never be mailed, and any lead of the batch that reached
 * this stage without an address or a verdict (two round trips).
 */
export async function saveVerification(
  deps: StageDeps,
  leadIds: readonly string[],
  checked: readonly { leadId: string; verification: TVerification }[],
): Promise<TVerifyOutcome> {
  const byLead = new Map(checked.map((c) => [c.leadId, c.verification]));
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(
    (l): l is TLeadRecord => l !== null,
  );
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
  await deps.repos.leads.saveMany(updated);
  return outcome;
}
