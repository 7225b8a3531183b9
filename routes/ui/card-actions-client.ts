// Browser code of /sales (see browser-script.ts): a card's actions. Approve (asking for an override
// reason when compliance fails), reject with a tag and note, edit the message in place; the card
// leaves the queue or is redrawn from the API's answer, and a status line says what happened.
import type { CardView } from "../../lib/approval/card-view.ts";
import type * as Markup from "./card-markup.ts";
import type * as Queue from "./queue-client.ts";
import type { ApiErrorBody, ApiResult, ClientState } from "./sales-types.ts";

declare const cardHtml: typeof Markup.cardHtml;
declare const labelOf: typeof Markup.labelOf;
declare const callApi: typeof Queue.callApi;
declare const errorDetail: typeof Queue.errorDetail;
declare const showStatus: typeof Queue.showStatus;
declare const renderHeader: typeof Queue.renderHeader;
declare const elementFromHtml: typeof Queue.elementFromHtml;

/** The card element an event happened in, and its data. */
export function cardOf(
  state: ClientState,
  target: EventTarget | null,
): { element: HTMLElement; card: CardView } | null {
  if (!(target instanceof Element)) return null;
  const element = target.closest<HTMLElement>("article.card");
  const card = state.cards.get(element?.dataset.cardId ?? "");
  return element !== null && card !== undefined ? { element, card } : null;
}

export async function onQueueClick(state: ClientState, event: MouseEvent): Promise<void> {
  const button =
    event.target instanceof Element ? event.target.closest("button[data-action]") : null;
  const found = cardOf(state, button);
  if (button === null || found === null) return;
  const { element, card } = found;
  switch (button.getAttribute("data-action")) {
    case "approve":
      if (card.compliance.passed) await approveCard(state, element, card, {});
      else toggleForm(element, ".override-form", true);
      break;
    case "cancel-override":
      toggleForm(element, ".override-form", false);
      break;
    case "edit":
      toggleEdit(element, true);
      break;
    case "cancel-edit":
      toggleEdit(element, false);
      break;
  }
}

export async function onQueueSubmit(state: ClientState, event: SubmitEvent): Promise<void> {
  event.preventDefault(); // every form in the queue is handled here, never submitted natively
  const form = event.target;
  const found = cardOf(state, form);
  if (!(form instanceof HTMLFormElement) || found === null) return;
  const { element, card } = found;
  const fields = new FormData(form);
  const text = (name: string) => String(fields.get(name) ?? "").trim();
  if (form.classList.contains("override-form")) {
    await approveCard(state, element, card, { override: true, reason: text("reason") });
  } else if (form.classList.contains("reject-form")) {
    const note = text("note");
    const body = { rejection_tag: text("rejection_tag"), ...(note !== "" && { note }) };
    await rejectCard(state, element, card, body);
  } else if (form.classList.contains("edit-form")) {
    await saveEdit(state, element, card, fields);
  }
}

/** Shows or hides one of the card's inline forms, with its first field focused. */
export function toggleForm(element: HTMLElement, selector: string, open: boolean): void {
  const form = element.querySelector<HTMLFormElement>(selector);
  if (form === null) return;
  if (!open) form.reset();
  form.hidden = !open;
  if (open) form.querySelector<HTMLElement>("input, textarea")?.focus();
}

/** Edit mode: the message becomes fields; deciding waits until the edit is saved or cancelled. */
export function toggleEdit(element: HTMLElement, open: boolean): void {
  const view = element.querySelector<HTMLElement>(".message-view");
  if (view !== null) view.hidden = open;
  element.classList.toggle("card-editing", open);
  for (const button of element.querySelectorAll<HTMLButtonElement>(
    "[data-action=approve], [data-action=edit], .reject-form button",
  )) {
    button.disabled = open;
  }
  toggleForm(element, ".override-form", false);
  toggleForm(element, ".edit-form", open);
}

/** While a request is in flight the card's buttons are off, and refreshes leave it alone. */
export function setPending(element: HTMLElement, pending: boolean): void {
  element.dataset.pending = String(pending);
  element.classList.toggle("card-pending", pending);
  for (const button of element.querySelectorAll<HTMLButtonElement>("button")) {
    button.disabled = pending;
  }
}

