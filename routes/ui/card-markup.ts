// The markup of one approval card, shared by the server's first render and the browser's
// re-renders. Browser code (see browser-script.ts): self-contained exported function declarations
// that use only each other and globals, never a value import. Every piece of data is escaped.
import type { CardView } from "../../lib/approval/card-view.ts";

export type RejectionTag = { tag: string; label: string };

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** "no_unfilled_variables" → "No unfilled variables"; "cta" → "Call to action". */
/** The header note on cards waiting beyond the page (server render and browser refresh). */
export function moreWaitingText(hidden: number, pageSize: number): string {
  return `${hidden} more waiting: the oldest ${pageSize} are shown`;
}

export function labelOf(id: string): string {
  if (id === "cta") return "Call to action";
  const words = id.replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function tierLabel(tier: CardView["tier"]): string {
  return tier === null ? "No tier" : `Tier ${tier.replace("tier_", "")}`;
}

/** How long a card has waited: "just now", "12 min", "5 h", "3 d". */
export function ageLabel(minutes: number): string {
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / (24 * 60))} d`;
}

/** The URL if it is http(s), else null (no javascript: links from provider data). */
export function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url) ? url : null;
}

/** The reject form's options: a prompt, then one per tag; a "loading" option until tags arrive. */
export function tagOptionsHtml(tags: readonly RejectionTag[] | null): string {
  if (tags === null) return '<option value="">Loading reasons…</option>';
  const options = tags.map(
    (t) => `<option value="${escapeHtml(t.tag)}">${escapeHtml(t.label)}</option>`,
  );
  return `<option value="">Rejection reason…</option>${options.join("")}`;
}

export function leadHtml(card: CardView): string {
  const lead = card.lead;
  const role = [lead.title, lead.company].filter((part) => part !== null && part !== "");
  const verification = lead.verification;
  const risky =
    verification?.risky === true
      ? ` <span class="badge badge-risky" title="Email verification: ${escapeHtml(verification.status)}">risky · ${escapeHtml(verification.status.replaceAll("_", "-"))}</span>`
      : "";
  const linkedin = safeUrl(lead.linkedinUrl);
  const linkedinLink =
    linkedin === null
      ? ""
      : ` <a class="lead-link" href="${escapeHtml(linkedin)}" target="_blank" rel="noopener noreferrer">LinkedIn</a>`;
  return `<div class="lead">
  <h2 class="lead-name">${escapeHtml(lead.name)}</h2>
  <p class="lead-role">${role.length > 0 ? role.map((p) => escapeHtml(p ?? "")).join(" · ") : "Role unknown"}</p>
  <p class="lead-contact"><span class="lead-email">${escapeHtml(lead.email ?? "no email")}</span>${risky}${linkedinLink}</p>
</div>`;
}

export function metaHtml(card: CardView): string {
  const tierClass = card.tier ?? "none";
  const flags = [
    card.mode === "sandbox"
      ? '<span class="badge badge-sandbox" title="Made by a sandbox run: the lead and its data are generated">sandbox</span>'
      : "",
    card.stale ? '<span class="badge badge-stale">stale</span>' : "",
    card.edited ? '<span class="badge badge-edited">edited</span>' : "",
  ].join("");
  return `<div class="card-meta">
  <div class="score-line"><span class="badge badge-tier badge-${escapeHtml(tierClass)}">${escapeHtml(tierLabel(card.tier))}</span><span class="score" title="ICP score">${card.score}<span class="score-max">/100</span></span></div>
  <p class="card-age">${escapeHtml(card.campaign)} · waiting ${escapeHtml(ageLabel(card.ageMinutes))}${flags}</p>
</div>`;
}

/** Rows for the body's textarea: its lines, wrapped at about 60 characters, within 6–30. */
export function textareaRows(body: string): number {
  const rows = body
    .split("\n")
    .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 60)), 0);
  return Math.min(30, Math.max(6, rows + 1));
}

export function messageHtml(card: CardView): string {
  const message = card.message;
  const channel = message.channel === "email" ? "Email" : "LinkedIn message";
  const subjectView =
    message.subject === null ? "" : `<p class="message-subject">${escapeHtml(message.subject)}</p>`;
  const subjectField =
    message.subject === null
      ? ""
      : `<label class="field">Subject<input name="subject" required value="${escapeHtml(message.subject)}"></label>`;
  // The newline after <textarea> is dropped by the HTML parser, so a body's own first one survives.
  return `<section class="message" aria-label="Message">
  <h3 class="section-title">${channel} · step ${message.step}</h3>
  <div class="message-view">${subjectView}<div class="message-text">${escapeHtml(message.body)}</div></div>
  <form class="edit-form" hidden>
    ${subjectField}
    <label class="field">Body<textarea name="body" rows="${textareaRows(message.body)}" required>
