// The signal loop's work for one signal: find the lead (by id, canonical email or LinkedIn URL),
// apply the signal once — its status forward only, a timeline line, its KPI counts — and, when
// the lead must not be contacted again, put the person on the suppression list (unsubscribe,
// bounce, wrong person) and say which channels to stop.
import { kpiCounter } from "../kpis/count-signal.ts";
import type { TLeadMetric } from "../kpis/kpi-metrics.ts";
import { canonicalEmail, canonicalLinkedinUrl } from "../leads/identity.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { isStopStatus, type TLeadStatus } from "./lead-status.ts";
import { SUPPRESSING_TYPES, statusFor } from "./signal-status.ts";

export type TSignal = {
  signalId: string;
  source: string;
  type: string;
  leadId?: string | undefined;
  email?: string | undefined;
  linkedinUrl?: string | undefined;
  occurredAt: string;
  detail: Record<string, unknown>;
};

export type TSignalOutcome =
  | { matched: false; reason: string }
  | { matched: true; duplicate: true; leadId: string }
  | {
      matched: true;
      duplicate: false;
      leadId: string;
      from: TLeadStatus | null;
      to: TLeadStatus | null;
      changed: boolean;
      /** True when the lead must now be stopped on every channel. */
      stop: boolean;
      suppressed: boolean;
      /** Where the signal counted in the KPIs: what it counted now, and the lead's account. */
      kpi: { campaign: string; metrics: TLeadMetric[]; account: string | null } | null;
    };

async function findLead(deps: FunctionDeps, signal: TSignal): Promise<string | null> {
  if (signal.leadId) return signal.leadId;
  const email = canonicalEmail(signal.email);
  if (email) {
    const owner = await deps.repos.leads.ownerOf("email", email);
    if (owner) return owner;
  }
  const url = canonicalLinkedinUrl(signal.linkedinUrl);
  return url ? deps.repos.leads.ownerOf("linkedinUrl", url) : null;
}

const channelOf = (source: string) =>
  source === "instantly"
    ? ("email" as const)
    : source === "heyreach"
      ? ("linkedin" as const)
      : null;

export async function applySignal(deps: FunctionDeps, signal: TSignal): Promise<TSignalOutcome> {
  const leadId = await findLead(deps, signal);
  // Suppression first, and whether or not a lead matches: it is idempotent, so a retried run
  // redoes it, and a person unknown to us is still never contacted.
  const suppression = SUPPRESSING_TYPES.get(`${signal.source}:${signal.type}`);
  if (suppression) {
    const [lead] = leadId ? await deps.repos.leads.getMany([leadId]) : [null];
    await deps.repos.suppression.add(
      {
        email: signal.email ?? lead?.keys.email ?? null,
        linkedinUrl: signal.linkedinUrl ?? lead?.keys.linkedinUrl ?? null,
      },
      { reason: suppression, source: signal.source, at: signal.occurredAt, note: null },
    );
  }
  if (!leadId) {
    await deps.repos.signals.park({
      at: deps.now().toISOString(),
      source: signal.source,
      reason: `no lead has this email or LinkedIn URL (${signal.type})`,
      payload: {
        signalId: signal.signalId,
        email: signal.email ?? null,
        linkedinUrl: signal.linkedinUrl ?? null,
      },
    });
    return { matched: false, reason: "no lead has this email or LinkedIn URL" };
  }
  const status = statusFor(signal.source, signal.type);
  const summary = [signal.detail.subject, signal.detail.snippet ?? signal.detail.message]
    .filter((part) => typeof part === "string" && part !== "")
    .join(" — ")
    .slice(0, 300);
  const counting = await kpiCounter(deps, leadId, signal);
  const applied = await deps.repos.signals.apply(
    leadId,
    signal.signalId,
    status,
    {
      at: signal.occurredAt,
      type: `${signal.source}.${signal.type}`,
      channel: channelOf(signal.source),
      detail: summary || `${signal.source} ${signal.type}`,
      batchId: null,
    },
    counting?.along,
  );
  if (applied.duplicate) return { matched: true, duplicate: true, leadId };
  if (applied.changed && applied.to) {
    await deps.repos.leadIndex.advance([{ leadId, to: applied.to, at: signal.occurredAt }]);
  }
  return {
    matched: true,
    duplicate: false,
    leadId,
    from: applied.from,
    to: applied.to,
    changed: applied.changed,
    stop: applied.changed && isStopStatus(applied.to),
    suppressed: suppression !== undefined,
    kpi: counting ? { campaign: counting.campaign(), ...counting.counted() } : null,
  };
}
