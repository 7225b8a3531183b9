// The decay scan: a lead that went live and has had no newer signal for `decay.after_days` (its
// status still one of `decay.from`) decays; a decayed lead of a revival tier that stays quiet for
// `revival.after_days` more becomes a revival candidate. Each change is a system signal, applied
// once (its id carries the day), with its timeline line, by the same rules as any other.
import { DAY_MS } from "../dispatch/day.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { applySignal } from "./apply-signal.ts";
import type { TLeadStatus } from "./lead-status.ts";

export type TDecayOutcome = {
  scanned: number;
  changes: { leadId: string; from: TLeadStatus; to: "decayed" | "revival_candidate" }[];
};

/** Scans `count` live leads from `offset`; returns what changed and whether more follow. */
export async function decayScan(
  deps: FunctionDeps,
  offset: number,
  count: number,
): Promise<TDecayOutcome & { more: boolean }> {
  const { config, repos } = deps;
  const now = deps.now();
  const day = now.toISOString().slice(0, 10);
  const ids = await repos.outreach.liveLeads(offset, count);
  const [outreach, leads] = await Promise.all([
    repos.outreach.getMany(ids),
    repos.leads.getMany(ids),
  ]);
  const decayFrom = new Set<TLeadStatus>(config.signals.decay.from);
  const outcome: TDecayOutcome = { scanned: ids.length, changes: [] };
  for (const [i, leadId] of ids.entries()) {
    const status = outreach[i]?.engagement;
    if (!status) continue;
    const quietDays = (now.getTime() - Date.parse(status.at)) / DAY_MS;
    let next: "decayed" | "revival_candidate" | null = null;
    if (decayFrom.has(status.status) && quietDays >= config.signals.decay.after_days)
      next = "decayed";
    const tier = leads[i]?.score?.tier ?? null;
    if (
      status.status === "decayed" &&
      quietDays >= config.signals.revival.after_days &&
      tier !== null &&
      config.signals.revival.tiers.includes(tier)
    ) {
      next = "revival_candidate";
    }
    if (!next) continue;
    const applied = await applySignal(deps, {
      signalId: `system_${next}_${leadId}_${day}`,
      source: "system",
      type: next,
      leadId,
      occurredAt: now.toISOString(),
      detail: { snippet: `no signal for ${Math.floor(quietDays)} days (was ${status.status})` },
    });
    if (applied.matched && !applied.duplicate && applied.changed) {
      outcome.changes.push({ leadId, from: status.status, to: next });
    }
  }
  return { ...outcome, more: ids.length === count };
}
