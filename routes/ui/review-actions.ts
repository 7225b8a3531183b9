// The /sales page's actions, answered with the fragments htmx swaps in: approve (the whole
// sequence; with an override and a reason when only style checks fail), reject with a tag, undo,
// save an edited step, bulk decisions and their undo, and the poll that returns only what changed
// (the header's counts, cards decided elsewhere, how many arrived). Inputs pass the API's own
// schemas. Every decision made here is undoable for the queue's undo window. A refused action
// answers 422 (409 for a card decided elsewhere) with the card and the reason, shown in place.
import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { z } from "zod";
import { bulkDecideWithViews, bulkUndo, ZBulk } from "../../lib/approval/bulk.ts";
import type { CardView } from "../../lib/approval/card-view.ts";
import {
  approveCard,
  editCard,
  rejectCard,
  reviewCard,
  undoDecision,
  ZApprove,
  ZEdit,
  ZReject,
} from "../../lib/approval/decide.ts";
import { arrivedSince, pendingIdSet } from "../../lib/approval/queue-index.ts";
import { queryOfInput } from "../../lib/approval/sorted-listing.ts";
import { HttpError } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { CARD_ID } from "../../lib/store/card-repo.ts";
import { cardHtml, decidedHtml, goneHtml, stepVersion, type TStepDraft } from "./review-card.ts";
import {
  filtersOf,
  formOf,
  headerListing,
  idList,
  type ReviewVariables,
  renderOptions,
  textField,
} from "./review-context.ts";
import { countsHtml } from "./review-view.ts";

type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The status line, swapped in out of band. */
function statusHtml(kind: "success" | "error" | "info", text: string, extra?: Fragment) {
  return html`<div id="status" class="status status-${kind}" role="status" aria-live="polite"
    hx-swap-oob="true">${text}${extra ?? ""}</div>`;
}

/** The card as it now is: pending (with a reason, or a refused draft, if given) or decided. */
function cardState(runtime: Runtime, card: CardView, error?: string, draft?: TStepDraft) {
  const options = renderOptions(runtime);
  if (card.status === "pending") {
    return cardHtml(card, { ...options, ...(draft ? { draft } : error ? { error } : {}) });
  }
  const what = card.status === "failed" ? "crafting failed" : `already ${card.status}`;
  const by = card.decision ? ` by ${card.decision.by}` : "";
  return goneHtml(card.id, `${card.lead.name}: ${what}${by}${error ? ` — ${error}` : ""}`);
}

/** What the status line says after a decision on one card. */
function decidedText(card: CardView): string {
  const what =
    card.status === "approved"
      ? `Approved ${card.lead.name}: ${card.sequence.length} messages`
      : `Rejected ${card.lead.name} (${card.decision?.tag ?? ""})`;
  return card.decision?.undoUntil ? `${what}. Undo with its button or u.` : `${what}.`;
}

/** The first problem of a refused input, in words ("The subject cannot be empty."). */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? "input");
  if (issue?.code === "too_small") {
    return `The ${field === "body" ? "message" : field.replace("_", " ")} cannot be empty.`;
  }
  return `${field}: ${issue?.message ?? "not accepted"}`;
}

