// The /sales page's static assets, built once at start-up from typed modules (no build step):
// the stylesheet and the browser script, each with a content hash for its URL.
import { createHash } from "node:crypto";
import { browserScript } from "./browser-script.ts";
import * as cardActions from "./card-actions-client.ts";
import * as cardMarkup from "./card-markup.ts";
import * as queueClient from "./queue-client.ts";
import * as reviewClient from "./review-client.ts";
import { SALES_CSS } from "./sales-style.ts";

export type Asset = { path: string; version: string; type: string; body: string };

export function asset(path: string, type: string, body: string): Asset {
  const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path, version, type, body };
}

export const SALES_SCRIPT = asset(
  "/sales/assets/sales.js",
  "text/javascript; charset=utf-8",
  browserScript([cardMarkup, queueClient, cardActions, reviewClient], "startSalesQueue"),
);

export const SALES_STYLE = asset("/sales/assets/sales.css", "text/css; charset=utf-8", SALES_CSS);

/** The URL to put in the page: the path with the content's version, so a new build is fetched. */
export const assetUrl = (a: Asset): string => `${a.path}?v=${a.version}`;
