// GET /: the overview page for a signed-in user (the same sign-in as /sales) — system health at a
// glance and the KPIs of the last 14 days (overview-view.ts) — and its stylesheet.
import { Hono } from "hono";
import { queueDiagnostics } from "../../lib/approval/diagnostics.ts";
import { operatorStatus } from "../../lib/dispatch/status.ts";
import { kpiReport, lastDays } from "../../lib/kpis/kpi-report.ts";
import { scorecardSummary } from "../../lib/pipeline/scorecard-summary.ts";
import { providerHealth } from "../../lib/providers/provider-health.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { loginView } from "./login-view.ts";
import { OVERVIEW_STYLE, overviewView } from "./overview-view.ts";
import { PAGE_CSP, serveAsset } from "./sales-page.ts";
import { sessionOf } from "./session.ts";

const ENGINE_DETAIL: Record<Runtime["engineMode"], string> = {
  embedded: "runs, sleeps and retries kept in the store; one machine",
  "inngest-dev": "Inngest dev server or self-hosted; functions at /api/inngest",
  "inngest-cloud": "Inngest Cloud; functions at /api/inngest",
};

/** How long the store takes to answer a PING, in ms. */
async function storeRoundTrip(runtime: Runtime): Promise<number> {
  const started = performance.now();
  await runtime.store.redis.ping();
  return Math.round((performance.now() - started) * 10) / 10;
}

export function overviewPage(runtime: Runtime) {
  const app = new Hono();
  app.get("/", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error"), "/"));
    const [ms, status, providers, diagnostics, runs, kpis] = await Promise.all([
      storeRoundTrip(runtime),
      operatorStatus(runtime),
      providerHealth(runtime),
      queueDiagnostics(runtime),
      scorecardSummary(runtime, 5),
      kpiReport(runtime, { ...lastDays(runtime, 14), campaign: null }),
    ]);
    return c.html(
      overviewView({
        actor: session.actor,
        engine: { mode: runtime.engineMode, detail: ENGINE_DETAIL[runtime.engineMode] },
        store: { transport: runtime.store.transport, durable: runtime.store.durable, ms },
        status,
        providers,
        queue: diagnostics.counts,
        sla: diagnostics.sla,
        runs,
        kpis,
        config: runtime.config,
      }),
    );
  });
  app.get(OVERVIEW_STYLE.path, (c) => serveAsset(OVERVIEW_STYLE, c.req.query("v")));
  return app;
}
