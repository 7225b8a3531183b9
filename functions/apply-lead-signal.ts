// apply-lead-signal: `lead.signal` (a webhook, or a person) → the lead's status moves forward by the
// transition rules and its timeline records the signal, once however often the signal arrives; an
// unsubscribe, bounce or wrong person suppresses the person on every channel; a status after
// which nobody may contact the lead (reply, interest, meeting, no, unsubscribe, bounce) stops it
// at Instantly and HeyReach in this same run, whichever channel the signal came from; a change
// is announced as `lead.status.changed`; the KPIs count it, and a bounce or unsubscribe has its
// campaign's and account's rates judged at once (the deliverability guard may engage); and the
// lead's cadence learns of it (a step reported sent, an out-of-office delay, or its end:
// `cadence.stopped` cancels the cadence run).

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { cadenceEffect } from "../lib/cadence/signal-effects.ts";
import { leadSignal } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { deliverabilityScope } from "../lib/kpis/deliverability-scope.ts";
import { watchesDeliverability } from "../lib/kpis/kpi-metrics.ts";
import { watchKpis } from "../lib/kpis/watch-kpis.ts";
import { applySignal } from "../lib/signals/apply-signal.ts";
import { stopEverywhere } from "../lib/signals/stop-everywhere.ts";

export const applyLeadSignal = inngest.createFunction(
  {
    id: "apply-lead-signal",
    onFailure: onFunctionFailure("apply-lead-signal"),
    triggers: [leadSignal],
    retries: 5,
  },
  async ({ event, step, deps }) => {
    const signal = event.data;
    const outcome = await step.run("apply", () => applySignal(deps, signal));
    // A bounce or unsubscribe: the campaign's and the account's rates judged now, before anything
    // that may wait on a provider, so the deliverability guard engages before the next send.
    if (outcome.matched && watchesDeliverability(signal.source, signal.type)) {
      const watched = await step.run("deliverability", () =>
        watchKpis(deps, deliverabilityScope(signal.signalId, outcome)),
      );
      if (watched.events.length > 0) await step.sendEvent("kpi-alerts", watched.events);
    }
    if (!outcome.matched || outcome.duplicate) return outcome;
    const reason = `${signal.source} ${signal.type}`;
    // Announced before the stop, so a provider that keeps failing does not hold the news back.
    if (outcome.changed && outcome.to) {
      await step.sendEvent("status-changed", {
        name: "lead.status.changed",
        id: `lead.status.changed-${signal.signalId}`,
        data: {
          leadId: outcome.leadId,
          from: outcome.from ?? "none",
          to: outcome.to,
          reason,
          at: signal.occurredAt,
        },
      });
    }
    const stopped = outcome.stop
      ? await step.run("stop-everywhere", () => stopEverywhere(deps, outcome.leadId, reason))
      : { stopped: [], unstoppable: [] };
    if (stopped.unstoppable.length > 0) {
      await step.sendEvent("alert-unstoppable", {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: `Lead ${outcome.leadId} could not be stopped everywhere`,
          detail: `${reason}: ${stopped.unstoppable.join("; ")}. Stop it by hand at the provider.`,
          context: { lead: outcome.leadId },
        },
      });
    }
    // The lead's cadence: a reported send, an out-of-office's delay, or its end (the run cancelled).
    const cadence = await step.run("cadence", () =>
      cadenceEffect(deps, outcome.leadId, signal, outcome),
    );
    if (cadence.sent) {
      await step.sendEvent("step-sent", {
        name: "cadence.step.sent",
        id: `cadence.step.sent-${signal.signalId}`,
        data: { leadId: outcome.leadId, ...cadence.sent, at: signal.occurredAt },
      });
    }
    if (cadence.stopped) {
      await step.sendEvent("cadence-stopped", {
        name: "cadence.stopped",
        id: `cadence.stopped-${signal.signalId}`,
        data: { leadId: outcome.leadId, reason, by: "signal loop", stopAtProviders: false },
      });
    }
    return { ...outcome, ...stopped, cadence };
  },
);
