// The Hono app: secure headers (unless the server sets them), the CORS allow-list, the routes, one
// JSON error handler, JSON 404s.
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { Runtime } from "../lib/runtime/runtime.ts";
import { cadenceRoutes } from "./api/cadence.ts";
import { emailRoutes } from "./api/emails.ts";
import { kpiRoutes } from "./api/kpis.ts";
import { operatorRoutes } from "./api/operator.ts";
import { pipelineRoutes } from "./api/pipeline.ts";
import { providerHealthRoutes } from "./api/provider-health.ts";
import { queueRoutes } from "./api/queue.ts";
import { scorecardRoutes } from "./api/scorecard.ts";
import { signalRoutes } from "./api/signals.ts";
import { apiAuth } from "./bearer-auth.ts";
import { corsAllowList } from "./cors.ts";
import { healthRoutes } from "./health.ts";
import { inngestRoutes } from "./inngest.ts";
import { jsonBodies } from "./json-body.ts";
import { createErrorHandler } from "./on-error.ts";
import { leadsPage } from "./ui/leads-page.ts";
import { operatorPage } from "./ui/operator-page.ts";
import { overviewPage } from "./ui/overview-page.ts";
import { salesPage } from "./ui/sales-page.ts";
import { scorecardPage } from "./ui/scorecard-page.ts";
import { sessionRoutes } from "./ui/session.ts";
import { webhookRoutes } from "./webhooks.ts";

export type AppOptions = {
  /**
   * The HTTP server sets the secure headers and `Vary: Origin` on every response
   * (routes/node-server.ts): the app then leaves them out.
   */
  headersSetByServer?: boolean;
};

export function createApp(runtime: Runtime, options: AppOptions = {}) {
  const allowed = new Set(runtime.env.CORS_ALLOWED_ORIGINS);
  const app = new Hono();
  if (!options.headersSetByServer) app.use(secureHeaders());
  app.use(
    "/api/*",
    corsAllowList(allowed, {
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type", "X-Actor", "X-Requested-With"],
      maxAge: 600,
      varySetByServer: options.headersSetByServer === true,
    }),
  );
  app.use(
    "/api/*",
    apiAuth(runtime.dashboardToken.digest, runtime.repos.sessions, {
      count: runtime.repos.authFailures,
      trustProxy: runtime.env.TRUST_PROXY,
    }),
  );
  app.use("/api/*", jsonBodies);
  app.route("/", healthRoutes(runtime));
  app.route("/", pipelineRoutes(runtime));
  app.route("/", emailRoutes(runtime));
  app.route("/", queueRoutes(runtime));
  app.route("/", operatorRoutes(runtime));
  app.route("/", signalRoutes(runtime));
  app.route("/", cadenceRoutes(runtime));
  app.route("/", providerHealthRoutes(runtime));
  app.route("/", scorecardRoutes(runtime));
  app.route("/", kpiRoutes(runtime));
  app.route("/", sessionRoutes(runtime));
  app.route("/", salesPage(runtime));
  app.route("/", operatorPage(runtime));
  app.route("/", leadsPage(runtime));
  app.route("/", scorecardPage(runtime));
  app.route("/", overviewPage(runtime));
  app.route("/", inngestRoutes(runtime));
  app.route("/", webhookRoutes(runtime));
  app.notFound((c) =>
    c.json({ error: "not_found", detail: `No route for ${c.req.method} ${c.req.path}` }, 404),
  );
  app.onError(createErrorHandler(runtime.logger));
  return app;
}
