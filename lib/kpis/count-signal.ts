// Which KPI counts a signal makes for its lead (kpi-metrics.ts), under the lead's campaign: the
// campaign its marker holds, else the one of the card it was dispatched from, else its first one.
import { dispatchDay } from "../dispatch/day.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import type { TCounted, TWriteAlong } from "../store/kpi-repo.ts";
import { isEmailSend, metricsOf } from "./kpi-metrics.ts";

/** The campaign a lead's KPIs count under before it was ever counted (then its marker says). */
async function campaignOfLead(deps: FunctionDeps, leadId: string): Promise<string> {
  const [outreach] = await deps.repos.outreach.getMany([leadId]);
  const cardId = outreach?.email?.cardId ?? outreach?.linkedin?.cardId;
  const card = cardId ? await deps.repos.cards.get(cardId) : null;
  if (card) return card.campaign;
  const [lead] = await deps.repos.leads.getMany([leadId]);
  return lead?.campaigns[0] ?? "unknown";
}

/** The KPI writes of a signal for its lead, with its campaign (null: the signal counts nothing). */
export async function kpiCounter(
  deps: FunctionDeps,
  leadId: string,
  signal: { source: string; type: string; occurredAt: string; detail: Record<string, unknown> },
): Promise<{ along: TWriteAlong; campaign: () => string; counted: () => TCounted } | null> {
  const metrics = metricsOf(signal.source, signal.type);
  if (metrics.length === 0) return null;
  const named = typeof signal.detail.account === "string" ? signal.detail.account.trim() : "";
  // A timestamp in the future (a provider's clock, a hand-made payload) counts today.
  const at = Math.min(Date.parse(signal.occurredAt) || deps.now().getTime(), deps.now().getTime());
  const along = deps.repos.kpis.counter(leadId, {
    metrics,
    day: dispatchDay(new Date(at), deps.config),
    campaign: () => campaignOfLead(deps, leadId),
    account: named === "" ? null : named.toLowerCase(),
    emailSend: isEmailSend(signal.source, signal.type),
  });
  return { along, campaign: along.campaign, counted: along.counted };
}
