// The onFailure of every function but the pipeline stages (lib/pipeline/stage-failure.ts) and
// send-alert: once a function runs out of retries, a CRITICAL alert names the function, the failed
// run, the event that started it and the error (secrets masked); its next step says which run to
// replay. send-alert's own failure can only be logged: the alert it carried did not reach Slack.
import { alertRaised } from "../events.ts";
import { redact, secretsOf } from "../log.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";

type TFailure = {
  deps: FunctionDeps;
  event: { data: unknown };
  error: Error;
  step: { sendEvent: (id: string, payload: { name: string; data: unknown }) => Promise<unknown> };
};

const failedRun = (data: unknown) => {
  const d = (data ?? {}) as { run_id?: unknown; event?: { name?: unknown } };
  return { run: String(d.run_id ?? "unknown"), event: String(d.event?.name ?? "unknown") };
};

/** The onFailure handler that alerts about `functionId`. */
export function onFunctionFailure(functionId: string) {
  return async ({ deps, event, error, step }: TFailure) => {
    const { run, event: started } = failedRun(event.data);
    await step.sendEvent("alert", {
      name: alertRaised.name,
      data: {
        severity: "CRITICAL",
        title: `Function ${functionId} failed after its retries`,
        detail: redact(`${error.name}: ${error.message}`, secretsOf(deps.env)),
        context: { function: functionId, run, event: started },
      },
    });
  };
}

/** send-alert's onFailure: the log is all that is left. */
export async function onAlertFailure({ deps, event, error }: Omit<TFailure, "step">) {
  const { run } = failedRun(event.data);
  deps.logger.error(
    `send-alert failed: an alert could not be delivered (run ${run}): ${redact(error.message, secretsOf(deps.env))}`,
  );
}
