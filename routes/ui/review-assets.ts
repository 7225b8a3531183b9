// The /sales review page's assets, each with a content hash for its URL: htmx (the maintained
// hypermedia library that swaps the server's fragments in, served from its npm package), the
// page's own browser script (keyboard, selection, countdowns) and its styles.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { browserScript } from "./browser-script.ts";
import * as reviewClient from "./review-client.ts";
import { REVIEW_CSS } from "./review-style.ts";
import * as reviewTime from "./review-time.ts";
import { asset } from "./sales-assets.ts";

const require = createRequire(import.meta.url);

export const HTMX_SCRIPT = asset(
  "/sales/assets/htmx.min.js",
  "text/javascript; charset=utf-8",
  readFileSync(require.resolve("htmx.org/dist/htmx.min.js"), "utf8"),
);

export const REVIEW_SCRIPT = asset(
  "/sales/assets/review.js",
  "text/javascript; charset=utf-8",
  browserScript([reviewTime, reviewClient], "startReviewPage"),
);

export const REVIEW_STYLE = asset(
  "/sales/assets/review.css",
  "text/css; charset=utf-8",
  REVIEW_CSS,
);
