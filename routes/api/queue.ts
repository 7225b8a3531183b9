// Queue-wide API: the rejection taxonomy, the copy stats (decisions per template variant), SLA diagnostics, the
// read-only audit trail, and the read-only list of damaged stored records.
import { Hono } from "hono";
import { z } from "zod";
import { copyStats } from "../../lib/approval/copy-stats.ts";
import { queueDiagnostics } from "../../lib/approval/diagnostics.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { CARD_ID } from "../../lib/store/card-repo.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZAuditQuery = z.object({
  card: z.string().regex(CARD_ID, "expected a card id").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function queueRoutes(runtime: Runtime) {
  return (
    new Hono<{ Variables: ApiVariables }>()
      .get("/api/rejection-tags", (c) => c.json({ tags: runtime.config.rejectionTags.tags }))
      // The Head of Sales' decisions per template variant and angle, weakest first.
      .get("/api/copy/stats", async (c) => c.json(await copyStats(runtime)))
      .get("/api/queue/diagnostics", async (c) => c.json(await queueDiagnostics(runtime)))
      .get("/api/audit", validate("query", ZAuditQuery), async (c) => {
        const { card, limit, offset } = c.req.valid("query");
        const { skipped, ...page } = await runtime.repos.audit.list({
          ...(card && { cardId: card }),
          limit,
          offset,
        });
        await runtime.repos.damaged.record(skipped);
        return c.json({
          ...page,
          limit,
          offset,
          ...(skipped.length > 0 && { skipped: skipped.map(({ id, reason }) => ({ id, reason })) }),
        });
      })
      // Read-only: stored records that listings skipped because they no longer match their schema.
      .get("/api/store/damaged", async (c) =>
        c.json({ damaged: await runtime.repos.damaged.list() }),
      )
  );
}