${escapeHtml(message.body)}</textarea></label>
    <div class="form-row"><button type="submit" class="btn btn-primary">Save changes</button><button type="button" class="btn" data-action="cancel-edit">Cancel</button></div>
  </form>
</section>`;
}

export function whyHtml(card: CardView): string {
  const factors = card.whyThisScore.map(
    (f) =>
      `<li class="factor"><span class="factor-points">+${f.points}</span><span class="factor-name">${escapeHtml(labelOf(f.factor))}</span><span class="factor-reason">${escapeHtml(f.reason)}</span></li>`,
  );
  return `<section class="why" aria-label="Why this score">
  <h3 class="section-title">Why this score</h3>
  <ul class="factors">${factors.join("")}</ul>
</section>`;
}

export function complianceHtml(card: CardView): string {
  const compliance = card.compliance;
  const checks = compliance.checks.map((check) => {
    const state = check.passed ? "pass" : "fail";
    const mark = check.passed ? "✓" : "✗";
    return `<li class="check check-${state}" data-check="${escapeHtml(check.id)}"><span class="check-mark" aria-label="${check.passed ? "passed" : "failed"}">${mark}</span><span class="check-name">${escapeHtml(labelOf(check.id))}</span><span class="check-detail">${escapeHtml(check.detail)}</span></li>`;
  });
  const summary = compliance.passed
    ? '<span class="badge badge-pass">✓ passed</span>'
    : '<span class="badge badge-fail">✗ failed</span>';
  return `<section class="compliance" aria-label="Compliance">
  <h3 class="section-title">Compliance ${summary}</h3>
  <ul class="checks">${checks.join("")}</ul>
</section>`;
}

/**
 * True when the card fails a legal line (unsubscribe, postal address): no override passes it.
 * The browser gets this function's text alone, so it names the ids of LEGAL_CHECK_IDS
 * (lib/compliance/check-ids.ts) itself; card-markup.test.ts holds the two to the same ids.
 */
export function failsLegalLine(card: CardView): boolean {
  return card.compliance.checks.some(
    (c) =>
      !c.passed &&
      (c.id === "unsubscribe_line" || c.id === "postal_address" || c.id === "no_example_values"),
  );
}

export function actionsHtml(card: CardView, tags: readonly RejectionTag[] | null): string {
  const failing = !card.compliance.passed;
  const legal = failsLegalLine(card);
  return `<footer class="card-actions">
  <div class="action-group">
    <button type="button" class="btn btn-approve" data-action="approve"${legal ? " disabled" : ""}>${legal ? "Approve (add the legal lines first)" : failing ? "Approve with override…" : "Approve"}</button>
    <button type="button" class="btn" data-action="edit">Edit</button>
  </div>
  <form class="override-form" hidden>
    <label class="field field-inline">Override reason<input name="reason" required minlength="20" autocomplete="off" placeholder="Why send it despite the failed checks? (a sentence)"></label>
    <button type="submit" class="btn btn-warn">Approve anyway</button>
    <button type="button" class="btn" data-action="cancel-override">Cancel</button>
  </form>
  <form class="reject-form">
    <select name="rejection_tag" required aria-label="Rejection reason"${tags === null ? " disabled" : ""}>${tagOptionsHtml(tags)}</select>
    <input name="note" autocomplete="off" placeholder="Note (optional)" aria-label="Rejection note">
    <button type="submit" class="btn btn-reject">Reject</button>
  </form>
</footer>`;
}

/** One card: who, tier and score, the message, why this score, compliance, and the actions. */
export function cardHtml(card: CardView, tags: readonly RejectionTag[] | null): string {
  const classes = [
    "card",
    card.compliance.passed ? "" : "card-failing",
    card.stale ? "card-stale" : "",
  ]
    .filter((name) => name !== "")
    .join(" ");
  const failed = card.compliance.checks.filter((c) => !c.passed).length;
  const banner = card.compliance.passed
    ? ""
    : failsLegalLine(card)
      ? `<p class="compliance-banner">✗ Fails compliance (${failed} ${failed === 1 ? "check" : "checks"}): the unsubscribe line and the postal address can never be overridden — edit the message to include them.</p>`
      : `<p class="compliance-banner">✗ Fails compliance (${failed} ${failed === 1 ? "check" : "checks"}): approving it needs an override reason.</p>`;
  return `<article class="${classes}" id="card-${escapeHtml(card.id)}" data-card-id="${escapeHtml(card.id)}">
<header class="card-head">${leadHtml(card)}${metaHtml(card)}</header>
${banner}
<div class="card-body">${messageHtml(card)}<aside class="card-facts">${whyHtml(card)}${complianceHtml(card)}</aside></div>
${actionsHtml(card, tags)}
</article>`;
}
