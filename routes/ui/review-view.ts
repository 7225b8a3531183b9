// The /sales review page around its cards, rendered on the server: the header's counts (per tier,
// past the deadline, stale, today's decisions), the filter bar (order, tier, campaign, risky
// addresses, past the deadline, search), the bulk bar, the list of cards a page at a time (the
// next page loads as the list's end scrolls into view), the sticky action bar with the keyboard
// legend, and the poller that fetches only what changed. htmx (a versioned asset) does the
// requests and swaps; review-client.ts adds the keyboard, selection and countdowns.
import { html, raw } from "hono/html";
import type { TSortedListing } from "../../lib/approval/sorted-listing.ts";
import { layout, masthead } from "./layout.ts";
import { HTMX_SCRIPT, REVIEW_SCRIPT, REVIEW_STYLE } from "./review-assets.ts";
import { cardHtml, type RejectionTag, tierLabel } from "./review-card.ts";
import { assetUrl } from "./sales-assets.ts";

/** The filters and order of the list, as the URL and the filter form carry them. */
export type TReviewFilters = {
  sort: "tier" | "age" | "score";
  tier?: "tier_1" | "tier_2" | "tier_3" | undefined;
  campaign?: string | undefined;
  risky?: boolean | undefined;
  sla?: "breached" | undefined;
  q?: string | undefined;
  include?: "stale" | undefined;
};

/** The query string of the filters (defaults left out), for links and the next page. */
export function filtersQuery(filters: TReviewFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.sort !== "tier") params.set("sort", filters.sort);
  if (filters.tier) params.set("tier", filters.tier);
  if (filters.campaign) params.set("campaign", filters.campaign);
  if (filters.risky) params.set("risky", "1");
  if (filters.sla) params.set("sla", filters.sla);
  if (filters.q) params.set("q", filters.q);
  if (filters.include) params.set("include", filters.include);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Bulk decisions over a filter stop at this many cards (BULK_MAX). */
type TRenderOptions = { tags: readonly RejectionTag[]; now: number; bulkMax: number };

const utcClock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** The header's counts; `oob` marks it for an out-of-band swap (after an action, on a poll). */
export function countsHtml(listing: TSortedListing, now: number, oob = false) {
  const { counts, today } = listing;
  return html`<div class="count-items" id="queue-counts" ${oob ? raw('hx-swap-oob="true"') : ""}>
    <span><strong id="pending-count">${counts.pending}</strong> pending</span>
    <span class="tier-counts">${(["tier_1", "tier_2", "tier_3"] as const).map(
      (tier) =>
        html`<span class="tier-count"><span class="badge badge-${tier}">${tierLabel(tier)}</span> <strong>${counts.byTier[tier]}</strong></span>`,
    )}</span>
    <span title="Past their decision deadline (send-window time)"><strong class="${counts.slaBreached > 0 ? "late" : ""}">${counts.slaBreached}</strong> overdue</span>
    <span title="Pending cards older than ${listing.maxAgeHours} hours"><strong>${counts.stale}</strong> stale</span>
    <span title="Decisions made today (${today.day})">Today <strong>${today.approved}</strong> approved · <strong>${today.rejected}</strong> rejected</span>
    ${
      listing.skipped.length > 0
        ? html`<span class="damaged" title="Listed by GET /api/store/damaged"><strong>${listing.skipped.length}</strong> skipped (damaged record${listing.skipped.length === 1 ? "" : "s"})</span>`
        : ""
    }
    <span>Refreshed <time id="refreshed-at" datetime="${new Date(now).toISOString()}">${utcClock(now)} UTC</time></span>
  </div>`;
}

function option(value: string, label: string, selected: boolean) {
  return html`<option value="${value}" ${selected ? "selected" : ""}>${label}</option>`;
}

