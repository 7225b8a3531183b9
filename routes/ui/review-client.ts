// Browser code of the /sales review page (see browser-script.ts): what htmx's server fragments do
// not do on their own — the current card (keyboard j/k, the sticky action bar), shortcuts for
// approve, reject, edit, select, undo and search, the selection count and the bulk buttons'
// confirmations, the undo and deadline countdowns, a card's first review after it stayed on
// screen, and the ids the poller asks about. No markup is built here: the server renders it all.
import type * as Time from "./review-time.ts";
import type { TReviewBoot } from "./review-view.ts";

declare const dueLabel: typeof Time.dueLabel;

export type ReviewState = {
  boot: TReviewBoot;
  /** The card the keyboard and the action bar act on. */
  currentId: string | null;
  /** Its status when it was last looked at: a change to decided moves on to the next card. */
  currentStatus: string | null;
  /** Cards on screen, waiting out the dwell before their first review is recorded. */
  dwells: Map<string, number>;
  reviewed: Set<string>;
  /** Watches cards for the dwell (null where the browser has no IntersectionObserver). */
  observer: IntersectionObserver | null;
  ticks: number;
  /** How many undoable decisions appeared on the page: each is numbered, so u undoes the latest. */
  decisions: number;
  /** The server's clock minus this browser's (ms), from when the page was rendered. */
  skew: number;
  /** A scroll is being followed (the current card follows what is on screen). */
  scrolling: boolean;
  /** Until then (ms), scrolling is the page's own doing (a swap, a move): not followed. */
  quietUntil: number;
};

export function startReviewPage(): void {
  const bootElement = document.getElementById("review-boot");
  if (!bootElement) return;
  const state: ReviewState = {
    boot: JSON.parse(bootElement.textContent ?? "{}") as TReviewBoot,
    currentId: null,
    currentStatus: null,
    dwells: new Map(),
    reviewed: new Set(),
    observer: null,
    ticks: 0,
    decisions: 0,
    skew: 0,
    scrolling: false,
    quietUntil: 0,
  };
  state.skew = Date.parse(state.boot.loadedAt) - Date.now() || 0;
  document.addEventListener("keydown", (event) => onReviewKey(state, event));
  document.addEventListener("change", (event) => onReviewChange(state, event));
  document.addEventListener("click", (event) => onReviewClick(state, event));
  document.addEventListener("focusin", (event) => {
    const card = cardOf(event.target);
    if (card) setCurrent(state, card, false);
  });
  document.addEventListener("htmx:configRequest", (event) => onConfigRequest(event));
  const quiet = () => {
    state.quietUntil = Date.now() + 800;
  };
  document.addEventListener("htmx:beforeRequest", quiet);
  document.addEventListener("htmx:afterSwap", quiet);
  document.addEventListener("htmx:afterSettle", (event) => {
    // A new list (filters changed): its first card is the current one.
    if ((event.target as Element | null)?.id === "queue") state.currentId = null;
    afterChange(state);
  });
  window.addEventListener("scroll", () => followScroll(state), { passive: true });
  document.addEventListener("htmx:oobAfterSwap", () => afterChange(state));
  document.addEventListener("htmx:afterSettle", () => focusEditForm());
  document.addEventListener("htmx:responseError", (event) => onResponseError(event));
  document.addEventListener("htmx:sendError", () =>
    showStatus("error", "The server could not be reached; check your connection and try again."),
  );
  const first = cards()[0];
  if (first) setCurrent(state, first, false);
  updateSelection();
  watchDwell(state);
  window.setInterval(() => tick(state), 1000);
}

/** Every card on the page, in order. */
export function cards(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>("article.card"));
}

export function cardOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>("article.card") : null;
}

export function currentCard(state: ReviewState): HTMLElement | null {
  return state.currentId ? document.getElementById(`card-${state.currentId}`) : null;
}

/** Makes `card` the current card (outlined, named in the action bar), scrolling it in if asked. */
export function setCurrent(state: ReviewState, card: HTMLElement, scroll: boolean): void {
  const previous = currentCard(state);
  if (previous && previous !== card) previous.classList.remove("is-current");
  card.classList.add("is-current");
  // The same card again (htmx gives the focus back to a swapped card) keeps its last status, so
  // afterChange still sees it go from pending to decided.
  if (card.dataset.card !== state.currentId) state.currentStatus = card.dataset.status ?? null;
  state.currentId = card.dataset.card ?? null;
  labelCurrent(card);
  if (scroll) {
    state.quietUntil = Date.now() + 800;
    card.scrollIntoView({ block: "start", behavior: "auto" });
    card.focus({ preventScroll: true });
  }
}

