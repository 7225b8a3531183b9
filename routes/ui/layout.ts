// The HTML document around the /sales and /operator views: head with the stylesheet, and the
// page's browser script when the view needs one; the masthead both signed-in pages share.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Asset, assetUrl, SALES_STYLE } from "./sales-assets.ts";

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function layout(
  title: string,
  body: Body,
  options: { script: false | Asset; style?: Asset; head?: Body },
) {
  const script = options.script || null;
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
    ${options.head ?? ""}
    ${script ? html`<script src="${assetUrl(script)}" defer></script>` : ""}
  </head>
  <body>
    ${body}
  </body>
</html>`;
}

/**
 * The sticky top of a signed-in page: the brand and the page's name, its counts, who is signed in
 * with the sign-out button, and the status line the page's script writes to.
 */
export function masthead(page: string, counts: Body, actor: string) {
  return html`<div class="masthead">
    <header class="topbar">
      <div class="brand">Alpha Swarm<span>${page}</span></div>
      <div class="counts">${counts}</div>
      <div class="user">
        <span>Signed in as <strong>${actor}</strong></span>
        <form method="post" action="/sales/logout"><button type="submit" class="btn btn-ghost">Sign out</button></form>
      </div>
    </header>
    <div id="status" class="status" role="status" aria-live="polite" hidden></div>
    </div>`;
}
