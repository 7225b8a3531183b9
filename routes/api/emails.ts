// The Head of Sales' approval API: the pending queue, one card, approve, reject with a tag, edit.
import { Hono } from "hono";
import { z } from "zod";
import {
  approveCard,
  editCard,
  rejectCard,
  reviewCard,
  ZApprove,
  ZEdit,
  ZReject,
} from "../../lib/approval/decide.ts";
import { pendingQueue } from "../../lib/approval/queue.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZCardId = z.object({ id: z.string().regex(/^card_[0-9a-f]{20}$/, "expected a card id") });
const ZPendingQuery = z.object({ include: z.enum(["stale"]).optional() });

export function emailRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/emails/pending", validate("query", ZPendingQuery), async (c) => {
      const { include } = c.req.valid("query");
      return c.json(await pendingQueue(runtime, { includeStale: include === "stale" }));
    })
    .get("/api/emails/:id", validate("param", ZCardId), async (c) =>
      c.json(await reviewCard(runtime, c.req.valid("param").id)),
    )
    .post(
      "/api/emails/:id/approve",
      validate("param", ZCardId),
      validate("json", ZApprove),
      async (c) =>
        c.json(
          await approveCard(runtime, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
        ),
    )
    .post(
      "/api/emails/:id/reject",
      validate("param", ZCardId),
      validate("json", ZReject),
      async (c) =>
        c.json(
          await rejectCard(runtime, c.req.valid("param").id, c.req.valid("json"), c.get("actor")),
        ),
    )
    .patch("/api/emails/:id", validate("param", ZCardId), validate("json", ZEdit), async (c) => {
      const card = await editCard(
        runtime,
        c.req.valid("param").id,
        c.req.valid("json"),
        c.get("actor"),
      );
      return c.json({ card });
    });
}
