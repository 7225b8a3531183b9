// The Head of Sales' approval API: the pending queue a page at a time (slim cards by default,
// `view=full` for whole ones), one card, approve, reject with a tag, edit.
import { Hono } from "hono";
import { z } from "zod";
import { toSlimCard } from "../../lib/approval/card-view.ts";
import {
  approveCard,
  editCard,
  rejectCard,
  reviewCard,
  ZApprove,
  ZEdit,
  ZReject,
} from "../../lib/approval/decide.ts";
import { DEFAULT_PAGE_SIZE, decodeCursor, pendingQueue } from "../../lib/approval/queue.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZCardId = z.object({ id: z.string().regex(/^card_[0-9a-f]{20}$/, "expected a card id") });
const ZPendingQuery = z.object({
  include: z.enum(["stale"]).optional(),
  limit: z.coerce
    .number({ error: "expected a whole number from 1 to 200" })
    .int("expected a whole number from 1 to 200")
    .min(1, "expected a whole number from 1 to 200")
    .max(200, "expected a whole number from 1 to 200")
    .default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .max(200)
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "not a cursor this queue gave out (nextCursor)" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional(),
  view: z.enum(["slim", "full"], { error: "expected slim or full" }).default("slim"),
});

export function emailRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/emails/pending", validate("query", ZPendingQuery), async (c) => {
      const { include, limit, cursor, view } = c.req.valid("query");
      const page = await pendingQueue(runtime, {
        includeStale: include === "stale",
        limit,
        cursor: cursor ?? null,
      });
      return c.json(view === "full" ? page : { ...page, cards: page.cards.map(toSlimCard) });
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
