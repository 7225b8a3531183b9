// The operator's API: run the outbound or revival motion (a dry run unless `live: true`), approve a GATEKEEPER
// batch, read batches, the status (ramp, caps, emergency stop, pending batches) and the shadow
// queue, switch the emergency stop, activate a draft Instantly campaign (a person's act), and
// suppress a person by hand.
import { Hono } from "hono";
import { z } from "zod";
import { approveBatch, batchOr404 } from "../../lib/dispatch/batch-lifecycle.ts";
import { ZBatchStatus } from "../../lib/dispatch/batch-types.ts";
import { activateCampaign, switchEmergencyStop } from "../../lib/dispatch/operator-actions.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import { CADENCE_RUNS_ITSELF, runRevival } from "../../lib/dispatch/revival.ts";
import { operatorStatus } from "../../lib/dispatch/status.ts";
import { badRequest } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { ZQueryLimit } from "../query-limit.ts";
import { validate } from "../validate.ts";

const ZDispatch = z.strictObject({
  motion: z.enum(["outbound", "cadence", "revival"], {
    error: 'expected "outbound" or "revival"',
  }),
  live: z.boolean({ error: "expected true or false" }).optional(),
});
const ZBatchId = z.object({
  id: z.string().regex(/^batch_\d{8}_[0-9a-f]{8}$/, "expected a batch id"),
});
const ZApproveBatch = z.strictObject({
  snapshotHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "expected the batch's snapshotHash")
    .optional(),
});
const ZEmergency = z.strictObject({
  on: z.boolean({ error: "expected true or false" }),
  reason: z.string().trim().min(3, "expected a reason of at least 3 characters").max(500),
});
const ZCampaignId = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, "expected a campaign id"),
});
const ZPageQuery = z.object({
  limit: ZQueryLimit.optional(),
  offset: z
    .string()
    .regex(/^\d{1,6}$/, "expected a whole number")
    .transform(Number)
    .optional(),
});
const ZBatchQuery = z.object({
  status: ZBatchStatus.optional(),
});
const ZSuppress = z
  .strictObject({
    email: z.email("expected an email address").optional(),
    linkedinUrl: z.url("expected a LinkedIn profile URL").optional(),
    note: z.string().trim().min(3, "expected a note of at least 3 characters").max(500),
  })
  .refine((body) => body.email || body.linkedinUrl, "expected an email or a linkedinUrl");

export function operatorRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .post("/api/operator/dispatch", validate("json", ZDispatch), async (c) => {
      const { motion, live } = c.req.valid("json");
      const options = { live: live === true, by: c.get("actor") };
      if (motion === "cadence") throw badRequest(CADENCE_RUNS_ITSELF);
      if (motion === "revival") return c.json(await runRevival(runtime, options));
      return c.json(await runOutbound(runtime, options));
    })
    .post(
      "/api/operator/approve-batch/:id",
      validate("param", ZBatchId),
      validate("json", ZApproveBatch),
      async (c) =>
        c.json(
          await approveBatch(
            runtime,
            c.req.valid("param").id,
            c.get("actor"),
            c.req.valid("json").snapshotHash,
          ),
        ),
    )
    .get("/api/operator/batches", validate("query", ZBatchQuery), async (c) => {
      const batches = await runtime.repos.batches.recent(50, c.req.valid("query").status);
      return c.json({
        batches: batches.map(({ snapshot, hash, state }) => ({
          id: snapshot.id,
          channel: snapshot.channel,
          leads: snapshot.leads.length,
          createdAt: snapshot.createdAt,
          expiresAt: snapshot.expiresAt,
          snapshotHash: hash,
          state,
        })),
      });
    })
    .get("/api/operator/batches/:id", validate("param", ZBatchId), async (c) => {
      const read = await batchOr404(runtime, c.req.valid("param").id);
      return c.json({ snapshot: read.snapshot, snapshotHash: read.hash, state: read.state });
    })
    .get("/api/operator/status", async (c) => c.json(await operatorStatus(runtime)))
    .get("/api/operator/shadow", validate("query", ZPageQuery), async (c) => {
      const { limit, offset } = c.req.valid("query");
      const page = await runtime.repos.shadow.list({ limit: limit ?? 50, offset: offset ?? 0 });
      return c.json({ entries: page.entries, total: page.total });
    })
    .post("/api/operator/emergency-stop", validate("json", ZEmergency), async (c) =>
      c.json(await switchEmergencyStop(runtime, c.req.valid("json"), c.get("actor"))),
    )
    .get("/api/operator/campaigns", async (c) =>
      c.json({ campaigns: await runtime.repos.campaigns.list() }),
    )
    .post("/api/operator/campaigns/:id/activate", validate("param", ZCampaignId), async (c) =>
      c.json({
        campaign: await activateCampaign(runtime, c.req.valid("param").id, c.get("actor")),
      }),
    )
    .get("/api/operator/suppressions", async (c) =>
      c.json({ suppressions: await runtime.repos.suppression.list() }),
    )
    .post("/api/operator/suppressions", validate("json", ZSuppress), async (c) => {
      const { email, linkedinUrl, note } = c.req.valid("json");
      const keys = await runtime.repos.suppression.add(
        { email: email ?? null, linkedinUrl: linkedinUrl ?? null },
        { reason: "manual", source: c.get("actor"), at: runtime.now().toISOString(), note },
      );
      if (keys.length === 0)
        throw badRequest("neither the email nor the LinkedIn URL is one we can key");
      return c.json({ suppressed: keys }, 201);
    });
}
