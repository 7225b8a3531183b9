// Browser code of /sales (see browser-script.ts): boots from the page's data block, calls the API
// with the session cookie, keeps the header (counts, last refresh) current, re-fetches the queue on
// a heartbeat and re-renders it without touching cards the Head of Sales is working on.
import type { CardView } from "../../lib/approval/card-view.ts";
import type * as Actions from "./card-actions-client.ts";
import type * as Markup from "./card-markup.ts";
import type { RejectionTag } from "./card-markup.ts";
import type * as Review from "./review-client.ts";
import type { ApiErrorBody, ApiResult, ClientState, QueueData, SalesBoot } from "./sales-types.ts";

declare const cardHtml: typeof Markup.cardHtml;
declare const tagOptionsHtml: typeof Markup.tagOptionsHtml;
declare const moreWaitingText: typeof Markup.moreWaitingText;
declare const onQueueClick: typeof Actions.onQueueClick;
declare const onQueueSubmit: typeof Actions.onQueueSubmit;
declare const startReviewWatch: typeof Review.startReviewWatch;

export function startSalesQueue(): void {
  const bootElement = document.getElementById("sales-boot");
  const list = document.getElementById("queue-list");
  if (bootElement === null || list === null) return;
  const boot = JSON.parse(bootElement.textContent ?? "") as SalesBoot;
  const state: ClientState = {
    boot,
    cards: new Map(boot.queue.cards.map((card) => [card.id, card])),
    staleCount: boot.queue.staleCount,
    total: boot.queue.total,
    decided: new Set(),
    tags: null,
    lastRefresh: new Date(boot.refreshedAt),
    refreshing: false,
    review: null,
  };
  list.addEventListener("click", (event) => void onQueueClick(state, event));
  list.addEventListener("submit", (event) => void onQueueSubmit(state, event));
  renderHeader(state);
  startReviewWatch(state, list);
  void loadTags(state);
  scheduleHeartbeat(state);
}

/** Calls the API as the signed-in user (cookie + the custom header cookie calls require). */
export async function callApi(method: string, url: string, body?: unknown): Promise<ApiResult> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Requested-With": "alpha-swarm" },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    const detail = "the server could not be reached; check your connection";
    return { ok: false, status: 0, data: { error: "network", detail } };
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = { error: "bad_response", detail: `the server answered ${response.status} without JSON` };
  }
  return { ok: response.ok, status: response.status, data };
}

/** The `detail` of an API error, or what went wrong in words. */
export function errorDetail(result: ApiResult): string {
  if (result.status === 401) return "your session has ended; reload the page to sign in again";
  const body = (result.data ?? {}) as ApiErrorBody;
  return body.detail ?? body.error ?? `the server answered ${result.status}`;
}

export function showStatus(text: string, kind: "success" | "error" | "info"): void {
  const status = document.getElementById("status");
  if (status === null) return;
  status.textContent = text;
  status.className = `status status-${kind}`;
  status.hidden = false;
}

/** hh:mm:ss in the browser's time zone. */
export function formatClock(date: Date): string {
  return date.toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
}

export function renderHeader(state: ClientState): void {
  const pending = document.getElementById("pending-count");
  const stale = document.getElementById("stale-count");
  const refreshed = document.getElementById("refreshed-at");
  const empty = document.getElementById("queue-empty");
  if (pending !== null) pending.textContent = String(state.cards.size);
  if (stale !== null) stale.textContent = String(state.staleCount);
  const more = document.getElementById("more-waiting");
  if (more !== null) {
    const hidden = Math.max(0, state.total - state.cards.size);
    more.hidden = hidden === 0;
    more.textContent = moreWaitingText(hidden, state.boot.pageSize);
  }
  if (refreshed !== null) {
    refreshed.textContent = formatClock(state.lastRefresh);
    refreshed.setAttribute("datetime", state.lastRefresh.toISOString());
  }
  if (empty !== null) empty.hidden = state.cards.size > 0;
}

export function elementFromHtml(markup: string): HTMLElement {
  const template = document.createElement("template");
  template.innerHTML = markup;
  const element = template.content.firstElementChild;
  if (!(element instanceof HTMLElement)) throw new Error("card markup has no element");
  return element;
}

