// The HTML document around the /sales and /operator views: head with the stylesheet, and the
// page's browser script when the view needs one.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Asset, assetUrl, SALES_SCRIPT, SALES_STYLE } from "./sales-assets.ts";

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(
  title: string,
  body: Body,
  options: { script: boolean | Asset; style?: Asset },
) {
  const script = options.script === true ? SALES_SCRIPT : options.script || null;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${title}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${assetUrl(SALES_STYLE)}">
    ${options.style ? html`<link rel="stylesheet" href="${assetUrl(options.style)}">` : ""}
    ${script ? html`<script src="${assetUrl(script)}" defer></script>` : ""}
  </head>
  <body>
    ${body}
  </body>
</html>`;
}
