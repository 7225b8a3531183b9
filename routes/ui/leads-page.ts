// GET /leads and /leads/:id: the lead list with its funnel and filters, and one lead's page (the
// same sign-in as /sales). Bad filters fall back to none rather than failing the page.
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { ZTier } from "../../lib/scoring/score-types.ts";
import { leadFunnel, listLeads } from "../../lib/signals/lead-list.ts";
import { leadView } from "../../lib/signals/lead-view.ts";
import { INDEX_STATUSES } from "../../lib/store/lead-index.ts";
import { LEADS_STYLE, leadDetailView, leadsListView } from "./leads-view.ts";
import { LEAD_PAGE, loginView } from "./login-view.ts";
import { PAGE_CSP, serveAsset } from "./sales-page.ts";
import { sessionOf } from "./session.ts";

/** A query value when it reads by `schema`, else null (a bad filter shows everything). */
function pick<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const read = schema.safeParse(value);
  return read.success ? read.data : null;
}

const ZCursor = z
  .string()
  .regex(/^\d{1,7}$/)
  .transform(Number);

export function leadsPage(runtime: Runtime) {
  const app = new Hono();
  app.get("/leads", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error"), "/leads"));
    const campaigns = Object.keys(runtime.config.campaigns);
    const query = {
      status: pick(z.enum(INDEX_STATUSES), c.req.query("status")),
      tier: pick(ZTier, c.req.query("tier")),
      campaign: pick(z.enum(campaigns), c.req.query("campaign")),
      cursor: pick(ZCursor, c.req.query("cursor")) ?? 0,
      limit: 50,
    };
    const [funnel, list] = await Promise.all([leadFunnel(runtime), listLeads(runtime, query)]);
    return c.html(leadsListView({ actor: session.actor, funnel, list, query, campaigns }));
  });
  app.get("/leads/:id", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    const id = c.req.param("id");
    if (!session) {
      const back = `/leads/${id}`;
      return c.html(loginView(c.req.query("error"), LEAD_PAGE.test(back) ? back : "/leads"));
    }
    const lead = /^lead_[0-9a-f]{20}$/.test(id) ? await leadView(runtime, id) : null;
    if (!lead) return c.redirect("/leads", 303);
    const [funnel, [status], cadence] = await Promise.all([
      leadFunnel(runtime),
      runtime.repos.leadIndex.statusOf([id]),
      runtime.repos.cadences.get(id),
    ]);
    return c.html(
      leadDetailView({ actor: session.actor, funnel, lead, status: status ?? null, cadence }),
    );
  });
  app.get(LEADS_STYLE.path, (c) => serveAsset(LEADS_STYLE, c.req.query("v")));
  return app;
}