/** True while the card has unsaved input, an open form, focus in a field, or a request in flight. */
export function isBusy(element: HTMLElement): boolean {
  if (element.dataset.pending === "true") return true;
  for (const form of element.querySelectorAll<HTMLFormElement>(".edit-form, .override-form")) {
    if (!form.hidden) return true;
  }
  const tag = element.querySelector<HTMLSelectElement>("select[name=rejection_tag]");
  const note = element.querySelector<HTMLInputElement>("input[name=note]");
  if ((tag?.value ?? "") !== "" || (note?.value ?? "") !== "") return true;
  const active = document.activeElement;
  const typing =
    active instanceof HTMLInputElement ||
    active instanceof HTMLTextAreaElement ||
    active instanceof HTMLSelectElement;
  return typing && element.contains(active);
}

/** Puts the fresh queue on the page in its order; busy cards stay as they are until done. */
export function renderQueue(state: ClientState, queue: QueueData): void {
  const list = document.getElementById("queue-list");
  if (list === null) return;
  const existing = new Map<string, HTMLElement>();
  for (const element of list.querySelectorAll<HTMLElement>("article.card")) {
    existing.set(element.dataset.cardId ?? "", element);
  }
  const cards = queue.cards.filter((card) => !state.decided.has(card.id));
  const next = new Map<string, CardView>();
  for (const card of cards) {
    const current = existing.get(card.id);
    const shown = state.cards.get(card.id);
    const unchanged = shown !== undefined && JSON.stringify(shown) === JSON.stringify(card);
    // A kept card keeps the view it shows, so the next refresh still sees what changed.
    const keep = current !== undefined && (unchanged || isBusy(current));
    const element = keep ? current : elementFromHtml(cardHtml(card, state.tags));
    if (current !== undefined && current !== element) current.remove();
    list.appendChild(element); // appending each card in turn leaves them in the queue's order
    existing.delete(card.id);
    next.set(card.id, keep && shown !== undefined ? shown : card);
  }
  const goneWhileBusy: string[] = [];
  for (const [id, element] of existing) {
    if (isBusy(element)) goneWhileBusy.push(state.cards.get(id)?.lead.name ?? id);
    element.remove();
  }
  state.cards = next;
  state.staleCount = queue.staleCount;
  state.total = queue.total;
  if (goneWhileBusy.length > 0) {
    showStatus(`Decided elsewhere, so removed: ${goneWhileBusy.join(", ")}.`, "info");
  }
}

/** Re-fetches the queue and re-renders it; a failure is reported and the page kept as it is. */
export async function refreshQueue(state: ClientState): Promise<void> {
  if (state.refreshing) return;
  state.refreshing = true;
  try {
    const stale = state.boot.includeStale ? "&include=stale" : "";
    const query = `?view=full&limit=${state.boot.pageSize}${stale}`;
    const result = await callApi("GET", `/api/emails/pending${query}`);
    if (!result.ok) {
      showStatus(`Could not refresh the queue: ${errorDetail(result)}.`, "error");
      return;
    }
    renderQueue(state, result.data as QueueData);
    state.lastRefresh = new Date();
    renderHeader(state);
    if (state.tags === null) await loadTags(state);
  } finally {
    state.refreshing = false;
  }
}

export function scheduleHeartbeat(state: ClientState): void {
  window.setTimeout(async () => {
    await refreshQueue(state);
    scheduleHeartbeat(state);
  }, state.boot.heartbeatSeconds * 1000);
}

/** Loads the rejection tags from the API and fills every reject form still waiting for them. */
export async function loadTags(state: ClientState): Promise<void> {
  const result = await callApi("GET", "/api/rejection-tags");
  if (!result.ok) {
    showStatus(`Could not load the rejection reasons: ${errorDetail(result)}.`, "error");
    return;
  }
  state.tags = (result.data as { tags: RejectionTag[] }).tags;
  for (const select of document.querySelectorAll<HTMLSelectElement>(
    "select[name=rejection_tag]:disabled",
  )) {
    select.innerHTML = tagOptionsHtml(state.tags);
    select.disabled = false;
  }
}
