// Where alerts go: Slack through @slack/webhook when SLACK_WEBHOOK_URL is set (blocks: severity and
// escalation level, what happened, where, the next step; the text as the fallback), the log
// otherwise.
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

export type AlertSink = {
  channel: "slack" | "log";
  /** Sends the alert at its escalation level (1 when not given). */
  send: (alert: TAlert, level?: number) => Promise<void>;
};

const ICON: Record<TAlert["severity"], string> = {
  INFO: ":information_source:",
  WARNING: ":warning:",
  CRITICAL: ":rotating_light:",
};

/** What to do next about an alert: replay its run once the cause is fixed, or look at the log. */
export function nextStep(alert: TAlert): string {
  const fn =
    alert.context.function ?? (alert.context.stage ? `${alert.context.stage} stage` : null);
  if (alert.context.run && fn) {
    return `Fix the cause, then replay run ${alert.context.run} of ${fn} from the Inngest dashboard (Functions → ${fn} → Runs → Replay); on the embedded engine, start a new run.`;
  }
  if (alert.severity === "INFO") return "Nothing to do: for your information.";
  return "Look at the server log around this time for the full error.";
}

/** The alert as Slack blocks: severity and level, what happened, where (context), next step. */
export function alertBlocks(alert: TAlert, level: number, secrets: readonly string[]) {
  const clean = (text: string) => redact(text, secrets);
  const fields = Object.entries(alert.context)
    .slice(0, 10)
    .map(([key, value]) => ({ type: "mrkdwn", text: clean(`*${key}*\n${value}`).slice(0, 2000) }));
  return [
    {
      type: "header",
      text: {
        type: "plain_text",
        text: clean(`${alert.severity} · Level ${level}: ${alert.title}`).slice(0, 150),
      },
    },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: clean(`*What happened*\n${alert.detail || alert.title}`).slice(0, 3000),
      },
    },
    ...(fields.length > 0 ? [{ type: "section", fields }] : []),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: clean(`*Next step:* ${nextStep(alert)}`).slice(0, 2000) }],
    },
  ];
}

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
      send: async (alert, level = 1) => {
        const line = `ALERT L${level} ${redact(formatAlert(alert), secrets)}`;
        if (alert.severity === "INFO") logger.info(line);
        else logger.error(line);
      },
    };
  }
  const webhook = new IncomingWebhook(webhookUrl);
  return {
    channel: "slack",
    send: async (alert, level = 1) => {
      try {
        await webhook.send({
          text: redact(formatAlert(alert), secrets),
          blocks: alertBlocks(alert, level, secrets),
        });
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
