// The alert sink: Slack through @slack/webhook (answered by msw), the log otherwise; secrets masked;
// Slack's 429 becomes a RetryAfterError so Inngest waits instead of hammering.
import { RetryAfterError } from "inngest";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAlertSink, formatAlert, type TAlert } from "../../lib/alerts/alert-sink.ts";
import { createLogger, type LogLevel } from "../../lib/log.ts";

const HOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
const received: unknown[] = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => {
  server.resetHandlers();
  received.length = 0;
});
afterAll(() => server.close());

const alert: TAlert = {
  severity: "WARNING",
  title: "Stage enrich failed",
  detail: "Apollo answered 401 for key apollo-secret-key-1",
  context: { run: "run_123", stage: "enrich" },
};

describe("alert sink", () => {
  it("posts the formatted alert to Slack with secrets masked", async () => {
    server.use(
      http.post(HOOK, async ({ request }) => {
        received.push(await request.json());
        return new HttpResponse("ok");
      }),
    );
    const sink = createAlertSink({
      webhookUrl: HOOK,
      logger: createLogger({ sink: () => {} }),
      secrets: ["apollo-secret-key-1"],
    });
    expect(sink.channel).toBe("slack");
    await sink.send(alert);
    expect(received).toHaveLength(1);
    const text = (received[0] as { text: string }).text;
    expect(text).toContain("*WARNING* Stage enrich failed");
    expect(text).toContain("• run: run_123");
    expect(text).toContain("[redacted]");
    expect(text).not.toContain("apollo-secret-key-1");
  });

  it("turns Slack's 429 into a RetryAfterError so Inngest backs off", async () => {
    server.use(
      http.post(
        HOOK,
        () => new HttpResponse("rate_limited", { status: 429, headers: { "retry-after": "7" } }),
      ),
    );
    const sink = createAlertSink({
      webhookUrl: HOOK,
      logger: createLogger({ sink: () => {} }),
      secrets: [],
    });
    const error = await sink.send(alert).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfter).toBe("5");
  });

  it("reports other Slack failures without the webhook URL", async () => {
    server.use(http.post(HOOK, () => new HttpResponse("no_service", { status: 404 })));
    const sink = createAlertSink({
      webhookUrl: HOOK,
      logger: createLogger({ sink: () => {} }),
      secrets: [HOOK],
    });
    const error = (await sink.send(alert).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("Slack alert failed: HTTP 404");
    expect(error.message).not.toContain("XXXXSECRET");
  });

  it("writes to the log when Slack is not configured", async () => {
    const lines: [LogLevel, string][] = [];
    const sink = createAlertSink({
      logger: createLogger({ sink: (l, line) => lines.push([l, line]) }),
      secrets: ["apollo-secret-key-1"],
    });
    expect(sink.channel).toBe("log");
    await sink.send({ ...alert, severity: "CRITICAL" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[0]).toBe("error");
    expect(lines[0]?.[1]).toContain("ALERT L1 :rotating_light: *CRITICAL* Stage enrich failed");
    expect(lines[0]?.[1]).not.toContain("apollo-secret-key-1");
  });

  it("formats context lines in order", () => {
    expect(
      formatAlert({ severity: "INFO", title: "t", detail: "", context: { a: "1", b: "2" } }),
    ).toBe(":information_source: *INFO* t\n• a: 1\n• b: 2");
  });
});
