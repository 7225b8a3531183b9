// The /sales page's actions, answered with the fragments htmx swaps in: approve (the whole
// sequence; with an override and a reason when only style checks fail), reject with a tag, undo,
// save an edited step, bulk decisions and their undo, and the poll that returns only what changed
// (the header's counts, cards decided elsewhere, how many arrived). Every decision made here is
// undoable for the queue's undo window. A refused action answers 422 (409 for a card decided
// elsewhere) with the card and the reason, which the page shows in place.
import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { bulkDecide, bulkUndo, ZBulk } from "../../lib/approval/bulk.ts";
import type { CardView } from "../../lib/approval/card-view.ts";
import {
  approveCard,
  editCard,
  rejectCard,
  reviewCard,
  undoDecision,
} from "../../lib/approval/decide.ts";
import { arrivedSince } from "../../lib/approval/queue-index.ts";
import { HttpError } from "../../lib/http/http-error.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { cardHtml, decidedHtml, goneHtml } from "./review-card.ts";
import {
  filtersOf,
  formOf,
  headerListing,
  pageSession,
  type ReviewVariables,
  renderOptions,
  textField,
} from "./review-context.ts";
import { countsHtml } from "./review-view.ts";

const CARD_ID = /^card_[0-9a-f]{20}$/;

type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The status line, swapped in out of band. */
function statusHtml(kind: "success" | "error" | "info", text: string, extra?: Fragment) {
  return html`<div id="status" class="status status-${kind}" role="status" aria-live="polite"
    hx-swap-oob="true">${text}${extra ?? ""}</div>`;
}

/** The card as it now is: pending (with a reason, if given) or decided. */
function cardState(runtime: Runtime, card: CardView, error?: string) {
  const options = renderOptions(runtime);
  if (card.status === "pending") return cardHtml(card, { ...options, ...(error && { error }) });
  const by = card.decision?.by ?? "someone";
  return goneHtml(
    card.id,
    `${card.lead.name}: already ${card.status} by ${by}${error ? ` — ${error}` : ""}`,
  );
}

