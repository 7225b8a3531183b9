// send-alert: delivers an `alert.raised` event to Slack (or the log when Slack is not configured).
// Retried by Inngest on failure; a Slack 429 waits for Slack's Retry-After.
import { alertRaised } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const sendAlert = inngest.createFunction(
  { id: "send-alert", triggers: [alertRaised], retries: 5 },
  async ({ event, step, deps }) => {
    const channel = await step.run("deliver", async () => {
      const sink = deps.alerts;
      await sink.send(event.data);
      return sink.channel;
    });
    return { delivered: channel, severity: event.data.severity };
  },
);
