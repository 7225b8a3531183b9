// /api/inngest: serves the functions to Inngest Cloud, a dev server or a self-hosted Inngest. On the
// embedded engine there is nothing for Inngest to call, and the route says so.
import { Hono } from "hono";
import { serve } from "inngest/hono";
import { inngest } from "../lib/inngest.ts";
import type { Runtime } from "../lib/runtime/runtime.ts";

export function inngestRoutes(runtime: Runtime) {
  const app = new Hono();
  if (runtime.engineMode === "embedded") {
    app.get("/api/inngest", (c) =>
      c.json({
        engine: "embedded",
        functions: runtime.functions.map((fn) => fn.id()),
        detail:
          "Functions run in-process. Set INNGEST_SIGNING_KEY + INNGEST_EVENT_KEY (Inngest Cloud) or INNGEST_DEV / INNGEST_BASE_URL to serve them here.",
      }),
    );
    app.on(["POST", "PUT"], "/api/inngest", (c) =>
      c.json({ error: "engine_embedded", detail: "No Inngest engine is configured." }, 409),
    );
    return app;
  }
  // Behind TLS or a proxy the request's own URL may say http://; APP_URL is the origin to register.
  const handler = serve({
    client: inngest,
    functions: runtime.functions,
    ...(runtime.env.APP_URL && { serveOrigin: runtime.env.APP_URL }),
  });
  // Each request Inngest makes runs with this runtime's dependencies bound for the functions.
  app.on(["GET", "POST", "PUT"], "/api/inngest", (c) => runtime.bind(() => handler(c)));
  return app;
}
