// What callers see of a run: its record turned into a RunView, steps in completion order under
// the user's ids, and the time of the next retry (of the run, or of a step being retried).
import type { RunRecord } from "./run-record.ts";
import type { RunView, StepView } from "./types.ts";

/** The view of `run`, reported under `functionId`. */
export const toRunView = (run: RunRecord, functionId: string): RunView => {
  const view: RunView = {
    id: run.id,
    functionId,
    event: run.event,
    status: run.status,
    attempt: run.attempt,
    attempts: run.attempts,
    steps: run.stack.flatMap((id): StepView[] => {
      const step = run.steps.get(id);
      if (!step) return [];
      if (step.error) return [{ id: step.name, op: step.op, error: step.error }];
      return [{ id: step.name, op: step.op, result: step.data ?? null }];
    }),
    startedAt: run.startedAt,
  };
  if (run.output !== undefined) view.output = run.output;
  if (run.error) view.error = run.error;
  const retries = run.pending.flatMap((p) =>
    p.kind === "planned" && p.retryAt ? [p.retryAt] : [],
  );
  const retryAt = run.retryAt ?? (retries.length > 0 ? Math.min(...retries) : undefined);
  if (retryAt !== undefined) view.retryAt = retryAt;
  if (run.endedAt !== undefined) view.endedAt = run.endedAt;
  return view;
};
