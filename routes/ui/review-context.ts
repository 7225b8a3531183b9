// What the /sales page's routes share: the signed-in approver (a page change must come from htmx,
// whose custom header another site cannot send), the filters read from a query or a form, the
// rejection tags and the clock the fragments render with, and the header's counts.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { BULK_MAX } from "../../lib/approval/bulk.ts";
import { sortedListing } from "../../lib/approval/sorted-listing.ts";
import { badRequest } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { ZTier } from "../../lib/scoring/score-types.ts";
import { CARD_ID } from "../../lib/store/card-repo.ts";
import type { RejectionTag } from "./review-card.ts";
import type { TReviewFilters } from "./review-view.ts";
import { sessionOf } from "./session.ts";

export type ReviewVariables = { actor: string };

/** Fragments and actions of the page: a session, and htmx's header on anything that changes. */
export function pageSession(runtime: Runtime) {
  return createMiddleware<{ Variables: ReviewVariables }>(async (c, next) => {
    const session = await sessionOf(c, runtime);
    if (!session) {
      return c.json({ error: "unauthorized", detail: "sign in at /sales first" }, 401);
    }
    if (c.req.method !== "GET" && c.req.header("hx-request") !== "true") {
      return c.json({ error: "forbidden", detail: "page actions come from the page itself" }, 403);
    }
    c.set("actor", session.actor);
    await next();
  });
}

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The filters of a query string or form; a value that is not one of the choices is dropped. */
const ZFilters = z.object({
  sort: z.enum(["tier", "age", "score"]).catch("tier").default("tier"),
  tier: lenient(ZTier),
  campaign: lenient(z.string().min(1).max(200)),
  risky: lenient(z.enum(["1", "true", "on"]).transform(() => true)),
  sla: lenient(z.enum(["breached"])),
  // A search longer than the field allows is cut to it, not dropped.
  q: lenient(
    z
      .string()
      .transform((q) => q.trim().slice(0, 200))
      .transform((q) => q || undefined),
  ),
  include: lenient(z.enum(["stale"])),
});

/** The filters in `values` (one value per name: the first of a repeated one). */
export function filtersOf(values: Record<string, unknown>): TReviewFilters {
  const first = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  return ZFilters.parse(first);
}

export function renderOptions(runtime: Runtime) {
  const tags: readonly RejectionTag[] = runtime.config.rejectionTags.tags;
  return { tags, now: runtime.now().getTime(), bulkMax: BULK_MAX };
}

/** The listing for the header's counts (every pending card that is not stale). */
export function headerListing(runtime: Runtime) {
  return sortedListing(runtime, { limit: 0 });
}

/** The form's fields (`all`: a repeated name gives an array); a body that is no form is a 400. */
export async function formOf(c: Context): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  } catch {
    throw badRequest("expected a form body");
  }
}

/** Card ids from a comma-separated field; anything that is not a card id is dropped. */
export function idList(text: string): string[] {
  return text.split(",").filter((id) => CARD_ID.test(id));
}

/** A text field of a form ("" when absent or not text). */
export function textField(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}
