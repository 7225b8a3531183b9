// Human lines about the running configuration: engine, store, safety, and what is not durable.
import { shadowMode } from "../dispatch/emergency.ts";
import type { Runtime } from "../runtime/runtime.ts";

export function describeRuntime(runtime: Runtime): string[] {
  const lines: string[] = [];
  const engine = {
    embedded: `embedded (${
      runtime.engine?.isLeader() ? "driven by this process" : "driven by another process"
    }; runs, sleeps, waits and retries are kept in the store and resume after a restart; one machine — set INNGEST_SIGNING_KEY + INNGEST_EVENT_KEY or INNGEST_DEV / INNGEST_BASE_URL to use Inngest)`,
    "inngest-dev": "Inngest dev server / self-hosted (functions served at /api/inngest)",
    "inngest-cloud": "Inngest Cloud (functions served at /api/inngest)",
  }[runtime.engineMode];
  lines.push(`  engine: ${engine}`);
  lines.push(`  store:  ${runtime.store.describe}`);
  const auth = {
    env: "DASHBOARD_AUTH_TOKEN",
    generated: "a token generated now (printed below)",
    stored:
      "the token generated on first start (lost it? `npm run token -- --rotate` prints a new one; or set DASHBOARD_AUTH_TOKEN)",
  }[runtime.dashboardToken.source];
  lines.push(`  api auth: bearer token — ${auth}`);
  lines.push(
    `  alerts: ${runtime.alerts.channel === "slack" ? "Slack" : "log (set SLACK_WEBHOOK_URL for Slack)"}`,
  );
  const stop = runtime.env.EMERGENCY_STOP || runtime.config.safety.emergency_stop;
  lines.push(`  emergency stop: ${stop ? "ON (no provider send of any kind)" : "off"}`);
  lines.push(
    `  shadow mode: ${shadowMode(runtime) ? "on (approved batches go to the shadow queue)" : "off (approved batches reach Instantly and HeyReach)"}`,
  );
  lines.push(
    "  pages: / (health and KPIs), /sales (approvals), /operator (dispatch, batches, emergency stop, deliverability guard), /leads, /scorecard",
  );
  if (!runtime.store.durable) {
    lines.push("  not durable: the store is in memory only, so runs and data end with the process");
  }
  return lines;
}

/** The dashboard token this start generated, to show once (nothing when none was generated). */
export function generatedTokenNotice(runtime: Runtime): string[] {
  const token = runtime.dashboardToken.generated;
  if (!token) return [];
  return [
    "",
    `Dashboard token (shown this once; only its digest is stored): ${token}`,
    'Use it as "Authorization: Bearer <token>" or to sign in at /, /sales, /operator, /leads and /scorecard. Set DASHBOARD_AUTH_TOKEN to choose your own.',
  ];
}
