// alert-on-failure: any function that runs out of retries (`inngest/function.failed`) raises an
// alert naming the function, the run and the error — CRITICAL, since nothing else handled it.
// Pipeline stages raise their own WARNING through onFailure, and send-alert cannot alert about
// itself, so both are left out here.

import { alertRaised } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { redact, secretsOf } from "../lib/log.ts";

/** Functions whose failures are alerted elsewhere. */
const HANDLED_ELSEWHERE = [
  "scrape-leads",
  "enrich-leads",
  "verify-leads",
  "segment-leads",
  "craft-emails",
  "send-alert",
];

export const alertOnFailure = inngest.createFunction(
  { id: "alert-on-failure", triggers: [{ event: "inngest/function.failed" }], retries: 3 },
  async ({ event, step, deps }) => {
    const data = event.data as {
      function_id?: string;
      run_id?: string;
      error?: { name?: string; message?: string };
      event?: { name?: string };
    };
    const functionId = String(data.function_id ?? "unknown").replace(/^alpha-swarm-/, "");
    if (HANDLED_ELSEWHERE.includes(functionId) || functionId.endsWith("-failure")) {
      const runtime = deps;
      if (functionId === "send-alert") {
        runtime.logger.error(
          `send-alert failed: an alert could not be delivered (run ${data.run_id})`,
        );
      }
      return { alerted: false, functionId };
    }
    const detail = redact(
      `${data.error?.name ?? "Error"}: ${data.error?.message ?? "no message"}`,
      secretsOf(deps.env),
    );
    await step.sendEvent("alert", {
      name: alertRaised.name,
      data: {
        severity: "CRITICAL",
        title: `Function ${functionId} failed after its retries`,
        detail,
        context: {
          function: functionId,
          run: String(data.run_id ?? "unknown"),
          event: String(data.event?.name ?? "unknown"),
        },
      },
    });
    return { alerted: true, functionId };
  },
);
