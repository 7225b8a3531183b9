// GET /operator: the operator's page (the same sign-in as /sales), and its assets under
// /operator/assets/. Everything it does goes through the operator API with the page's session.
import { Hono } from "hono";
import { operatorStatus } from "../../lib/dispatch/status.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { loginView } from "./login-view.ts";
import { OPERATOR_SCRIPT, OPERATOR_STYLE } from "./operator-assets.ts";
import { operatorView } from "./operator-view.ts";
import { PAGE_CSP, serveAsset } from "./sales-page.ts";
import { sessionOf } from "./session.ts";

export function operatorPage(runtime: Runtime) {
  const app = new Hono();
  app.get("/operator", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error"), "/operator"));
    const [status, recentAll, campaigns, shadow] = await Promise.all([
      operatorStatus(runtime),
      runtime.repos.batches.recent(30),
      runtime.repos.campaigns.list(),
      runtime.repos.shadow.list({ limit: 15, offset: 0 }),
    ]);
    return c.html(
      operatorView({
        actor: session.actor,
        status,
        pending: recentAll.filter((b) => b.state.status === "pending_approval"),
        recent: recentAll.filter((b) => b.state.status !== "pending_approval").slice(0, 8),
        campaigns,
        shadow: { entries: shadow.entries, total: shadow.total },
      }),
    );
  });
  for (const asset of [OPERATOR_SCRIPT, OPERATOR_STYLE]) {
    app.get(asset.path, (c) => serveAsset(asset, c.req.query("v")));
  }
  return app;
}
