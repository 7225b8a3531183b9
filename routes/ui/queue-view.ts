// The /sales queue for a signed-in reviewer, rendered on the server with the current queue (so it
// reads before any script runs): header with counts, last refresh and sign-out; one card per
// pending message; and the data block the browser script boots from.
import { html, raw } from "hono/html";
import { cardHtml, moreWaitingText } from "./card-markup.ts";
import { layout, masthead } from "./layout.ts";
import type { SalesBoot } from "./sales-types.ts";

/** JSON safe inside a <script> data block: no "</script>", "<!--" or line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** hh:mm:ss in UTC, until the browser shows it in local time. */
const utcClock = (iso: string): string => iso.slice(11, 19);

/** A link to show stale cards in the queue too (when there are any), or to hide them again. */
function staleToggle(boot: SalesBoot) {
  if (boot.includeStale) return html`<a href="/sales">Hide stale</a>`;
  return boot.queue.staleCount > 0 ? html`<a href="/sales?stale=1">Show stale</a>` : "";
}

// Cards left out of the queue because a stored record of theirs no longer reads.
function damagedNotice(boot: SalesBoot) {
  const count = boot.queue.skipped?.length ?? 0;
  if (count === 0) return "";
  return html`<span class="damaged" title="Listed by GET /api/store/damaged"
    ><strong>${count}</strong> skipped (damaged record${count === 1 ? "" : "s"})</span
  >`;
}

export function queueView(boot: SalesBoot) {
  const { queue } = boot;
  const cards = queue.cards.map((card) => cardHtml(card, null)).join("\n");
  return layout(
    `Approvals (${queue.cards.length}) · Alpha Swarm`,
    html`${masthead(
      "Approvals",
      html`<span><strong id="pending-count">${queue.cards.length}</strong> pending</span>
        <span id="more-waiting" ${queue.total > queue.cards.length ? "" : "hidden"}>${moreWaitingText(Math.max(0, queue.total - queue.cards.length), boot.pageSize)}</span>
        <span title="Pending cards older than ${queue.maxAgeHours} hours">
          <strong id="stale-count">${queue.staleCount}</strong> stale
          (over ${queue.maxAgeHours} h, ${boot.includeStale ? "shown" : "hidden"})
        </span>
        ${staleToggle(boot)}
        ${damagedNotice(boot)}
        <span>Last refreshed <time id="refreshed-at" datetime="${boot.refreshedAt}">${utcClock(boot.refreshedAt)} UTC</time></span>`,
      boot.actor,
    )}
    <main class="queue">
      <p id="queue-empty" class="empty" ${queue.cards.length > 0 ? "hidden" : ""}>
        Nothing is waiting for approval. New cards appear here on their own.
      </p>
      <div id="queue-list">${raw(cards)}</div>
    </main>
    <script type="application/json" id="sales-boot">${raw(scriptJson(boot))}</script>`,
    { script: true },
  );
}
