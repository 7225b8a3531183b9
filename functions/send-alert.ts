// send-alert: delivers an `alert.raised` event to Slack (or the log when Slack is not configured)
// at its escalation level (Level 1–3 as failures of one function repeat within the window of
// config/alerts.json); an identical alert within the dedup window stays quiet unless it escalated.
// Retried by Inngest on failure; a Slack 429 waits for Slack's Retry-After.
import { gateAlert } from "../lib/alerts/alert-gate.ts";
import { onAlertFailure } from "../lib/alerts/function-failure.ts";
import { alertRaised } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const sendAlert = inngest.createFunction(
  { id: "send-alert", triggers: [alertRaised], retries: 5, onFailure: onAlertFailure },
  async ({ event, step, deps }) => {
    const gate = await step.run("gate", () =>
      gateAlert(deps.repos.alerts, deps.config, event.data),
    );
    if (!gate.send) {
      return { delivered: null, duplicate: true, level: gate.level, severity: event.data.severity };
    }
    const channel = await step.run("deliver", async () => {
      const sink = deps.alerts;
      await sink.send(event.data, gate.level);
      return sink.channel;
    });
    return { delivered: channel, level: gate.level, severity: event.data.severity };
  },
);
