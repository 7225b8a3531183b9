// What a bounce or unsubscribe has judged at once (apply-lead-signal): its campaign and its lead's
// sending account, with the signal as evidence for the guard kinds it newly counted — a bounce for
// the bounce rate and the account, an unsubscribe for the unsubscribe rate. A repeated delivery
// (whose first run may have stopped before judging) has everything judged, with no evidence.
import type { TSignalOutcome } from "../signals/apply-signal.ts";
import type { TGuardTrigger } from "../store/guard-repo.ts";
import type { TWatchScope } from "./watch-kpis.ts";

export function deliverabilityScope(signalId: string, outcome: TSignalOutcome): TWatchScope {
  if (!outcome.matched || outcome.duplicate || !outcome.kpi) return { icp: false };
  const { campaign, account, metrics } = outcome.kpi;
  const kinds: TGuardTrigger["kind"][] = [];
  if (metrics.includes("bounced")) kinds.push("bounce_rate", "account_bounce");
  if (metrics.includes("unsubscribed")) kinds.push("unsubscribe_rate");
  return {
    campaigns: [campaign],
    accounts: account ? [account] : [],
    icp: false,
    evidence: { id: `signal:${signalId}`, kinds },
  };
}
