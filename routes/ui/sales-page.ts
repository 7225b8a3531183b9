// GET /sales: the Head of Sales' approval page (sign-in form without a session, else the queue),
// and its stylesheet and script under /sales/assets/. Sign-in and sign-out live in session.ts.
import { Hono } from "hono";
import { pendingQueue } from "../../lib/approval/queue.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { loginView } from "./login-view.ts";
import { queueView } from "./queue-view.ts";
import { type Asset, SALES_SCRIPT, SALES_STYLE } from "./sales-assets.ts";
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

/** Cards the page shows at once, oldest first (the header says how many wait in all). */
export const SALES_PAGE_CARDS = 200;

export function salesPage(runtime: Runtime) {
  const app = new Hono();
  app.get("/sales", async (c) => {
    c.header("Content-Security-Policy", PAGE_CSP);
    c.header("Cache-Control", "no-store");
    const session = await sessionOf(c, runtime);
    if (!session) return c.html(loginView(c.req.query("error")));
    const includeStale = c.req.query("stale") === "1";
    const queue = await pendingQueue(runtime, { includeStale, limit: SALES_PAGE_CARDS });
    return c.html(
      queueView({
        actor: session.actor,
        heartbeatSeconds: heartbeatSeconds(
          c.req.query("heartbeat"),
          runtime.config.queue.heartbeat_seconds,
        ),
        reviewDwellMs: reviewDwellMs(c.req.query("dwell")),
        includeStale,
        pageSize: SALES_PAGE_CARDS,
        // Wall-clock time: when this page's data was read, as the reviewer's browser counts it.
        refreshedAt: new Date().toISOString(),
        queue,
      }),
    );
  });
  for (const asset of [SALES_SCRIPT, SALES_STYLE]) {
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
