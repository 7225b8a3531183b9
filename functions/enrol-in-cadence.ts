// enrol-in-cadence: `email.dispatched` / `linkedin.dispatched` (live) → a lead dispatched for the
// first time is enrolled in the cadence of config/cadence.json (day 1 is that dispatch) and its
// run starts (`cadence.enrolled`); a later dispatch of the same lead (its other channel, a
// replayed event) changes nothing. Batched: a batch of 100 dispatches is one run and two steps.

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { enrolDispatched } from "../lib/cadence/enrol.ts";
import { emailDispatched, linkedinDispatched } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const enrolInCadence = inngest.createFunction(
  {
    id: "enrol-in-cadence",
    onFailure: onFunctionFailure("enrol-in-cadence"),
    triggers: [emailDispatched, linkedinDispatched],
    retries: 5,
    batchEvents: { maxSize: 100, timeout: "2s" },
  },
  async ({ events, step, deps }) => {
    const enrolled = await step.run("enrol", () =>
      enrolDispatched(
        deps,
        events.map((event) => event.data),
      ),
    );
    if (enrolled.length > 0) {
      await step.sendEvent(
        "start-runs",
        enrolled.map((record) => ({
          name: "cadence.enrolled" as const,
          id: `cadence.enrolled-${record.leadId}`,
          data: {
            leadId: record.leadId,
            cardId: record.cardId,
            cadence: record.cadence,
            startedAt: record.startedAt,
          },
        })),
      );
    }
    return { enrolled: enrolled.length, of: events.length };
  },
);