export function reviewActions(runtime: Runtime) {
  const app = new Hono<{ Variables: ReviewVariables }>();

  /** The header's counts, swapped in out of band. */
  const countsFor = async () =>
    countsHtml(await headerListing(runtime), runtime.now().getTime(), true);

  /** Answers with the fragment and the header's counts; a refusal shows the card with why. */
  async function respond(c: Context, id: string, act: () => Promise<Fragment>) {
    try {
      return c.html(`${await act()}${await countsFor()}`);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      const card = (error.extra?.card as CardView | undefined) ?? (await reviewCard(runtime, id));
      const status = error.status === 409 ? 409 : 422;
      return c.html(`${await cardState(runtime, card, error.detail)}${await countsFor()}`, status);
    }
  }

  /** The card id of the path, or null. */
  const cardId = (c: Context): string | null => {
    const id = c.req.param("id") ?? "";
    return CARD_ID.test(id) ? id : null;
  };
  const badCard = (c: Context) =>
    c.json({ error: "invalid_request", detail: "expected a card id" }, 400);

  /** A refused input: the card again, with why, in place. */
  const refused = async (c: Context, id: string, why: string) =>
    c.html(
      `${await cardState(runtime, await reviewCard(runtime, id), why)}${await countsFor()}`,
      422,
    );

  app.post("/sales/cards/:id/approve", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    const form = await formOf(c);
    const override = textField(form, "override") === "true";
    const input = ZApprove.safeParse({
      undoable: true,
      ...(override && { override, reason: textField(form, "reason") }),
    });
    if (!input.success) return refused(c, id, problemOf(input.error));
    return respond(c, id, async () => {
      const { card } = await approveCard(runtime, id, input.data, c.get("actor"));
      return html`${decidedHtml(card, c.get("actor"), runtime.now().getTime())}${statusHtml("success", decidedText(card))}`;
    });
  });

  app.post("/sales/cards/:id/reject", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    const form = await formOf(c);
    const note = textField(form, "note").trim();
    const input = ZReject.safeParse({
      rejection_tag: textField(form, "rejection_tag"),
      undoable: true,
      ...(note && { note }),
    });
    if (!input.success)
      return refused(c, id, "Choose a reason to reject (and a note under 2,000 characters).");
    return respond(c, id, async () => {
      const { card } = await rejectCard(runtime, id, input.data, c.get("actor"));
      return html`${decidedHtml(card, c.get("actor"), runtime.now().getTime())}${statusHtml("success", decidedText(card))}`;
    });
  });

  app.post("/sales/cards/:id/undo", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    return respond(c, id, async () => {
      const card = await undoDecision(runtime, id, c.get("actor"));
      return html`${cardHtml(card, renderOptions(runtime))}${statusHtml("info", `Undone: ${card.lead.name} is back in the queue.`)}`;
    });
  });

  // Saving an edited step: checked as the API checks an edit, and saved only over the text the
  // form started from (someone else's save meanwhile is not overwritten unseen).
  app.post("/sales/cards/:id/steps/:step", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    const step = Number(c.req.param("step"));
    if (!Number.isInteger(step) || step < 1 || step > 50) {
      return c.json(
        { error: "invalid_request", detail: "expected a step number from 1 to 50" },
        400,
      );
    }
    const form = await formOf(c);
    const subject = form.subject === undefined ? undefined : textField(form, "subject");
    const body = textField(form, "body");
    const refuse = async (error: string, base: string) => {
      const card = await reviewCard(runtime, id);
      const draft = { step, subject: subject ?? null, body, base, error };
      return c.html(`${await cardState(runtime, card, error, draft)}${await countsFor()}`, 422);
    };
    const edit = ZEdit.safeParse({ step, ...(subject !== undefined && { subject }), body });
    if (!edit.success) return refuse(problemOf(edit.error), textField(form, "base"));
    const current = (await reviewCard(runtime, id)).sequence.find((s) => s.step === step);
    if (current && textField(form, "base") !== stepVersion(current)) {
      return refuse(
        `Step ${step} was changed by someone else while you edited it, and their version is saved. Your text is below: save again to replace theirs, or Cancel to keep it.`,
        stepVersion(current),
      );
    }
    return respond(c, id, async () => {
      const card = await editCard(runtime, id, edit.data, c.get("actor"));
      const checked = card.sequence.find((s) => s.step === step);
      const failing = checked?.compliance.checks.filter((x) => !x.passed).map((x) => x.id) ?? [];
      const verdict =
        failing.length === 0
          ? `Step ${step} saved; it passes every check.`
          : `Step ${step} saved; it still fails: ${failing.join(", ")}.`;
      return html`${cardHtml(card, renderOptions(runtime))}${statusHtml(failing.length === 0 ? "success" : "error", verdict)}`;
    });
  });

  app.post("/sales/bulk", async (c) => {
    const form = await formOf(c);
    const matching = textField(form, "scope") === "matching";
    const query = queryOfInput(filtersOf(form));
    const before = textField(form, "before");
    const input = ZBulk.safeParse({
      action: textField(form, "action"),
      ...(matching
        ? {
            filter: {
              sort: query.sort,
              ...(query.tier && { tier: query.tier }),
              ...(query.campaign && { campaign: query.campaign }),
              ...(query.risky && { risky: true }),
              ...(query.slaBreached && { sla_breached: true }),
              ...(query.q && { q: query.q }),
              ...(query.includeStale && { include_stale: true }),
              ...(before && { created_before: before }),
            },
            expected: Number(textField(form, "expected")),
          }
        : { ids: [form.ids ?? []].flat() }),
      ...(textField(form, "rejection_tag") && { rejection_tag: textField(form, "rejection_tag") }),
      undoable: true,
    });
    if (!input.success) {
      const why = input.error.issues[0]?.message ?? "not a bulk decision";
      const text = why.includes("rejection_tag") ? "Choose a reason to reject first." : why;
      return c.html(await statusHtml("error", text), 422);
    }
    let outcome: Awaited<ReturnType<typeof bulkDecideWithViews>>;
    try {
      outcome = await bulkDecideWithViews(runtime, input.data, c.get("actor"));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      // The filter matches another set now: the list (and its buttons) are shown again.
      if (error.status === 409) c.header("HX-Trigger", "queue-changed");
      return c.html(`${await statusHtml("error", error.detail)}${await countsFor()}`, 422);
    }
    const decided = outcome.decided.length;
    const skipped = outcome.skipped.length;
    const verb = input.data.action === "approve" ? "Approved" : "Rejected";
    const text = `${verb} ${decided} card${decided === 1 ? "" : "s"}${
      skipped > 0
        ? `; ${skipped} left as they were (${[...new Set(outcome.skipped.map((s) => s.detail))].slice(0, 3).join("; ")})`
        : ""
    }.`;
    const undo =
      decided > 0 && outcome.undoUntil
        ? html` <span data-undo-left="${Date.parse(outcome.undoUntil) - runtime.now().getTime()}"
            ><button type="button" class="btn btn-small" data-action="undo-all" hx-post="/sales/bulk/undo"
              hx-swap="none" hx-vals='${JSON.stringify({ ids: outcome.decided.map((d) => d.id).join(",") })}'
              >Undo all <span class="undo-left"></span></button></span>`
        : undefined;
    // Decided cards on screen show as decided; a decision over a filter reloads the list.
    const now = runtime.now().getTime();
    const swaps = matching
      ? ""
      : (
          await Promise.all(
            [...outcome.views.values()].map((view) => decidedHtml(view, c.get("actor"), now, true)),
          )
        ).join("");
    if (matching) c.header("HX-Trigger", "queue-changed");
    return c.html(
      `${swaps}${await statusHtml(skipped > 0 ? "error" : "success", text, undo)}${await countsFor()}`,
    );
  });

  app.post("/sales/bulk/undo", async (c) => {
    const ids = idList(textField(await formOf(c), "ids"));
    if (ids.length === 0) return c.html(await statusHtml("error", "Nothing to undo."), 422);
    const { undone, skipped } = await bulkUndo(runtime, ids, c.get("actor"));
    const text = `Undone: ${undone.length} card${undone.length === 1 ? "" : "s"} back in the queue${
      skipped.length > 0 ? `; ${skipped.length} could not be (${skipped[0]?.detail ?? ""})` : ""
    }.`;
    c.header("HX-Trigger", "queue-changed");
    return c.html(
      `${await statusHtml(skipped.length > 0 ? "error" : "info", text)}${await countsFor()}`,
    );
  });

  // The heartbeat: the counts, the cards on this page whose decision (by someone else, or out of
  // its undo window) is final, and how many cards matching the filters arrived since the list
  // was shown. Pending cards are known from the queue's index; only the others are read.
  app.post("/sales/changes", async (c) => {
    const form = await formOf(c);
    const ids = idList(textField(form, "ids")).slice(0, 5000);
    const loaded = Date.parse(textField(form, "loaded"));
    const pending = await pendingIdSet(runtime);
    const left = ids.filter((id) => !pending.has(id));
    const [counts, cards, arrived] = await Promise.all([
      countsFor(),
      runtime.repos.cards.listMany(left),
      Number.isFinite(loaded)
        ? arrivedSince(runtime, queryOfInput(filtersOf(form)), loaded)
        : Promise.resolve(0),
    ]);
    const byId = new Map(cards.items.map((card) => [card.id, card]));
    const now = runtime.now().getTime();
    const gone = left.flatMap((id) => {
      const card = byId.get(id);
      const decision = card?.decision;
      // A decision still in its undo window may yet be undone: it shows once it is final.
      if (decision?.undoUntil && Date.parse(decision.undoUntil) > now) return [];
      const name = card?.lead?.name ?? "This card";
      const text = decision
        ? `${name}: ${card?.status} by ${decision.by}${decision.by === c.get("actor") ? "" : " elsewhere"}`
        : `${name}: no longer in the queue`;
      return [goneHtml(id, text, true)];
    });
    const arrivals = html`<p id="arrivals" class="arrivals" hx-swap-oob="true" ${arrived > 0 ? "" : "hidden"}
      >${arrived} new card${arrived === 1 ? "" : "s"} matching these filters since the list was shown.
      <button type="button" class="btn btn-small" hx-get="/sales/cards" hx-include="#queue-filters"
        hx-target="#queue" hx-swap="innerHTML">Show them</button></p>`;
    return c.html(`${counts}${(await Promise.all(gone)).join("")}${await arrivals}`);
  });
  return app;
}
