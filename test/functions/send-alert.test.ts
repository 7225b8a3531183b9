// send-alert under InngestTestEngine: an `alert.raised` event is delivered to the log sink when
// Slack is not configured (WARNING/CRITICAL at error level, INFO at info, context lines, secrets
// masked) and returns the channel and severity; with SLACK_WEBHOOK_URL it posts to Slack (msw),
// and Slack's 429 fails the attempt with a RetryAfterError so Inngest waits before retrying.
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { sendAlert } from "../../functions/send-alert.ts";
import { APOLLO_TEST_KEY } from "../msw/apollo.ts";
import { execute, failedWith, RUN_ID, startRuntime, stepRunIds, useMswServer } from "./support.ts";

const server = useMswServer();
const HOOK = "https://hooks.slack.com/services/T0000/B0000/alertsecret0000";

function alertEvent(
  severity: "INFO" | "WARNING" | "CRITICAL",
  detail = "Apollo refused the API key",
) {
  return {
    name: "alert.raised",
    data: {
      severity,
      title: `Pipeline stage enrich failed in run ${RUN_ID}`,
      detail,
      context: { run: RUN_ID, campaign: "default", stage: "enrich", batch: "2 of 3" },
    },
  };
}

const alertLines = (logs: [string, string][]) => logs.filter(([, line]) => line.includes("ALERT"));

describe("send-alert", () => {
  it("delivers a WARNING to the log at error level when Slack is not configured", async () => {
    const runtime = await startRuntime();

    const { result, error, ctx } = await execute(sendAlert, alertEvent("WARNING"));

    expect(error).toBeUndefined();
    expect(result).toEqual({ delivered: "log", level: 1, severity: "WARNING" });
    expect(stepRunIds(ctx)).toEqual(["gate", "deliver"]);
    const lines = alertLines(runtime.logs);
    expect(lines).toHaveLength(1);
    const [level, line] = lines[0] ?? [];
    expect(level).toBe("error");
    expect(line).toContain(
      `ALERT L1 :warning: *WARNING* Pipeline stage enrich failed in run ${RUN_ID}`,
    );
    expect(line).toContain("Apollo refused the API key");
    expect(line).toContain(`• run: ${RUN_ID}`);
    expect(line).toContain("• batch: 2 of 3");
  });

  it("logs INFO at info level and masks secrets from env", async () => {
    const runtime = await startRuntime({ rawEnv: { APOLLO_API_KEY: APOLLO_TEST_KEY } });

    const { result } = await execute(
      sendAlert,
      alertEvent("INFO", `a message that quotes the key ${APOLLO_TEST_KEY}`),
    );

    expect(result).toEqual({ delivered: "log", level: 1, severity: "INFO" });
    const lines = alertLines(runtime.logs);
    expect(lines.map(([level]) => level)).toEqual(["info"]);
    expect(lines[0]?.[1]).toContain(":information_source: *INFO*");
    expect(lines[0]?.[1]).not.toContain(APOLLO_TEST_KEY);
  });

  it("posts to Slack when SLACK_WEBHOOK_URL is set", async () => {
    const runtime = await startRuntime({ rawEnv: { SLACK_WEBHOOK_URL: HOOK } });
    const posted: unknown[] = [];
    server.use(
      http.post(HOOK, async ({ request }) => {
        posted.push(await request.json());
        return new HttpResponse("ok");
      }),
    );

    const { result, error } = await execute(sendAlert, alertEvent("CRITICAL"));

    expect(error).toBeUndefined();
    expect(result).toEqual({ delivered: "slack", level: 1, severity: "CRITICAL" });
    expect(posted).toHaveLength(1);
    const text = (posted[0] as { text: string }).text;
    expect(text).toMatch(/^:rotating_light: \*CRITICAL\* Pipeline stage enrich failed in run /);
    expect(text).toContain("• stage: enrich");
    expect(alertLines(runtime.logs)).toEqual([]);
  });

  it("posts blocks: severity and level, what happened, where, and the next step", async () => {
    await startRuntime({ rawEnv: { SLACK_WEBHOOK_URL: HOOK } });
    const posted: { blocks: Record<string, unknown>[] }[] = [];
    server.use(
      http.post(HOOK, async ({ request }) => {
        posted.push((await request.json()) as (typeof posted)[number]);
        return new HttpResponse("ok");
      }),
    );
    await execute(sendAlert, alertEvent("WARNING"));
    const blocks = posted[0]?.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    expect(JSON.stringify(blocks[0])).toContain(`WARNING · Level 1: Pipeline stage enrich failed`);
    expect(JSON.stringify(blocks[1])).toContain("Apollo refused the API key");
    expect(JSON.stringify(blocks[2])).toContain(`*run*\\n${RUN_ID}`);
    expect(JSON.stringify(blocks[3])).toContain(`replay run ${RUN_ID} of enrich stage`);
  });

  it("escalates as one stage keeps failing, and keeps identical alerts quiet within the window", async () => {
    const runtime = await startRuntime();
    const results = [];
    // The same failure in six runs within the hour (config/alerts.json: Level 2 from 3, Level 3 from 6).
    for (let n = 1; n <= 6; n++) {
      const event = alertEvent("WARNING");
      event.data.context.run = `run_20261124_0900${n}0_abcdef`;
      results.push((await execute(sendAlert, event)).result);
    }
    expect(results.map((r) => (r as { level: number }).level)).toEqual([1, 1, 2, 2, 2, 3]);
    // Sent at 1, then only when the level rose: 2 and 3.
    expect(results.map((r) => (r as { duplicate?: boolean }).duplicate ?? false)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(alertLines(runtime.logs).map(([, line]) => line.match(/ALERT L(\d)/)?.[1])).toEqual([
      "1",
      "2",
      "3",
    ]);
    // Past the dedup window (15 min) the same alert goes out again; past the escalation window
    // (1 h) the count starts over.
    runtime.clock.advance(61 * 60_000);
    const later = (await execute(sendAlert, alertEvent("WARNING"))).result;
    expect(later).toMatchObject({ delivered: "log", level: 1 });
  });

  it("fails the attempt with a RetryAfterError when Slack rate-limits", async () => {
    await startRuntime({ rawEnv: { SLACK_WEBHOOK_URL: HOOK } });
    server.use(http.post(HOOK, () => new HttpResponse("rate_limited", { status: 429 })));

    const output = await execute(sendAlert, alertEvent("WARNING"));

    const error = failedWith(output);
    expect(error.name).toBe("RetryAfterError");
    expect(error.message).toBe("Slack rate limit");
    expect(JSON.stringify(output.error)).not.toContain("alertsecret");
  });
});

describe("a triggering event that does not match the catalog", () => {
  it("fails the run at once, naming the bad fields, before any step runs", async () => {
    await startRuntime();
    const output = await execute(sendAlert, {
      name: "alert.raised",
      data: { severity: "LOUD", detail: 3 },
    });
    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toContain("triggered by an invalid alert.raised event");
    expect(error.message).toContain("data.severity");
    expect(error.message).toContain("data.title");
    expect(stepRunIds(output.ctx)).toEqual([]);
  });
});
