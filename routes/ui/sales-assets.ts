// The shared stylesheet of the signed-in pages, and how an asset is built: its content hash for
// its URL (no build step).
import { createHash } from "node:crypto";
import { SALES_CSS } from "./sales-style.ts";

export type Asset = { path: string; version: string; type: string; body: string };

export function asset(path: string, type: string, body: string): Asset {
  const version = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path, version, type, body };
}

export const SALES_STYLE = asset("/sales/assets/sales.css", "text/css; charset=utf-8", SALES_CSS);

/** The URL to put in the page: the path with the content's version, so a new build is fetched. */
export const assetUrl = (a: Asset): string => `${a.path}?v=${a.version}`;