export function reviewActions(runtime: Runtime) {
  const app = new Hono<{ Variables: ReviewVariables }>();
  app.use("/sales/*", async (c, next) => {
    if (c.req.method !== "POST") return next();
    return pageSession(runtime)(c, next);
  });

  /** Answers with the fragment and the header's counts; a refusal shows the card with why. */
  async function respond(c: Context, id: string, act: () => Promise<Fragment>) {
    const counts = async () =>
      countsHtml(await headerListing(runtime), runtime.now().getTime(), true);
    try {
      const fragment = await act();
      return c.html(`${await fragment}${await counts()}`);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      const card = (error.extra?.card as CardView | undefined) ?? (await reviewCard(runtime, id));
      const status = error.status === 409 ? 409 : 422;
      return c.html(`${await cardState(runtime, card, error.detail)}${await counts()}`, status);
    }
  }

  const cardId = (c: Context): string | null => {
    const id = c.req.param("id") ?? "";
    return CARD_ID.test(id) ? id : null;
  };
  const badCard = (c: Context) =>
    c.json({ error: "bad_request", detail: "expected a card id" }, 400);

  app.post("/sales/cards/:id/approve", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    const form = await formOf(c);
    const override = textField(form, "override") === "true";
    const reason = textField(form, "reason").trim();
    return respond(c, id, async () => {
      const input = { undoable: true, ...(override && { override, reason }) };
      return decidedHtml((await approveCard(runtime, id, input, c.get("actor"))).card);
    });
  });

  app.post("/sales/cards/:id/reject", async (c) => {
    const id = cardId(c);
    if (!id) return badCard(c);
    const form = await formOf(c);
    const tag = textField(form, "rejection_tag");
    const note = textField(form, "note").trim();
    return respond(c, id, async () => {
      if (!tag) throw new HttpError(400, "bad_request", "choose a reason to reject");
      const input = { rejection_tag: tag, undoable: true, ...(note && { note }) };
      return decidedHtml((await rejectCard(runtime, id, input, c.get("actor"))).card);
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

  app.post("/sales/cards/:id/steps/:step", async (c) => {
    const id = cardId(c);
    const step = Number(c.req.param("step"));
    if (!id || !Number.isInteger(step) || step < 1 || step > 50) return badCard(c);
    const form = await formOf(c);
    const subject = textField(form, "subject");
    const body = textField(form, "body");
    return respond(c, id, async () => {
      const edit = {
        step,
        ...(form.subject !== undefined && { subject }),
        body,
      };
      const parsed = edit.body.trim() === "" ? null : edit;
      if (!parsed) throw new HttpError(400, "bad_request", "the message cannot be empty");
      const card = await editCard(runtime, id, parsed, c.get("actor"));
      const checked = card.sequence.find((s) => s.step === step);
      const verdict = checked?.compliance.passed
        ? `Step ${step} saved; it passes every check.`
        : `Step ${step} saved; it still fails: ${checked?.compliance.checks
            .filter((x) => !x.passed)
            .map((x) => x.id)
            .join(", ")}.`;
      return html`${cardHtml(card, renderOptions(runtime))}${statusHtml(checked?.compliance.passed ? "success" : "error", verdict)}`;
    });
  });

  app.post("/sales/bulk", async (c) => {
    const form = await formOf(c);
    const ids = [form.ids ?? []].flat().filter((v): v is string => typeof v === "string");
    const matching = textField(form, "scope") === "matching";
    const filters = filtersOf(form);
    const input = ZBulk.safeParse({
      action: textField(form, "action"),
      ...(matching
        ? {
            filter: {
              sort: filters.sort,
              ...(filters.tier && { tier: filters.tier }),
              ...(filters.campaign && { campaign: filters.campaign }),
              ...(filters.risky && { risky: true }),
              ...(filters.sla && { sla_breached: true }),
              ...(filters.q && { q: filters.q }),
              ...(filters.include && { include_stale: true }),
            },
            expected: Number(textField(form, "expected")),
          }
        : { ids }),
      ...(textField(form, "rejection_tag") && { rejection_tag: textField(form, "rejection_tag") }),
      undoable: true,
    });
    if (!input.success) {
      const why = input.error.issues[0]?.message ?? "not a bulk decision";
      const text = why.includes("rejection_tag") ? "Choose a reason to reject first." : why;
      return c.html(await statusHtml("error", text), 422);
    }
    let outcome: Awaited<ReturnType<typeof bulkDecide>>;
    try {
      outcome = await bulkDecide(runtime, input.data, c.get("actor"));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      return c.html(await statusHtml("error", error.detail), 422);
    }
    const views = await Promise.all(outcome.decided.map((d) => reviewCard(runtime, d.id)));
    const undoUntil = views.map((v) => v.decision?.undoUntil ?? "").sort()[0] ?? "";
    const verb = input.data.action === "approve" ? "Approved" : "Rejected";
    const skipped = outcome.skipped.length;
    const text = `${verb} ${outcome.decided.length} card${outcome.decided.length === 1 ? "" : "s"}${
      skipped > 0 ? `; ${skipped} left pending (${outcome.skipped[0]?.detail ?? ""})` : ""
    }.`;
    const undo = html` <span data-undo-until="${undoUntil}"><button type="button" class="btn btn-small"
      data-action="undo-all" hx-post="/sales/bulk/undo" hx-swap="none"
      hx-vals='${JSON.stringify({ ids: outcome.decided.map((d) => d.id).join(",") })}'
      >Undo all <span class="undo-left"></span></button></span>`;
    const listing = await headerListing(runtime);
    // Decided cards on screen show as decided; a decision over a filter reloads the list.
    const swaps = matching
      ? html`<div id="queue" hx-swap-oob="innerHTML:#queue"><p class="empty">Reloading…</p></div>`
      : html`${views.map((v) => decidedHtml(v, true))}`;
    if (matching) c.header("HX-Trigger", "queue-changed");
    return c.html(
      `${await swaps}${await statusHtml(skipped > 0 ? "error" : "success", text, outcome.decided.length > 0 ? undo : undefined)}${await countsHtml(listing, runtime.now().getTime(), true)}`,
    );
  });

  app.post("/sales/bulk/undo", async (c) => {
    const form = await formOf(c);
    const ids = textField(form, "ids")
      .split(",")
      .filter((id) => CARD_ID.test(id));
    if (ids.length === 0) return c.html(await statusHtml("error", "Nothing to undo."), 422);
    const { undone, skipped } = await bulkUndo(runtime, ids, c.get("actor"));
    const text = `Undone: ${undone.length} card${undone.length === 1 ? "" : "s"} back in the queue${
      skipped.length > 0 ? `; ${skipped.length} could not be (${skipped[0]?.detail ?? ""})` : ""
    }.`;
    c.header("HX-Trigger", "queue-changed");
    const listing = await headerListing(runtime);
    return c.html(
      `${await statusHtml(skipped.length > 0 ? "error" : "info", text)}${await countsHtml(listing, runtime.now().getTime(), true)}`,
    );
  });

  // The heartbeat: the counts, the cards on this page someone else decided, new arrivals.
  app.post("/sales/changes", async (c) => {
    const form = await formOf(c);
    const ids = textField(form, "ids")
      .split(",")
      .filter((id) => CARD_ID.test(id))
      .slice(0, 5000);
    const loaded = Date.parse(textField(form, "loaded"));
    const [listing, states, arrived] = await Promise.all([
      headerListing(runtime),
      runtime.repos.cards.statesOf(ids),
      Number.isFinite(loaded) ? arrivedSince(runtime, loaded) : Promise.resolve(0),
    ]);
    const now = runtime.now().getTime();
    const gone = ids.flatMap((id, i) => {
      const state = states[i];
      if (state?.status === "pending") return [];
      // This person's decision still in its window was made on this page (it shows its Undo).
      const undoUntil = state?.decision?.undoUntil;
      const mine = state?.decision?.by === c.get("actor");
      if (mine && undoUntil && Date.parse(undoUntil) > now) return [];
      const text = state?.decision
        ? `${state.status === "approved" ? "Approved" : "Rejected"} by ${state.decision.by} elsewhere`
        : "No longer in the queue";
      return [goneHtml(id, text, true)];
    });
    const arrivals =
      arrived > 0
        ? html`<p id="arrivals" class="arrivals" hx-swap-oob="true">${arrived} new card${arrived === 1 ? "" : "s"} since this page loaded. <a href="">Show them</a></p>`
        : "";
    return c.html(
      `${await countsHtml(listing, runtime.now().getTime(), true)}${(await Promise.all(gone)).join("")}${await arrivals}`,
    );
  });
  return app;
}
