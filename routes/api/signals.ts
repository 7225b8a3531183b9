// The signal loop's API: one lead with its status, channels, suppression and timeline; webhook
// payloads parked for review (RB2B's that could not be used).
import { Hono } from "hono";
import { z } from "zod";
import { notFound } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { leadView } from "../../lib/signals/lead-view.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { ZQueryLimit } from "../query-limit.ts";
import { validate } from "../validate.ts";

const ZParkedQuery = z.object({ limit: ZQueryLimit.optional() });

const ZLeadId = z.object({ id: z.string().regex(/^lead_[0-9a-f]{20}$/, "expected a lead id") });

export function signalRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/webhooks/parked", validate("query", ZParkedQuery), async (c) =>
      c.json({ parked: await runtime.repos.signals.parked(c.req.valid("query").limit ?? 50) }),
    )
    .get("/api/leads/:id", validate("param", ZLeadId), async (c) => {
      const { id } = c.req.valid("param");
      const view = await leadView(runtime, id);
      if (!view) throw notFound(`no lead ${id}`);
      return c.json(view);
    });
}
