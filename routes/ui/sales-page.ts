// GET /sales: the Head of Sales' review page (the sign-in form without a session), its fragments —
// a page of cards for the filters (GET /sales/cards), one card, one step's edit form — and its
// assets under /sales/assets/. The actions are review-actions.ts; sign-in and sign-out session.ts.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { reviewCard } from "../../lib/approval/decide.ts";
import { sortedListing } from "../../lib/approval/sorted-listing.ts";
import { HttpError } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { CARD_ID } from "../../lib/store/card-repo.ts";
import { loginView } from "./login-view.ts";
import { reviewActions } from "./review-actions.ts";
import { HTMX_SCRIPT, REVIEW_SCRIPT, REVIEW_STYLE } from "./review-assets.ts";
import { cardHtml, decidedHtml, stepEditHtml } from "./review-card.ts";
import {
  filtersOf,
  headerListing,
  pageSession,
  type ReviewVariables,
  renderOptions,
} from "./review-context.ts";
import { cardsHtml, countsHtml, filtersQuery, listHtml, reviewPage } from "./review-view.ts";
import { type Asset, SALES_STYLE } from "./sales-assets.ts";
import { sessionOf } from "./session.ts";

/** A pending card on screen this long (ms) has been read: the page records its first review. */
export const REVIEW_DWELL_MS = 2000;

/** Only our own script, styles and API; nothing inline runs, nothing frames the page. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** The heartbeat in seconds: `?heartbeat=N` (1–3600, for tests and demos), else config. */
export function heartbeatSeconds(query: string | undefined, configured: number): number {
  const asked = query !== undefined && /^\d{1,4}$/.test(query) ? Number(query) : Number.NaN;
  return asked >= 1 && asked <= 3600 ? asked : configured;
}

/** How long a card must be on screen to count as reviewed: `?dwell=MS` (100–60000, for tests). */
export function reviewDwellMs(query: string | undefined): number {
  const asked = query !== undefined && /^\d{1,5}$/.test(query) ? Number(query) : Number.NaN;
  return asked >= 100 && asked <= 60_000 ? asked : REVIEW_DWELL_MS;
}

/** Cards rendered per page of the list (the next page loads as the list's end comes into view). */
export const REVIEW_PAGE_CARDS = 25;

const ZCardParam = z.object({ id: z.string().regex(CARD_ID) });
const ZStepParam = ZCardParam.extend({ step: z.coerce.number().int().min(1).max(50) });

export function salesPage(runtime: Runtime) {
  const app = new Hono<{ Variables: ReviewVariables }>();
  for (const path of ["/sales", "/sales/*"]) {
    app.use(path, async (c, next) => {
      await next();
      if (c.req.path.startsWith("/sales/assets/")) return;
      c.header("Content-Security-Policy", PAGE_CSP);
      c.header("Cache-Control", "no-store");
    });
  }
  // The page's fragments and actions: a session, a size limit, htmx's header on changes.
  for (const path of [
    "/sales/cards",
    "/sales/cards/*",
    "/sales/bulk",
    "/sales/bulk/*",
    "/sales/changes",
  ]) {
    app.use(path, bodyLimit({ maxSize: 256 * 1024 }), pageSession(runtime));
  }
  app.get("/sales", async (c) => {
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error")));
    const filters = filtersOf(c.req.queries());
    const options = renderOptions(runtime);
    const listing = await sortedListing(runtime, { ...filters, limit: REVIEW_PAGE_CARDS });
    const boot = {
      actor: session.actor,
      heartbeatSeconds: heartbeatSeconds(
        c.req.query("heartbeat"),
        runtime.config.queue.heartbeat_seconds,
      ),
      reviewDwellMs: reviewDwellMs(c.req.query("dwell")),
      undoSeconds: runtime.config.queue.undo_seconds,
      loadedAt: new Date(options.now).toISOString(),
    };
    const header = filters.include ? await headerListing(runtime) : listing;
    return c.html(reviewPage(boot, listing, filters, options, header));
  });
  // A page of cards: the list's head and first page for new filters (with the header's counts
  // and the address bar following), or the page after `cursor` as the list scrolls.
  app.get("/sales/cards", async (c) => {
    const filters = filtersOf(c.req.queries());
    const cursor = c.req.query("cursor");
    const options = renderOptions(runtime);
    const listing = await sortedListing(runtime, {
      ...filters,
      limit: REVIEW_PAGE_CARDS,
      ...(cursor !== undefined && { cursor }),
    }).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 400) return null;
      throw error;
    });
    c.header("Cache-Control", "no-store");
    if (!listing) return c.html('<p class="empty">That page of the list is gone: reload.</p>');
    if (cursor !== undefined) return c.html(cardsHtml(listing, filters, options));
    c.header("HX-Push-Url", `/sales${filtersQuery(filters)}`);
    const header = filters.include ? await headerListing(runtime) : listing;
    // The arrivals note is about the list it replaces.
    const arrivals = '<p id="arrivals" class="arrivals" hidden hx-swap-oob="true"></p>';
    return c.html(
      `${await listHtml(listing, filters, options)}${await countsHtml(header, options.now, true)}${arrivals}`,
    );
  });
  app.get("/sales/cards/:id", async (c) => {
    const parsed = ZCardParam.safeParse(c.req.param());
    if (!parsed.success)
      return c.json({ error: "invalid_request", detail: "expected a card id" }, 400);
    const card = await reviewCard(runtime, parsed.data.id);
    const options = renderOptions(runtime);
    return c.html(
      card.status === "pending"
        ? cardHtml(card, options)
        : decidedHtml(card, c.get("actor"), options.now),
    );
  });
  app.get("/sales/cards/:id/steps/:step/edit", async (c) => {
    const parsed = ZStepParam.safeParse(c.req.param());
    if (!parsed.success)
      return c.json({ error: "invalid_request", detail: "expected a card and step" }, 400);
    const card = await reviewCard(runtime, parsed.data.id);
    const step = card.sequence.find((s) => s.step === parsed.data.step);
    if (!step)
      return c.json(
        { error: "not_found", detail: `card ${card.id} has no step ${parsed.data.step}` },
        404,
      );
    if (card.status !== "pending") {
      c.header("HX-Retarget", `#card-${card.id}`);
      c.header("HX-Reswap", "outerHTML");
      return c.html(decidedHtml(card, c.get("actor"), runtime.now().getTime()));
    }
    return c.html(stepEditHtml(card, step));
  });
  app.route("/", reviewActions(runtime));
  for (const asset of [HTMX_SCRIPT, REVIEW_SCRIPT, REVIEW_STYLE, SALES_STYLE]) {
    app.get(asset.path, (c) => serveAsset(asset, c.req.query("v")));
  }
  return app;
}

/** An asset; cached for good when asked for by its current version, else revalidated each time. */
export function serveAsset(asset: Asset, version: string | undefined): Response {
  const cache = version === asset.version ? "public, max-age=31536000, immutable" : "no-cache";
  return new Response(asset.body, {
    headers: { "Content-Type": asset.type, "Cache-Control": cache },
  });
}
