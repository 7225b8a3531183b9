// What a signal changes in the lead's cadence, once the signal loop has applied it: Instantly's
// `email_sent` marks that email step sent (Instantly numbers the campaign's email steps 1, 2, …;
// they are the cadence's email steps in order) and HeyReach's connection request or message the
// LinkedIn step it was; an out-of-office pushes the steps not yet due back by the configured delay;
// a stopping status ends the cadence (its run is cancelled by `cadence.stopped`).
import type { TConfig } from "../config/schemas.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import type { TSignal } from "../signals/apply-signal.ts";
import { statusFor } from "../signals/signal-status.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";
import { pushedBack, stoppedRecord, withStep } from "./schedule.ts";

export type TCadenceEffect = {
  /** The cadence step a provider reported sent (announced as `cadence.step.sent`). */
  sent: { step: number; channel: "email" | "linkedin" } | null;
  pushedBackDays: number | null;
  stopped: boolean;
};

const NONE: TCadenceEffect = { sent: null, pushedBackDays: null, stopped: false };

/** The cadence step number of Instantly's email step `n` (1-based), or null. */
export function emailStepOf(config: Pick<TConfig, "cadence">, n: number): number | null {
  const emails = config.cadence.steps.filter((s) => s.channel === "email");
  return emails[n - 1]?.step ?? null;
}

/** The LinkedIn step a HeyReach send reports: the connection request is the first one. */
function linkedinStepOf(record: TCadenceRecord, type: string): number | null {
  const linkedin = record.steps.filter((s) => s.channel === "linkedin");
  if (type === "connection_request_sent") return linkedin[0]?.step ?? null;
  if (type === "message_sent" || type === "inmail_sent") {
    // A message is one of the later steps (the first is the connection request).
    return linkedin.slice(1).find((s) => s.status === "dispatched")?.step ?? null;
  }
  return null;
}

function reportedStep(
  config: Pick<TConfig, "cadence">,
  record: TCadenceRecord,
  signal: TSignal,
): { step: number; channel: "email" | "linkedin" } | null {
  if (signal.source === "instantly" && signal.type === "email_sent") {
    const n = Number(signal.detail.step);
    const step = Number.isInteger(n) && n >= 1 ? emailStepOf(config, n) : null;
    return step === null ? null : { step, channel: "email" };
  }
  if (signal.source === "heyreach") {
    const step = linkedinStepOf(record, signal.type);
    return step === null ? null : { step, channel: "linkedin" };
  }
  return null;
}

export async function cadenceEffect(
  deps: Pick<FunctionDeps, "repos" | "config" | "now">,
  leadId: string,
  signal: TSignal,
  outcome: { stop: boolean },
): Promise<TCadenceEffect> {
  const record = await deps.repos.cadences.get(leadId);
  if (!record) return NONE;
  if (outcome.stop) {
    const at = deps.now().toISOString();
    await deps.repos.cadences.update(leadId, (current) =>
      current.status === "active"
        ? stoppedRecord(current, {
            at,
            by: "signal loop",
            reason: `${signal.source} ${signal.type}`,
          })
        : null,
    );
    return { ...NONE, stopped: true };
  }
  const sent = reportedStep(deps.config, record, signal);
  if (sent) {
    await deps.repos.cadences.update(leadId, (current) =>
      withStep(current, sent.step, {
        status: "sent",
        at: signal.occurredAt,
        detail: `reported sent by ${signal.source}`,
      }),
    );
    return { ...NONE, sent };
  }
  // Every out-of-office reply pushes back once, whether or not the status moved (a second one).
  if (statusFor(signal.source, signal.type) === "out_of_office") {
    const days = deps.config.cadence.out_of_office_delay_days;
    const changed = await deps.repos.cadences.update(leadId, (current) =>
      pushedBack(current, signal.signalId, signal.occurredAt, days),
    );
    const pushed = changed?.delays.some((d) => d.signalId === signal.signalId) ?? false;
    return { ...NONE, pushedBackDays: pushed ? days : null };
  }
  return NONE;
}
