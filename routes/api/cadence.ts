// The cadence API: enrolments (newest first, by status, cursor-paginated), one lead's cadence with
// each step's state, and stopping a lead's cadence (audited; its run is cancelled and the lead is
// stopped at Instantly and HeyReach).
import { Hono } from "hono";
import { z } from "zod";
import { activeCadence, stopCadence } from "../../lib/cadence/stop-cadence.ts";
import { notFound } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { TCadenceRecord } from "../../lib/store/cadence-repo.ts";
import { scanIndex } from "../../lib/store/index-scan.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { ZQueryLimit } from "../query-limit.ts";
import { validate } from "../validate.ts";

const ZLeadId = z.object({
  id: z.string().regex(/^lead_[0-9a-f]{20}$/, "expected a lead id"),
});
const ZEnrolmentQuery = z.object({
  status: z.enum(["active", "completed", "stopped"]).optional(),
  limit: ZQueryLimit.optional(),
  cursor: z
    .string()
    .regex(/^\d{1,7}$/, "expected the cursor a previous page returned")
    .transform(Number)
    .optional(),
});
const ZStop = z.strictObject({
  reason: z.string().trim().min(3, "expected a reason of at least 3 characters").max(500),
});

/** The step due next (or null when none is left). */
const nextStep = (record: TCadenceRecord) =>
  record.status === "active"
    ? (record.steps.find((s) => s.status === "scheduled" || s.status === "held") ?? null)
    : null;

/** Pages of the index scanned per request at most when a status filter leaves few matches. */
const MAX_SCANNED_PAGES = 20;

export function cadenceRoutes(runtime: Runtime) {
  const { cadences } = runtime.repos;
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/cadence/enrollments", validate("query", ZEnrolmentQuery), async (c) => {
      const { status, limit = 50, cursor = 0 } = c.req.valid("query");
      const page = await scanIndex({
        cursor,
        limit,
        chunk: limit,
        maxScanned: MAX_SCANNED_PAGES * limit,
        read: (at, count) => cadences.list(at, count),
        keep: (record: TCadenceRecord) =>
          status && record.status !== status
            ? null
            : {
                leadId: record.leadId,
                cardId: record.cardId,
                cadence: record.cadence,
                startedAt: record.startedAt,
                status: record.status,
                next: nextStep(record),
                stopped: record.stopped,
              },
      });
      return c.json({
        enrollments: page.rows,
        enrolled: page.total,
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      });
    })
    .get("/api/cadence/:id", validate("param", ZLeadId), async (c) => {
      const { id: leadId } = c.req.valid("param");
      const record = await cadences.get(leadId);
      if (!record) throw notFound(`lead ${leadId} is not enrolled in a cadence`);
      return c.json({ ...record, next: nextStep(record) });
    })
    .post(
      "/api/cadence/:id/stop",
      validate("param", ZLeadId),
      validate("json", ZStop),
      async (c) => {
        const { id: leadId } = c.req.valid("param");
        const { reason } = c.req.valid("json");
        const by = c.get("actor");
        const active = await activeCadence(runtime, leadId);
        await runtime.emit({
          name: "cadence.stopped",
          id: `cadence.stopped-${leadId}-${active.startedAt}-by-person`,
          data: { leadId, reason, by, stopAtProviders: true },
        });
        return c.json(await stopCadence(runtime, leadId, by, reason));
      },
    );
}
