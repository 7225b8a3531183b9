// The Head of Sales' approval API: the pending queue a page at a time (slim cards by default,
// `view=full` for whole ones), one card, approve, reject with a tag, undo within the undo window,
// edit any step.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { bulkDecide, bulkUndo, ZBulk, ZBulkUndo } from "../../lib/approval/bulk.ts";
import { toDecidedCard, toSlimCard } from "../../lib/approval/card-view.ts";
import {
  approveCard,
  approveUntouched,
  editCard,
  rejectCard,
  reviewCard,
  undoDecision,
  ZApprove,
  ZEdit,
  ZReject,
} from "../../lib/approval/decide.ts";
import { createPageCache } from "../../lib/approval/page-cache.ts";
import { DEFAULT_PAGE_SIZE, decodeCursor, loadPendingPage } from "../../lib/approval/queue.ts";
import { ZQueueSort } from "../../lib/approval/queue-index.ts";
import { sortedListing } from "../../lib/approval/sorted-listing.ts";
import { badRequest } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { ZTier } from "../../lib/scoring/score-types.ts";
import { CARD_ID } from "../../lib/store/card-repo.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZCardId = z.object({ id: z.string().regex(CARD_ID, "expected a card id") });
/** A query parameter that may be given once; a repeated one is refused as such. */
const once = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value, ctx) => {
    if (!Array.isArray(value)) return value;
    ctx.addIssue({ code: "custom", message: "given more than once" });
    return z.NEVER;
  }, schema);

const LIMIT_ERROR = "expected a whole number from 1 to 200";

const ZFlag = z.enum(["1", "true"], { error: 'expected "1"' }).transform(() => true);

const ZPendingQuery = z.object({
  sort: once(ZQueueSort.optional()),
  tier: once(ZTier.optional()),
  campaign: once(z.string().min(1).max(200).optional()),
  risky: once(ZFlag.optional()),
  sla: once(z.enum(["breached"], { error: 'expected "breached"' }).optional()),
  q: once(z.string().max(200).optional()),
  include: once(z.enum(["stale"], { error: 'expected "stale"' }).optional()),
  limit: once(
    z
      .string()
      .regex(/^[0-9]{1,3}$/, LIMIT_ERROR)
      .transform(Number)
      .pipe(z.number().min(1, LIMIT_ERROR).max(200, LIMIT_ERROR))
      .optional(),
  ),
  cursor: once(
    z
      .string()
      .transform((text, ctx) => {
        // A sorted or filtered listing's cursor is checked against its order in the handler.
        if (text.startsWith("k.")) return text;
        const cursor = text.length <= 200 ? decodeCursor(text) : null;
        if (!cursor) {
          ctx.addIssue({
            code: "custom",
            message: "not a cursor this queue gave out (nextCursor)",
          });
          return z.NEVER;
        }
        return cursor;
      })
      .optional(),
  ),
  view: once(z.enum(["slim", "full"], { error: "expected slim or full" }).optional()),
});

const JSON_TYPE = { "content-type": "application/json" };

type PageVariables = ApiVariables & { pageKey: string };

export function emailRoutes(runtime: Runtime) {
  const pages = createPageCache();
  // A page of the queue as rendered at the queue's current version, for the same query string
  // (validated when it was rendered); the version is read before anything else, so a page
  // rendered from newer data than its version is only fresher, never staler (queue-version.ts).
  const servedFromCache = createMiddleware<{ Variables: PageVariables }>(async (c, next) => {
    const version = await runtime.repos.cards.queueVersion();
    const query = c.req.url.indexOf("?");
    const key = `${version}|${query < 0 ? "" : c.req.url.slice(query)}`;
    const cached = pages.get(key, runtime.now().getTime());
    if (cached !== undefined) return c.body(cached, 200, JSON_TYPE);
    c.set("pageKey", key);
    await next();
  });
  return new Hono<{ Variables: PageVariables }>()
    .get("/api/emails/pending", servedFromCache, validate("query", ZPendingQuery), async (c) => {
      const query = c.req.valid("query");
      const { include, limit, cursor, view } = query;
      const sorted = [query.sort, query.tier, query.campaign, query.risky, query.sla, query.q];
      if (sorted.some((v) => v !== undefined) || typeof cursor === "string") {
        if (cursor !== undefined && typeof cursor !== "string") {
          throw badRequest(
            "cursor: a cursor of the oldest-first listing; page a sorted or filtered listing with its own nextCursor",
          );
        }
        const listing = await sortedListing(runtime, query);
        const cards = view === "full" ? listing.cards : listing.cards.map(toSlimCard);
        return c.json({ ...listing, cards });
      }
      const { page, validUntil } = await loadPendingPage(runtime, {
        includeStale: include === "stale",
        limit: limit ?? DEFAULT_PAGE_SIZE,
        cursor: cursor ?? null,
      });
      const body = new TextEncoder().encode(
        JSON.stringify(view === "full" ? page : { ...page, cards: page.cards.map(toSlimCard) }),
      );
      pages.set(c.get("pageKey"), body, validUntil);
      return c.body(body, 200, JSON_TYPE);
    })
    .post("/api/emails/bulk", validate("json", ZBulk), async (c) =>
      c.json(await bulkDecide(runtime, c.req.valid("json"), c.get("actor"))),
    )
    .post("/api/emails/bulk/undo", validate("json", ZBulkUndo), async (c) =>
      c.json(await bulkUndo(runtime, c.req.valid("json").ids, c.get("actor"))),
    )
    .get("/api/emails/:id", validate("param", ZCardId), async (c) =>
      c.json(await reviewCard(runtime, c.req.valid("param").id)),
    )
    .post(
      "/api/emails/:id/approve",
      validate("param", ZCardId),
      validate("json", ZApprove),
      async (c) => {
        const id = c.req.valid("param").id;
        const input = c.req.valid("json");
        // A card approved as crafted is decided from its head; any other from the whole card.
        const untouched = await approveUntouched(runtime, id, input, c.get("actor"));
        if (untouched) return c.json(untouched);
        const { card, event } = await approveCard(runtime, id, input, c.get("actor"));
        return c.json({ card: toDecidedCard(card), event });
      },
    )
    .post(
      "/api/emails/:id/reject",
      validate("param", ZCardId),
      validate("json", ZReject),
      async (c) => {
        const id = c.req.valid("param").id;
        const { card, event } = await rejectCard(runtime, id, c.req.valid("json"), c.get("actor"));
        return c.json({ card: toDecidedCard(card), event });
      },
    )
    .post("/api/emails/:id/undo", validate("param", ZCardId), async (c) =>
      c.json({ card: await undoDecision(runtime, c.req.valid("param").id, c.get("actor")) }),
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
