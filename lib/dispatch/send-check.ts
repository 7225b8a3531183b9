// What is checked again when a batch is about to send, because it may have waited hours for its
// approval: the emergency stop, shadow mode and the deliverability guard (the whole batch is
// held), and, lead by lead, the suppression list, the lead's engagement (a lead who unsubscribed,
// bounced, replied or booked a meeting since the snapshot is left out of the send) and its
// cadence (stopped by a person).
import { isStopStatus } from "../signals/lead-status.ts";
import type { TBatchLead, TBatchSnapshot } from "./batch-types.ts";
import { cadenceStopReason, type DispatchDeps } from "./candidates.ts";
import { guardHoldReason } from "./deliverability-guard.ts";
import { emergencyState, shadowMode } from "./emergency.ts";

/** Why the whole batch must not reach a provider now (null when it may). */
export async function batchHoldReason(
  deps: DispatchDeps,
  mode: "live" | "shadow",
): Promise<string | null> {
  const stop = await emergencyState(deps);
  if (stop.on) return `emergency stop: ${stop.reason}`;
  if (mode === "live" && shadowMode(deps)) return "shadow mode was switched on before the send";
  if (mode === "live") return guardHoldReason(deps);
  return null;
}

/** The batch's leads that may still be contacted, and why each other one may not. */
export async function sendableLeads(
  deps: DispatchDeps,
  snapshot: TBatchSnapshot,
): Promise<{ leads: TBatchLead[]; stopped: Map<string, string> }> {
  const leadIds = snapshot.leads.map((l) => l.leadId);
  const [suppressions, outreach, cadences] = await Promise.all([
    deps.repos.suppression.findMany(
      snapshot.leads.map((l) => ({ email: l.email, linkedinUrl: l.linkedinUrl })),
    ),
    deps.repos.outreach.getMany(leadIds),
    deps.repos.cadences.getMany(leadIds),
  ]);
  const stopped = new Map<string, string>();
  snapshot.leads.forEach((lead, i) => {
    const suppression = suppressions[i];
    const engagement = outreach[i]?.engagement;
    if (suppression) stopped.set(lead.leadId, `held at send: suppressed (${suppression.reason})`);
    else if (engagement && isStopStatus(engagement.status)) {
      stopped.set(lead.leadId, `held at send: lead ${engagement.status.replace("_", " ")}`);
    } else {
      const cadenceStopped = cadenceStopReason(cadences[i] ?? null);
      if (cadenceStopped) stopped.set(lead.leadId, `held at send: ${cadenceStopped}`);
    }
  });
  return { leads: snapshot.leads.filter((l) => !stopped.has(l.leadId)), stopped };
}
