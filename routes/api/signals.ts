// The signal loop's API: leads by status, tier and campaign (cursor-paginated), the funnel of leads
// per status, one lead with its status, channels, suppression and timeline; webhook
// payloads parked for review (RB2B's that could not be used).
import { Hono } from "hono";
import { z } from "zod";
import { badRequest, notFound } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { ZTier } from "../../lib/scoring/score-types.ts";
import { leadFunnel, listLeads } from "../../lib/signals/lead-list.ts";
import { leadView } from "../../lib/signals/lead-view.ts";
import { INDEX_STATUSES } from "../../lib/store/lead-index.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { ZQueryLimit } from "../query-limit.ts";
import { validate } from "../validate.ts";

const ZParkedQuery = z.object({ limit: ZQueryLimit.optional() });

const ZLeadQuery = z.object({
  status: z
    .enum(INDEX_STATUSES, { error: `expected one of ${INDEX_STATUSES.join(", ")}` })
    .optional(),
  tier: ZTier.optional(),
  campaign: z.string().trim().min(1).max(100).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,7}$/, "expected the cursor a previous page returned")
    .transform(Number)
    .optional(),
  limit: ZQueryLimit.optional(),
});

const ZLeadId = z.object({ id: z.string().regex(/^lead_[0-9a-f]{20}$/, "expected a lead id") });

export function signalRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/webhooks/parked", validate("query", ZParkedQuery), async (c) =>
      c.json({ parked: await runtime.repos.signals.parked(c.req.valid("query").limit ?? 50) }),
    )
    .get("/api/leads", validate("query", ZLeadQuery), async (c) => {
      const { status, tier, campaign, cursor, limit } = c.req.valid("query");
      if (campaign && !Object.hasOwn(runtime.config.campaigns, campaign)) {
        const known = Object.keys(runtime.config.campaigns).join(", ");
        throw badRequest(
          `query.campaign: unknown campaign "${campaign}"; expected one of ${known}`,
        );
      }
      return c.json(
        await listLeads(runtime, {
          status: status ?? null,
          tier: tier ?? null,
          campaign: campaign ?? null,
          cursor: cursor ?? 0,
          limit: limit ?? 50,
        }),
      );
    })
    .get("/api/leads/funnel", async (c) => c.json(await leadFunnel(runtime)))
    .get("/api/leads/:id", validate("param", ZLeadId), async (c) => {
      const { id } = c.req.valid("param");
      const view = await leadView(runtime, id);
      if (!view) throw notFound(`no lead ${id}`);
      return c.json(view);
    });
}
