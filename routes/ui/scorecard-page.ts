// GET /scorecard: the pipeline's runs over time and their stages (the same sign-in as /sales).
import { Hono } from "hono";
import { scorecardSummary } from "../../lib/pipeline/scorecard-summary.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { loginView } from "./login-view.ts";
import { PAGE_CSP, serveAsset } from "./sales-page.ts";
import { SCORECARD_STYLE, scorecardView } from "./scorecard-view.ts";
import { sessionOf } from "./session.ts";

export function scorecardPage(runtime: Runtime) {
  const app = new Hono();
  app.get("/scorecard", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error"), "/scorecard"));
    return c.html(
      scorecardView({ actor: session.actor, summary: await scorecardSummary(runtime, 30) }),
    );
  });
  app.get(SCORECARD_STYLE.path, (c) => serveAsset(SCORECARD_STYLE, c.req.query("v")));
  return app;
}
