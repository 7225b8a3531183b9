// The cadence run's work between its sleeps: when the next step is due (out-of-office delays
// included) or whether the cadence has ended meanwhile, how an email step stands (Instantly sends
// it; the run only follows), and closing the cadence when its last step has passed.
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { isStopStatus } from "../signals/lead-status.ts";
import { stoppedRecord, withStep } from "./schedule.ts";

export type TStepDue = { ended: string } | { dueAt: string; wait: boolean };

/** When step `n` is due, or why the cadence has ended (stopped, or the lead must not be contacted). */
export async function stepDue(
  deps: Pick<FunctionDeps, "repos" | "now">,
  leadId: string,
  n: number,
): Promise<TStepDue> {
  const [record, [outreach]] = await Promise.all([
    deps.repos.cadences.get(leadId),
    deps.repos.outreach.getMany([leadId]),
  ]);
  if (!record) return { ended: "not enrolled" };
  if (record.status !== "active") {
    return { ended: record.stopped ? `stopped: ${record.stopped.reason}` : record.status };
  }
  const status = outreach?.engagement?.status;
  if (isStopStatus(status)) return { ended: `lead ${status}` };
  const step = record.steps.find((s) => s.step === n);
  if (!step) return { ended: `no step ${n}` };
  return { dueAt: step.dueAt, wait: Date.parse(step.dueAt) > deps.now().getTime() };
}

/** Whether a provider has reported step `n` sent. */
export async function stepReported(
  deps: Pick<FunctionDeps, "repos">,
  leadId: string,
  n: number,
): Promise<boolean> {
  const record = await deps.repos.cadences.get(leadId);
  return record?.steps.find((s) => s.step === n)?.status === "sent";
}

/** Records an email step Instantly has not reported within the grace period (never re-sent). */
export async function markNotReported(
  deps: Pick<FunctionDeps, "repos" | "now">,
  leadId: string,
  n: number,
  graceHours: number,
): Promise<void> {
  const at = deps.now().toISOString();
  const detail = `Instantly has not reported email step ${n} sent within ${graceHours} h of its day (its campaign may not be active yet)`;
  const changed = await deps.repos.cadences.update(leadId, (record) => {
    const step = record.steps.find((s) => s.step === n);
    return step?.status === "scheduled"
      ? withStep(record, n, { status: "not_reported", at, detail })
      : null;
  });
  if (changed?.steps.find((s) => s.step === n)?.status !== "not_reported") return;
  await deps.repos.outreach.append(leadId, [
    { at, type: "cadence.step_not_reported", channel: "email", detail, batchId: null },
  ]);
}

/** Closes an active cadence whose steps have all passed. */
export async function completeCadence(
  deps: Pick<FunctionDeps, "repos" | "now">,
  leadId: string,
): Promise<boolean> {
  const at = deps.now().toISOString();
  const done = await deps.repos.cadences.update(leadId, (record) =>
    record.status === "active" ? { ...record, status: "completed" } : null,
  );
  if (done?.status !== "completed") return false;
  const summary = done.steps.map((s) => `${s.step} ${s.status}`).join(", ");
  await deps.repos.outreach.append(leadId, [
    {
      at,
      type: "cadence.completed",
      channel: null,
      detail: `cadence over: ${summary}`,
      batchId: null,
    },
  ]);
  return true;
}

/**
 * Records the first LinkedIn step (the connection request), which goes out with the lead's
 * LinkedIn batch: sent with it, or skipped when the lead never entered LinkedIn.
 */
export async function recordFirstLinkedinStep(
  deps: Pick<FunctionDeps, "repos" | "now">,
  leadId: string,
  n: number,
): Promise<"dispatched" | "sent" | "skipped"> {
  const [outreach] = await deps.repos.outreach.getMany([leadId]);
  const entry = outreach?.linkedin ?? null;
  const at = deps.now().toISOString();
  const record = await deps.repos.cadences.update(leadId, (current) => {
    if (current.steps.find((s) => s.step === n)?.status === "sent") return null;
    return entry
      ? withStep(current, n, {
          status: "dispatched",
          at: entry.at,
          detail: `with batch ${entry.batchId} (${entry.mode === "live" ? `HeyReach campaign ${entry.providerRef}` : "shadow queue"})`,
          providerRef: entry.providerRef,
        })
      : withStep(current, n, { status: "skipped", at, detail: "the lead never entered LinkedIn" });
  });
  const status = record?.steps.find((s) => s.step === n)?.status;
  return status === "sent" || status === "dispatched" ? status : "skipped";
}

/**
 * Ends an active cadence the run found must not go on (the lead stopped or suppressed by
 * something that did not reach the record, e.g. a reply before the enrolment).
 */
export async function endCadence(
  deps: Pick<FunctionDeps, "repos" | "now">,
  leadId: string,
  reason: string,
): Promise<void> {
  const at = deps.now().toISOString();
  const ended = await deps.repos.cadences.update(leadId, (record) =>
    record.status === "active" ? stoppedRecord(record, { at, by: "cadence run", reason }) : null,
  );
  if (ended?.stopped?.at !== at) return;
  await deps.repos.outreach.append(leadId, [
    {
      at,
      type: "cadence.stopped",
      channel: null,
      detail: `cadence ended: ${reason}`,
      batchId: null,
    },
  ]);
}