function filterBar(filters: TReviewFilters, campaigns: readonly string[]) {
  return html`<form id="queue-filters" class="toolbar" role="search" action="/sales" method="get"
    hx-get="/sales/cards" hx-target="#queue" hx-swap="innerHTML"
    hx-trigger="change, submit, input changed delay:300ms from:#filter-q, queue-changed from:body">
    <label class="field">Order<select name="sort">
      ${option("tier", "Tier, then oldest", filters.sort === "tier")}
      ${option("age", "Oldest first", filters.sort === "age")}
      ${option("score", "Highest score", filters.sort === "score")}
    </select></label>
    <label class="field">Tier<select name="tier">
      ${option("", "All tiers", !filters.tier)}
      ${(["tier_1", "tier_2", "tier_3"] as const).map((t) => option(t, tierLabel(t), filters.tier === t))}
    </select></label>
    <label class="field">Campaign<select name="campaign">
      ${option("", "All campaigns", !filters.campaign)}
      ${[...new Set([...campaigns, ...(filters.campaign ? [filters.campaign] : [])])].map((c) => option(c, c, filters.campaign === c))}
    </select></label>
    <label class="field search">Search<input id="filter-q" type="search" name="q" value="${filters.q ?? ""}"
      maxlength="200" placeholder="Name, company or email" autocomplete="off"></label>
    <div class="toggles">
      <label><input type="checkbox" name="risky" value="1" ${filters.risky ? "checked" : ""}> Risky addresses</label>
      <label><input type="checkbox" name="sla" value="breached" ${filters.sla ? "checked" : ""}> Overdue</label>
      <label><input type="checkbox" name="include" value="stale" ${filters.include ? "checked" : ""}> Stale too</label>
    </div>
    <noscript><button type="submit" class="btn">Apply</button></noscript>
  </form>`;
}

/** Bulk decisions over the selection (the count is kept by the script) and over the filter. */
function bulkBar(tags: readonly RejectionTag[]) {
  const include = raw(
    `hx-include="#queue-filters, .select-card:checked, #bulk-tag" hx-swap="none"`,
  );
  return html`<div class="bulk-bar" id="bulk-bar">
    <label class="select-all"><input type="checkbox" id="select-all"> Select all shown</label>
    <span id="selected-count" class="muted">None selected</span>
    <select id="bulk-tag" name="rejection_tag" aria-label="Rejection reason for a bulk reject">
      <option value="">Reason to reject…</option>
      ${tags.map((t) => html`<option value="${t.tag}">${t.label}</option>`)}
    </select>
    <button type="button" class="btn btn-approve" id="bulk-approve" disabled hx-post="/sales/bulk"
      hx-vals='{"action":"approve","scope":"selected"}' ${include} hx-confirm="Approve the selected cards?"
      >Approve selected</button>
    <button type="button" class="btn btn-reject" id="bulk-reject" disabled hx-post="/sales/bulk"
      hx-vals='{"action":"reject","scope":"selected"}' ${include} hx-confirm="Reject the selected cards?"
      >Reject selected</button>
  </div>`;
}

/** The head of the list: how many match, and the bulk decisions over all of them. */
function listHead(listing: TSortedListing, options: TRenderOptions) {
  const matching = listing.total;
  const include = raw(`hx-include="#queue-filters, #bulk-tag" hx-swap="none"`);
  const tooMany = matching > options.bulkMax;
  // The decision covers the cards of this list: created by the time it was shown, as many as shown.
  const shownAt = new Date(options.now).toISOString();
  const vals = (action: string) =>
    raw(
      `hx-vals='${JSON.stringify({ action, scope: "matching", expected: matching, before: shownAt })}'`,
    );
  return html`<div class="list-head" id="list-head">
    <input type="hidden" class="list-loaded" name="loaded" value="${shownAt}">
    <span><strong id="matching-count">${matching}</strong> card${matching === 1 ? "" : "s"} match</span>
    ${
      matching > 0
        ? html`<button type="button" class="btn btn-small" id="approve-matching" ${vals("approve")} ${include}
            hx-post="/sales/bulk" ${tooMany ? "disabled" : ""}
            hx-confirm="Approve all ${matching} cards that match the filters? Each is approved with its whole sequence."
            >Approve all ${matching}</button>
          <button type="button" class="btn btn-small btn-reject" id="reject-matching" ${vals("reject")} ${include}
            hx-post="/sales/bulk" disabled data-too-many="${tooMany ? "1" : "0"}"
            hx-confirm="Reject all ${matching} cards that match the filters, with the reason chosen above?"
            >Reject all ${matching}</button>`
        : ""
    }
  </div>`;
}

