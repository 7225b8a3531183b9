// Browser code of /sales (see browser-script.ts): records a card's first review. Opening a card
// through GET /api/emails/:id is what records it (the queue diagnostics count cards without one),
// so a pending, not yet reviewed card that stays on screen, at least half of it in the viewport,
// for a continuous dwell (2 s; `?dwell=` for tests) is opened once per page load. Cards that
// heartbeat re-renders or edits put on the page are watched as they arrive.
import type { CardView } from "../../lib/approval/card-view.ts";
import type * as Queue from "./queue-client.ts";
import type { ClientState, Dwell, ReviewWatch } from "./sales-types.ts";

declare const callApi: typeof Queue.callApi;

/** Watches the list's cards (those there now and every one added later) for time on screen. */
export function startReviewWatch(state: ClientState, list: HTMLElement): void {
  if (typeof IntersectionObserver !== "function") return;
  // Steps of a tenth, so a card taller than the viewport is seen to fill half of it too.
  const threshold = Array.from({ length: 11 }, (_, i) => i / 10);
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) onCardVisibility(state, entry);
    },
    { threshold },
  );
  const review: ReviewWatch = { observer, dwells: new Map(), requested: new Set() };
  state.review = review;
  for (const element of list.querySelectorAll<HTMLElement>("article.card")) {
    observer.observe(element);
  }
  // Re-renders replace changed cards and add new ones; observing an observed element is a no-op.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLElement && node.matches("article.card")) observer.observe(node);
      }
      for (const node of record.removedNodes) {
        if (node instanceof HTMLElement && !node.isConnected) observer.unobserve(node);
      }
    }
  }).observe(list, { childList: true });
  document.addEventListener("visibilitychange", () => onPageVisibility(state, review));
}

/** At least half the card on screen (or, for a card taller than that, half the viewport). */
export function isOnScreen(entry: IntersectionObserverEntry): boolean {
  if (!entry.isIntersecting) return false;
  if (entry.intersectionRatio >= 0.5) return true;
  const root = entry.rootBounds;
  return root !== null && root.height > 0 && entry.intersectionRect.height >= root.height / 2;
}

/** Not reviewed yet (by anyone, as far as the page knows), still pending, not opened here. */
export function needsReview(state: ClientState, id: string): boolean {
  const card = state.cards.get(id);
  return (
    card !== undefined &&
    card.status === "pending" &&
    card.firstReviewedAt === null &&
    !state.decided.has(id) &&
    state.review !== null &&
    !state.review.requested.has(id)
  );
}

/** Starts a card's dwell when it comes on screen, and ends it when it goes off screen. */
export function onCardVisibility(state: ClientState, entry: IntersectionObserverEntry): void {
  const review = state.review;
  const element = entry.target;
  // A card taken off the page says nothing: its replacement (if any) reports for itself.
  if (review === null || !(element instanceof HTMLElement) || !element.isConnected) return;
  const id = element.dataset.cardId ?? "";
  const dwell = review.dwells.get(id);
  if (!isOnScreen(entry)) {
    if (dwell !== undefined) {
      if (dwell.timer !== null) window.clearTimeout(dwell.timer);
      review.dwells.delete(id);
    }
    return;
  }
  if (dwell !== undefined) {
    dwell.element = element; // the card re-rendered in place: it has stayed on screen
    return;
  }
  if (!needsReview(state, id)) return;
  const started: Dwell = { element, timer: null };
  review.dwells.set(id, started);
  armDwell(state, id, started);
}

/** The dwell's clock, which runs only while the page itself is visible. */
export function armDwell(state: ClientState, id: string, dwell: Dwell): void {
  if (document.visibilityState !== "visible") return;
  dwell.timer = window.setTimeout(() => void recordReview(state, id), state.boot.reviewDwellMs);
}

/** A hidden page stops every dwell; shown again, each card on screen starts its dwell afresh. */
export function onPageVisibility(state: ClientState, review: ReviewWatch): void {
  for (const [id, dwell] of review.dwells) {
    if (dwell.timer !== null) window.clearTimeout(dwell.timer);
    dwell.timer = null;
    armDwell(state, id, dwell);
  }
}

/** The dwell is over: opens the card once, which records its first review. */
export async function recordReview(state: ClientState, id: string): Promise<void> {
  const review = state.review;
  const dwell = review?.dwells.get(id);
  if (review === null || dwell === undefined) return;
  review.dwells.delete(id);
  if (!dwell.element.isConnected || !needsReview(state, id)) return;
  review.requested.add(id); // once per page load, whatever the answer
  const result = await callApi("GET", `/api/emails/${encodeURIComponent(id)}`);
  if (!result.ok) return; // a missed review is the diagnostics' to report, not the reviewer's
  const reviewedAt = (result.data as CardView).firstReviewedAt;
  const shown = state.cards.get(id);
  // Only the review time changes: a kept card keeps the view it shows (see renderQueue).
  if (shown !== undefined && reviewedAt !== null) {
    state.cards.set(id, { ...shown, firstReviewedAt: reviewedAt });
  }
}