/** The action bar names the current card (its lead and tier, or what was decided). */
export function labelCurrent(card: HTMLElement): void {
  const label = document.getElementById("current-card");
  if (label) label.textContent = card.getAttribute("aria-label") ?? "Decided card";
}

/** Moves the current card by `by` (1 next, -1 previous); `pendingOnly` skips decided cards. */
export function move(state: ReviewState, by: number, pendingOnly = false): void {
  const list = cards().filter(
    (card) =>
      !pendingOnly || card.dataset.status === "pending" || card.dataset.card === state.currentId,
  );
  const at = list.findIndex((card) => card.dataset.card === state.currentId);
  const next = list[at < 0 ? 0 : at + by];
  if (next) setCurrent(state, next, true);
}

/** True in a field that takes keys (text, a select); not on a checkbox or a button. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  }
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * When the reader scrolls the current card out of sight, the card they are reading becomes the
 * current one (the action bar and the keys act on what is on screen).
 */
export function followScroll(state: ReviewState): void {
  if (state.scrolling || Date.now() < state.quietUntil) return;
  state.scrolling = true;
  window.requestAnimationFrame(() => {
    state.scrolling = false;
    const top = (document.querySelector(".masthead")?.getBoundingClientRect().bottom ?? 0) + 8;
    const bottom = window.innerHeight - (document.getElementById("action-bar")?.offsetHeight ?? 0);
    const seen = (card: HTMLElement) => {
      const box = card.getBoundingClientRect();
      return box.bottom > top + 40 && box.top < bottom - 40;
    };
    const current = currentCard(state);
    if (current && seen(current)) return;
    const reading = cards().find((card) => seen(card) && card.dataset.status === "pending");
    if (reading) setCurrent(state, reading, false);
  });
}

