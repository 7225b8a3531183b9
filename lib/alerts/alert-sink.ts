// Where alerts go: Slack through @slack/webhook when SLACK_WEBHOOK_URL is set, the log otherwise.
// Secrets are masked before anything leaves; Slack's 429 becomes a RetryAfterError for Inngest.
import { IncomingWebhook } from "@slack/webhook";
import { RetryAfterError } from "inngest";
import { z } from "zod";
import { type Logger, redact } from "../log.ts";

export const ZAlert = z.object({
  severity: z.enum(["INFO", "WARNING", "CRITICAL"]),
  title: z.string().min(1),
  detail: z.string(),
  context: z.record(z.string(), z.string()),
});
export type TAlert = z.infer<typeof ZAlert>;

export type AlertSink = { channel: "slack" | "log"; send: (alert: TAlert) => Promise<void> };

const ICON: Record<TAlert["severity"], string> = {
  INFO: ":information_source:",
  WARNING: ":warning:",
  CRITICAL: ":rotating_light:",
};

/** Formats an alert as Slack text: severity, title, detail, then one line per context entry. */
export function formatAlert(alert: TAlert): string {
  const context = Object.entries(alert.context).map(([k, v]) => `• ${k}: ${v}`);
  return [`${ICON[alert.severity]} *${alert.severity}* ${alert.title}`, alert.detail, ...context]
    .filter(Boolean)
    .join("\n");
}

export function createAlertSink(options: {
  webhookUrl?: string | undefined;
  logger: Logger;
  secrets: readonly string[];
}): AlertSink {
  const { webhookUrl, logger, secrets } = options;
  if (!webhookUrl) {
    return {
      channel: "log",
      send: async (alert) => {
        const line = `ALERT ${redact(formatAlert(alert), secrets)}`;
        if (alert.severity === "INFO") logger.info(line);
        else logger.error(line);
      },
    };
  }
  const webhook = new IncomingWebhook(webhookUrl);
  return {
    channel: "slack",
    send: async (alert) => {
      try {
        await webhook.send({ text: redact(formatAlert(alert), secrets) });
      } catch (error) {
        throw slackFailure(error, secrets);
      }
    },
  };
}

/** Slack's rate limit is about one message a second; @slack/webhook does not expose Retry-After. */
const SLACK_RETRY_AFTER = "5s";

/** Turns a @slack/webhook rejection into an error that carries no URL and says what to do. */
function slackFailure(error: unknown, secrets: readonly string[]): Error {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 429) return new RetryAfterError("Slack rate limit", SLACK_RETRY_AFTER);
  const reason = status
    ? `HTTP ${status}`
    : redact((error as Error).message ?? "request failed", secrets);
  return new Error(`Slack alert failed: ${reason}`);
}