/** Takes a decided card off the page (and keeps a late refresh from bringing it back). */
export function removeCard(state: ClientState, element: HTMLElement, id: string): void {
  state.decided.add(id);
  if (state.cards.delete(id)) state.total = Math.max(0, state.total - 1);
  element.remove();
  renderHeader(state);
}

export async function approveCard(
  state: ClientState,
  element: HTMLElement,
  card: CardView,
  body: { override?: boolean; reason?: string },
): Promise<void> {
  setPending(element, true);
  const result = await callApi("POST", `/api/emails/${encodeURIComponent(card.id)}/approve`, body);
  if (result.ok) {
    removeCard(state, element, card.id);
    const how = body.override === true ? " with a compliance override" : "";
    showStatus(`Approved the message to ${card.lead.name}${how}.`, "success");
    return;
  }
  setPending(element, false);
  if (decidedElsewhere(state, element, card, result)) return;
  const error = result.data as ApiErrorBody;
  if (error.error === "compliance_failed") toggleForm(element, ".override-form", true);
  if (error.error === "legal_check_failed") toggleForm(element, ".override-form", false);
  showStatus(`Could not approve ${card.lead.name}: ${errorDetail(result)}.`, "error");
}

export async function rejectCard(
  state: ClientState,
  element: HTMLElement,
  card: CardView,
  body: { rejection_tag: string; note?: string },
): Promise<void> {
  setPending(element, true);
  const result = await callApi("POST", `/api/emails/${encodeURIComponent(card.id)}/reject`, body);
  if (result.ok) {
    removeCard(state, element, card.id);
    const label =
      state.tags?.find((t) => t.tag === body.rejection_tag)?.label ?? body.rejection_tag;
    showStatus(`Rejected the message to ${card.lead.name}: ${label}.`, "success");
    return;
  }
  setPending(element, false);
  if (decidedElsewhere(state, element, card, result)) return;
  showStatus(`Could not reject ${card.lead.name}: ${errorDetail(result)}.`, "error");
}

/** Saves an in-place edit; the card is redrawn from the API's answer (with its new compliance). */
export async function saveEdit(
  state: ClientState,
  element: HTMLElement,
  card: CardView,
  fields: FormData,
): Promise<void> {
  const body: { subject?: string; body?: string } = {};
  const subject = fields.get("subject");
  const text = String(fields.get("body") ?? "");
  if (typeof subject === "string" && subject !== card.message.subject) body.subject = subject;
  if (text !== card.message.body) body.body = text;
  if (body.subject === undefined && body.body === undefined) {
    toggleEdit(element, false);
    showStatus(`No changes to ${card.lead.name}'s message.`, "info");
    return;
  }
  setPending(element, true);
  const result = await callApi("PATCH", `/api/emails/${encodeURIComponent(card.id)}`, body);
  if (!result.ok) {
    setPending(element, false);
    if (decidedElsewhere(state, element, card, result)) return;
    showStatus(
      `Could not save the edit to ${card.lead.name}'s message: ${errorDetail(result)}.`,
      "error",
    );
    return;
  }
  const updated = (result.data as { card: CardView }).card;
  state.cards.set(updated.id, updated);
  element.replaceWith(elementFromHtml(cardHtml(updated, state.tags)));
  const saved = `Saved your edit to ${updated.lead.name}'s message`;
  if (updated.compliance.passed) {
    showStatus(`${saved}; compliance passes.`, "success");
  } else {
    const failed = updated.compliance.checks.filter((c) => !c.passed).map((c) => labelOf(c.id));
    showStatus(`${saved}, but it now fails compliance: ${failed.join(", ")}.`, "error");
  }
}

/** A 409: someone decided the card first. It leaves the queue, and the status says who. */
export function decidedElsewhere(
  state: ClientState,
  element: HTMLElement,
  card: CardView,
  result: ApiResult,
): boolean {
  if (result.status !== 409) return false;
  removeCard(state, element, card.id);
  showStatus(`${card.lead.name}: ${errorDetail(result)}.`, "error");
  return true;
}