/** The element that loads the next page when it scrolls into view. */
function moreHtml(filters: TReviewFilters, cursor: string) {
  return html`<div class="more" hx-get="/sales/cards${filtersQuery(filters, { cursor })}"
    hx-trigger="revealed" hx-swap="outerHTML">Loading more cards…</div>`;
}

/** Cards of one page, and what loads the next one. */
export function cardsHtml(
  listing: TSortedListing,
  filters: TReviewFilters,
  options: TRenderOptions,
) {
  return html`${listing.cards.map((card) => cardHtml(card, options))}${
    listing.nextCursor ? moreHtml(filters, listing.nextCursor) : ""
  }`;
}

/** The list as a filter change renders it: its head, its first page or why it is empty. */
export function listHtml(
  listing: TSortedListing,
  filters: TReviewFilters,
  options: TRenderOptions,
) {
  const empty =
    listing.total === 0
      ? html`<p class="empty">${
          listing.counts.pending === 0
            ? "Nothing is waiting for approval. New cards appear here on their own."
            : "No card matches these filters."
        }</p>`
      : "";
  return html`${listHead(listing, options)}${empty}<div id="queue-list">${cardsHtml(listing, filters, options)}</div>`;
}

/** The keyboard legend and the actions on the current card, at the bottom of the screen. */
function actionBar() {
  return html`<div class="action-bar" id="action-bar">
    <span class="current" id="current-card">No card selected</span>
    <span class="bar-buttons">
      <button type="button" class="btn btn-small" data-bar="prev" title="Previous card (k)">↑ Prev</button>
      <button type="button" class="btn btn-small" data-bar="next" title="Next card (j)">↓ Next</button>
      <button type="button" class="btn btn-small" data-bar="edit" title="Edit (e)">Edit</button>
      <button type="button" class="btn btn-small btn-reject" data-bar="reject" title="Reject (r)">Reject</button>
      <button type="button" class="btn btn-small btn-approve" data-bar="approve" title="Approve (a)">Approve</button>
    </span>
    <span class="legend" id="shortcuts">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>a</kbd> approve ·
      <kbd>r</kbd> reject · <kbd>e</kbd> edit · <kbd>x</kbd> select · <kbd>u</kbd> undo · <kbd>/</kbd> search</span>
  </div>`;
}

export type TReviewBoot = {
  actor: string;
  heartbeatSeconds: number;
  reviewDwellMs: number;
  undoSeconds: number;
  loadedAt: string;
};

/** The whole page. */
export function reviewPage(
  boot: TReviewBoot,
  listing: TSortedListing,
  filters: TReviewFilters,
  options: TRenderOptions,
  /** The listing whose counts the header shows (stale cards left out). */
  header: TSortedListing = listing,
) {
  const htmxConfig = JSON.stringify({
    includeIndicatorStyles: false,
    allowEval: false,
    allowScriptTags: false,
    historyCacheSize: 0,
    refreshOnHistoryMiss: true,
    selfRequestsOnly: true,
    defaultSwapStyle: "outerHTML",
    // 409 (decided elsewhere) and 422 (a failed check, a bad edit) carry the card to show.
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "409", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
    ],
  });
  return layout(
    `Approvals (${header.counts.pending}) · Alpha Swarm`,
    html`<div hx-headers='{"X-Requested-With":"alpha-swarm"}'>
      ${masthead("Approvals", countsHtml(header, options.now), boot.actor)}
      <div class="review-tools">${filterBar(filters, listing.campaigns)}${bulkBar(options.tags)}</div>
      <p id="arrivals" class="arrivals" hidden></p>
      <main class="queue" id="queue">${listHtml(listing, filters, options)}</main>
      ${actionBar()}
      <div id="poller" hx-post="/sales/changes" hx-trigger="every ${boot.heartbeatSeconds}s" hx-swap="none"
        hx-include="#queue-filters, .list-loaded"></div>
    </div>
    <script type="application/json" id="review-boot">${raw(scriptJson(boot))}</script>`,
    {
      script: REVIEW_SCRIPT,
      style: REVIEW_STYLE,
      head: html`<meta name="htmx-config" content="${htmxConfig}">
        <script src="${assetUrl(HTMX_SCRIPT)}" defer></script>`,
    },
  );
}

/** JSON safe inside a <script> data block: no "</script>", "<!--" or line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