export function onReviewKey(state: ReviewState, event: KeyboardEvent): void {
  if (event.metaKey || event.ctrlKey || event.altKey) return;
  const target = event.target;
  if (isTyping(target)) {
    const element = target as HTMLElement;
    if (event.key === "Escape") {
      element.closest("form")?.querySelector<HTMLButtonElement>("button[hx-get]")?.click();
      element.blur();
      currentCard(state)?.focus({ preventScroll: true });
    } else if (event.key === "Enter" && element.matches(".reject-form select")) {
      // A reason picked with the keyboard is submitted with Enter, like the rest of the form.
      event.preventDefault();
      element.closest("form")?.requestSubmit();
    }
    return;
  }
  const actions: Record<string, () => void> = {
    j: () => move(state, 1),
    k: () => move(state, -1),
    a: () => approveCurrent(state),
    r: () => rejectCurrent(state),
    e: () => editCurrent(state),
    x: () => toggleSelected(state),
    u: () => undoLatest(),
    "/": () => document.getElementById("filter-q")?.focus(),
    "?": () => document.getElementById("shortcuts")?.classList.toggle("legend-open"),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

export function approveCurrent(state: ReviewState): void {
  const button = currentCard(state)?.querySelector<HTMLButtonElement>("[data-action=approve]");
  if (!button) return;
  if (button.disabled) {
    const legal = currentCard(state)?.querySelector(".compliance-banner:not(.compliance-style)");
    showStatus(
      "error",
      legal
        ? "This sequence fails a legal check: edit the failing steps (e) first."
        : "This sequence fails a style check: edit the failing steps (e), or approve with an override.",
    );
    return;
  }
  button.click();
}

export function rejectCurrent(state: ReviewState): void {
  const select = currentCard(state)?.querySelector<HTMLSelectElement>(".reject-form select");
  if (!select) return;
  select.focus();
  showStatus("info", "Pick a reason with the arrow keys, then press Enter to reject.");
}

export function editCurrent(state: ReviewState): void {
  const card = currentCard(state);
  const failing = card?.querySelector<HTMLButtonElement>(".step-fail [data-action=edit]");
  (failing ?? card?.querySelector<HTMLButtonElement>("[data-action=edit]"))?.click();
}

export function toggleSelected(state: ReviewState): void {
  const box = currentCard(state)?.querySelector<HTMLInputElement>(".select-card");
  if (!box) return;
  box.checked = !box.checked;
  updateSelection();
}

/** Undoes the latest decision still in its window (one card, or a bulk decision). */
export function undoLatest(): void {
  let latest: { order: number; button: HTMLButtonElement } | null = null;
  for (const holder of Array.from(document.querySelectorAll<HTMLElement>("[data-undo-at]"))) {
    const order = Number(holder.dataset.order ?? "0");
    const button = holder.querySelector<HTMLButtonElement>(
      "[data-action=undo]:not([disabled]), [data-action=undo-all]:not([disabled])",
    );
    const open = Number(holder.dataset.undoAt) > Date.now();
    if (button && open && !holder.hidden && (!latest || order > latest.order)) {
      latest = { order, button };
    }
  }
  if (latest) latest.button.click();
  else showStatus("info", "Nothing to undo.");
}

/**
 * Numbers the undoable decisions that just appeared, in the order they appeared, and turns the
 * time each has left (as the server counted it) into an instant on this browser's clock.
 */
export function numberDecisions(state: ReviewState): void {
  for (const holder of Array.from(
    document.querySelectorAll<HTMLElement>("[data-undo-left]:not([data-order])"),
  )) {
    state.decisions += 1;
    holder.dataset.order = String(state.decisions);
    holder.dataset.undoAt = String(Date.now() + Number(holder.dataset.undoLeft ?? "0"));
  }
}

export function onReviewChange(state: ReviewState, event: Event): void {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.id === "select-all" && target instanceof HTMLInputElement) {
    for (const box of Array.from(document.querySelectorAll<HTMLInputElement>(".select-card"))) {
      box.checked = target.checked;
    }
  }
  if (target.matches(".select-card, #select-all, #bulk-tag")) updateSelection();
  const card = cardOf(target);
  if (card) setCurrent(state, card, false);
}

export function onReviewClick(state: ReviewState, event: MouseEvent): void {
  const target = event.target instanceof Element ? event.target : null;
  const bar = target?.closest<HTMLElement>("[data-bar]")?.dataset.bar;
  if (bar) {
    const actions: Record<string, () => void> = {
      prev: () => move(state, -1),
      next: () => move(state, 1),
      edit: () => editCurrent(state),
      reject: () => rejectCurrent(state),
      approve: () => approveCurrent(state),
    };
    actions[bar]?.();
    return;
  }
  if (target?.closest("[data-action=dismiss]")) {
    removeCard(state, cardOf(target));
    return;
  }
  const card = cardOf(target);
  if (card && !target?.closest("a")) setCurrent(state, card, false);
}

/** The bulk bar follows the selection: the count, the buttons, their confirmation texts. */
export function updateSelection(): void {
  const selected = document.querySelectorAll<HTMLInputElement>(".select-card:checked").length;
  const label = document.getElementById("selected-count");
  if (label) label.textContent = selected === 0 ? "None selected" : `${selected} selected`;
  const tag = document.getElementById("bulk-tag") as HTMLSelectElement | null;
  const reason = tag && tag.value !== "" ? tag.options[tag.selectedIndex]?.text : null;
  const cardsText = `${selected} selected card${selected === 1 ? "" : "s"}`;
  const approve = document.getElementById("bulk-approve") as HTMLButtonElement | null;
  const reject = document.getElementById("bulk-reject") as HTMLButtonElement | null;
  if (approve) {
    approve.disabled = selected === 0;
    approve.setAttribute(
      "hx-confirm",
      `Approve ${cardsText}? Each is approved with its whole sequence.`,
    );
  }
  if (reject) {
    reject.disabled = selected === 0 || reason === null;
    reject.title = reason === null ? "Choose a reason to reject first" : "";
    reject.setAttribute("hx-confirm", `Reject ${cardsText} as “${reason ?? ""}”?`);
  }
  const rejectAll = document.getElementById("reject-matching") as HTMLButtonElement | null;
  if (rejectAll) {
    rejectAll.disabled = reason === null || rejectAll.dataset.tooMany === "1";
    rejectAll.title = reason === null ? "Choose a reason to reject first (above)" : "";
    const count = document.getElementById("matching-count")?.textContent ?? "";
    rejectAll.setAttribute(
      "hx-confirm",
      `Reject all ${count} cards that match the filters as “${reason ?? ""}”?`,
    );
  }
}

/** The poller tells the server which pending cards this page shows. */
export function onConfigRequest(event: Event): void {
  const detail = (event as CustomEvent).detail as {
    elt: Element;
    parameters: Record<string, string>;
  };
  if (detail.elt.id !== "poller") return;
  detail.parameters.ids = cards()
    .filter((card) => card.dataset.status === "pending")
    .map((card) => card.dataset.card ?? "")
    .join(",");
}

/** A step's edit form just swapped in gets the focus once (its subject, else its message). */
export function focusEditForm(): void {
  const form = document.querySelector<HTMLElement>(".step-editing:not([data-focused])");
  if (!form) return;
  form.dataset.focused = "1";
  form.querySelector<HTMLElement>("input[name=subject], textarea")?.focus();
}

/** After any swap: the current card decided moves on, new cards are watched. */
export function afterChange(state: ReviewState): void {
  const card = currentCard(state);
  if (!card) {
    const first = cards()[0];
    if (first) setCurrent(state, first, false);
  } else if (state.currentStatus === "pending" && card.dataset.status !== "pending") {
    state.currentStatus = card.dataset.status ?? null;
    move(state, 1, true);
  } else {
    state.currentStatus = card.dataset.status ?? null;
    card.classList.add("is-current");
    labelCurrent(card);
  }
  numberDecisions(state);
  updateSelection();
  watchDwell(state);
}

export function onResponseError(event: Event): void {
  const xhr = ((event as CustomEvent).detail as { xhr: XMLHttpRequest }).xhr;
  let detail = "";
  try {
    detail = (JSON.parse(xhr.responseText) as { detail?: string }).detail ?? "";
  } catch {
    detail = "";
  }
  if (xhr.status === 401) {
    showStatus("error", "Your session has ended: reload the page to sign in again.");
    return;
  }
  showStatus("error", `The server answered ${xhr.status}${detail ? `: ${detail}` : ""}`);
}

export function showStatus(kind: "success" | "error" | "info", text: string): void {
  const status = document.getElementById("status");
  if (!status) return;
  status.className = `status status-${kind}`;
  status.textContent = text;
  status.hidden = false;
}

export function removeCard(state: ReviewState, card: HTMLElement | null): void {
  if (!card) return;
  if (card.dataset.card === state.currentId) move(state, 1);
  if (card.dataset.card === state.currentId) move(state, -1);
  if (card.dataset.card === state.currentId) state.currentId = null;
  card.remove();
}

/** Each second: undo countdowns (a decided card leaves once its window closed); deadlines. */
export function tick(state: ReviewState): void {
  const now = Date.now();
  for (const holder of Array.from(document.querySelectorAll<HTMLElement>("[data-undo-at]"))) {
    const left = Number(holder.dataset.undoAt) - now;
    const label = holder.querySelector(".undo-left");
    if (label) label.textContent = left > 0 ? `(${Math.ceil(left / 1000)} s)` : "";
    if (left > 0) continue;
    if (holder.matches("article.card")) removeCard(state, holder);
    else holder.hidden = true;
  }
  for (const card of Array.from(document.querySelectorAll<HTMLElement>(".card-decided"))) {
    if (card.dataset.undoLeft !== undefined || card.dataset.status === "gone") continue;
    const seen = Number(card.dataset.seen ?? "0");
    if (seen === 0) card.dataset.seen = String(now);
    else if (now - seen > 4000) removeCard(state, card);
  }
  state.ticks += 1;
  if (state.ticks % 30 !== 0) return;
  for (const sla of Array.from(document.querySelectorAll<HTMLElement>(".sla[data-due]"))) {
    const due = sla.dataset.due ?? "";
    sla.textContent = dueLabel(due, now + state.skew);
    sla.classList.toggle("sla-late", Date.parse(due) < now + state.skew);
  }
}

/** A pending card that stays mostly on screen for the dwell is marked as reviewed, once. */
export function watchDwell(state: ReviewState): void {
  if (typeof IntersectionObserver === "undefined") return;
  state.observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const card = entry.target as HTMLElement;
        const id = card.dataset.card ?? "";
        const timer = state.dwells.get(id);
        if (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= 300) {
          if (timer !== undefined || state.reviewed.has(id)) continue;
          state.dwells.set(
            id,
            window.setTimeout(() => recordReview(state, card, id), state.boot.reviewDwellMs),
          );
        } else if (timer !== undefined) {
          window.clearTimeout(timer);
          state.dwells.delete(id);
        }
      }
    },
    { threshold: [0, 0.5, 1] },
  );
  for (const card of cards()) {
    if (card.dataset.status !== "pending" || card.dataset.watched === "1") continue;
    card.dataset.watched = "1";
    state.observer.observe(card);
  }
}

export function recordReview(state: ReviewState, card: HTMLElement, id: string): void {
  state.dwells.delete(id);
  if (state.reviewed.has(id) || !card.isConnected || document.visibilityState !== "visible") return;
  state.reviewed.add(id);
  // Reading a card through the API is its first review (it records the time once).
  void fetch(`/api/emails/${encodeURIComponent(id)}`, { credentials: "same-origin" }).catch(() =>
    state.reviewed.delete(id),
  );
}
