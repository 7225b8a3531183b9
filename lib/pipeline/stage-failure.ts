// What happens when a pipeline stage runs out of retries: the batch is marked FAIL in the run's
// scorecard (so the run can finish), and an alert names the run — WARNING for a stage failure
// (a provider refusing, bad data), CRITICAL for an exception in our own code.
import { alertRaised, type leadsScraped } from "../events.ts";
import type { TPipelineStage } from "../leads/lead-record.ts";
import { redact, secretsOf } from "../log.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { recordBatch } from "./record-batch.ts";
import { stageDeps } from "./stage-deps.ts";

const CODE_FAULTS = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError"]);

type TOriginal = {
  runId: string;
  campaign: string;
  mode: "sandbox" | "production";
  batch?: (typeof leadsScraped)["schema"]["_output"]["batch"];
};

type TFailureContext = {
  deps: FunctionDeps;
  event: { data: { event: { data: unknown } } };
  error: Error;
  step: {
    run: <T>(id: string, fn: () => Promise<T>) => Promise<unknown>;
    sendEvent: (id: string, payload: { name: string; data: unknown }) => Promise<unknown>;
  };
};

/** The onFailure handler of the stage's function. */
export function onStageFailure(stage: TPipelineStage) {
  return async ({ deps: injected, event, error, step }: TFailureContext) => {
    const original = event.data.event.data as TOriginal;
    const batch = original.batch ?? { index: 0, count: 1 };
    const detail = redact(error.message, secretsOf(injected.env));
    await step.run("record-failure", async () => {
      const deps = stageDeps(injected, original.mode);
      await recordBatch(deps, { runId: original.runId, batch }, stage, {
        startedAt: Date.now(),
        status: "FAIL",
        countIn: 0,
        countOut: 0,
        errors: [detail],
      });
      if (stage === "scrape") await deps.repos.runs.markFailed(original.runId);
    });
    await step.sendEvent("alert", {
      name: alertRaised.name,
      data: {
        severity: CODE_FAULTS.has(error.name) ? "CRITICAL" : "WARNING",
        title: `Pipeline stage ${stage} failed in run ${original.runId}`,
        detail,
        context: {
          run: original.runId,
          campaign: original.campaign,
          stage,
          batch: `${batch.index + 1} of ${batch.count}`,
        },
      },
    });
  };
}
