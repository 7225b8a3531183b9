// run-cadence: `cadence.enrolled` → one durable run per enrolled lead walks the cadence's steps,
// sleeping until each is due (`step.sleepUntil`; an out-of-office pushes the steps back, and the
// run sleeps on when it wakes to a later due time). Email steps are Instantly's: the run follows
// each through Instantly's `email_sent` (`cadence.step.sent`), waiting up to the grace period, and
// records one never reported. LinkedIn steps after the connection request are sent by the run
// through the operator's layers (lib/cadence/linkedin-step.ts); a held step is tried again when
// the emergency stop is switched off or the deliverability guard cleared (or every 6 hours), or
// on the next day at the cap. A
// reply, bounce, unsubscribe, "not interested" or meeting on any channel cancels the run
// (`cadence.stopped`, sent by the signal loop or a person), and every wake re-checks the lead.

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { recordLinkedinStep, sendLinkedinStep } from "../lib/cadence/linkedin-step.ts";
import {
  completeCadence,
  endCadence,
  markNotReported,
  recordFirstLinkedinStep,
  stepDue,
  stepReported,
} from "../lib/cadence/run-steps.ts";
import {
  cadenceEnrolled,
  cadenceStepSent,
  cadenceStopped,
  deliverabilityGuardChanged,
  emergencyStopChanged,
} from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

/** Wakes per step at most (each out-of-office that arrives during a sleep adds one). */
const MAX_WAKES = 6;
/**
 * Tries of a held LinkedIn step at most: under the emergency stop, each time it is switched off
 * or every 6 hours (a stop in env or config announces nothing); at the day's limit, daily.
 */
const MAX_TRIES = 24;

/** How long a step held by the emergency stop waits for the switch's "off" before it looks again. */
const STOP_RECHECK = "6h";

export const runCadence = inngest.createFunction(
  {
    id: "run-cadence",
    onFailure: onFunctionFailure("run-cadence"),
    triggers: [cadenceEnrolled],
    cancelOn: [{ event: cadenceStopped, match: "data.leadId" }],
    retries: 5,
  },
  async ({ event, step, deps }) => {
    const { leadId } = event.data;
    const steps = deps.config.cadence.steps;
    const outcomes: Record<string, string> = {};
    for (const s of steps) {
      // Sleep until the step is due; an out-of-office during the sleep moves it later.
      let due = await step.run(`due-${s.step}`, () => stepDue(deps, leadId, s.step));
      for (let wake = 1; "dueAt" in due && due.wait && wake <= MAX_WAKES; wake++) {
        await step.sleepUntil(`sleep-${s.step}-${wake}`, due.dueAt);
        due = await step.run(`due-${s.step}-${wake}`, () => stepDue(deps, leadId, s.step));
      }
      if ("ended" in due) {
        const reason = due.ended;
        await step.run(`end-${s.step}`, () => endCadence(deps, leadId, reason));
        return { leadId, ended: reason, outcomes };
      }

      if (s.channel === "email") {
        if (await step.run(`email-${s.step}`, () => stepReported(deps, leadId, s.step))) {
          outcomes[s.step] = "sent";
          continue;
        }
        const grace = deps.config.cadence.email_report_grace_hours;
        const report = await step.waitForEvent(`email-${s.step}-report`, {
          event: cadenceStepSent,
          timeout: `${grace}h`,
          if: `async.data.leadId == event.data.leadId && async.data.step == ${s.step}`,
        });
        // A report that landed just before the wait began is in the store.
        outcomes[s.step] = await step.run(`email-${s.step}-outcome`, async () => {
          if (report || (await stepReported(deps, leadId, s.step))) return "sent";
          await markNotReported(deps, leadId, s.step, grace);
          return "not_reported";
        });
        continue;
      }

      // LinkedIn: the first step went out with the lead's batch (the connection request).
      if (s === steps.find((x) => x.channel === "linkedin")) {
        outcomes[s.step] = await step.run(`linkedin-${s.step}`, () =>
          recordFirstLinkedinStep(deps, leadId, s.step),
        );
        continue;
      }
      for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
        const result = await step.run(`linkedin-${s.step}-${attempt}`, () =>
          sendLinkedinStep(deps, leadId, s.step),
        );
        await step.run(`linkedin-${s.step}-${attempt}-record`, () =>
          recordLinkedinStep(deps, leadId, s.step, result),
        );
        if (result.outcome === "stop") {
          await step.run(`end-${s.step}`, () => endCadence(deps, leadId, result.detail));
          return { leadId, ended: result.detail, outcomes };
        }
        if (result.outcome === "dispatched") {
          await step.sendEvent(`linkedin-${s.step}-dispatched`, {
            name: "linkedin.dispatched",
            id: `linkedin.dispatched-cadence-${leadId}-${s.step}`,
            data: {
              leadId,
              cardId: event.data.cardId,
              step: s.step,
              mode: result.mode,
              providerRef: result.campaignId,
              dispatchedAt: result.at,
            },
          });
        }
        if (result.outcome !== "retry") {
          outcomes[s.step] = result.outcome;
          break;
        }
        outcomes[s.step] = "held";
        if (result.until === "next_day") {
          await step.sleepUntil(`linkedin-${s.step}-retry-${attempt}`, result.retryAt);
        } else if (result.until === "guard_cleared") {
          await step.waitForEvent(`linkedin-${s.step}-guard-cleared-${attempt}`, {
            event: deliverabilityGuardChanged,
            if: "async.data.engaged == false",
            timeout: STOP_RECHECK,
          });
        } else {
          await step.waitForEvent(`linkedin-${s.step}-stop-lifted-${attempt}`, {
            event: emergencyStopChanged,
            if: "async.data.on == false",
            timeout: STOP_RECHECK,
          });
        }
      }
    }
    await step.run("complete", () => completeCadence(deps, leadId));
    return { leadId, completed: true, outcomes };
  },
);
