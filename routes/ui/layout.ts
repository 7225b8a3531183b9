// The HTML document around the /sales views: head with the stylesheet, and the browser script
// when the view needs it.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { assetUrl, SALES_SCRIPT, SALES_STYLE } from "./sales-assets.ts";

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(title: string, body: Body, options: { script: boolean }) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${title}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${assetUrl(SALES_STYLE)}">
    ${options.script ? html`<script src="${assetUrl(SALES_SCRIPT)}" defer></script>` : ""}
  </head>
  <body>
    ${body}
  </body>
</html>`;
}
