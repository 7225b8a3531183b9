// The cadence's calendar for one lead: each step of config/cadence.json due on its day, counted
// from the enrolment (day 1 is the day of the first dispatch), and pushed back by every
// out-of-office reply that arrives before a step is due.

import type { TConfig } from "../config/schemas.ts";
import { DAY_MS } from "../dispatch/day.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";

/** A new enrolment: every step scheduled on its day. */
export function newEnrolment(
  config: Pick<TConfig, "cadence">,
  lead: { leadId: string; cardId: string },
  startedAt: string,
): TCadenceRecord {
  const start = Date.parse(startedAt);
  return {
    leadId: lead.leadId,
    cardId: lead.cardId,
    cadence: config.cadence.name,
    startedAt,
    status: "active",
    steps: config.cadence.steps.map((step) => ({
      step: step.step,
      day: step.day,
      channel: step.channel,
      status: "scheduled",
      dueAt: new Date(start + (step.day - 1) * DAY_MS).toISOString(),
      at: null,
      detail: null,
      providerRef: null,
    })),
    delays: [],
    stopped: null,
  };
}

/**
 * The record after an out-of-office reply (signal `signalId`, at `at`): every step still
 * scheduled and not yet due moves `days` later. Null when this reply was already counted, or
 * when the cadence is over.
 */
export function pushedBack(
  record: TCadenceRecord,
  signalId: string,
  at: string,
  days: number,
): TCadenceRecord | null {
  if (record.status !== "active" || record.delays.some((d) => d.signalId === signalId)) return null;
  const when = Date.parse(at);
  return {
    ...record,
    steps: record.steps.map((step) =>
      step.status === "scheduled" && Date.parse(step.dueAt) > when
        ? { ...step, dueAt: new Date(Date.parse(step.dueAt) + days * DAY_MS).toISOString() }
        : step,
    ),
    delays: [...record.delays, { signalId, at, days }],
  };
}

/** The record with one step's outcome (null when the step already has that outcome). */
export function withStep(
  record: TCadenceRecord,
  stepNumber: number,
  change: Pick<TCadenceRecord["steps"][number], "status" | "at" | "detail"> & {
    providerRef?: string | null;
  },
): TCadenceRecord | null {
  const current = record.steps.find((s) => s.step === stepNumber);
  if (!current || (current.status === change.status && current.detail === change.detail)) {
    return null;
  }
  return {
    ...record,
    steps: record.steps.map((s) =>
      s.step === stepNumber
        ? { ...s, ...change, providerRef: change.providerRef ?? s.providerRef }
        : s,
    ),
  };
}

/** The record stopped (who, when, why): every step not gone out yet is cancelled. */
export function stoppedRecord(
  record: TCadenceRecord,
  stopped: NonNullable<TCadenceRecord["stopped"]>,
): TCadenceRecord {
  return {
    ...record,
    status: "stopped",
    stopped,
    steps: record.steps.map((step) =>
      step.status === "scheduled" || step.status === "held"
        ? { ...step, status: "cancelled", at: stopped.at }
        : step,
    ),
  };
}
