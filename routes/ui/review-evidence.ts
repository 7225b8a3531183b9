// The evidence behind a step's personal lines on the /sales page: each sentence that says
// something about the prospect, with the field, value, source and confidence it rests on; a fact
// the message does not state as fact (a guessed technology it asks about or speaks of in general,
// an event's season) is marked so.
import { html } from "hono/html";
import type { TStepView } from "../../lib/approval/sequence-checks.ts";
import type { TEvidence } from "../../lib/crafting/evidence.ts";

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: "Title",
  "company.employees": "Head count",
  "company.industry": "Industry",
  "company.technologies": "Technology",
  city: "City",
  signals: "Campaign signal",
  crm: "CRM history",
};

function evidenceHtml(e: TEvidence) {
  const label = FIELD_LABELS[e.field] ?? e.field;
  const confidence = `${Math.round(e.confidence * 100)}%`;
  return html`<span class="evidence${e.stated ? "" : " evidence-asked"}">${label} “${e.value}” · ${e.source} · ${confidence}${e.stated ? "" : " · not stated as fact"}</span>`;
}

/** The step's claims with their evidence (nothing for a step that makes none). */
export function claimsBlock(step: TStepView) {
  const claims = step.claims ?? [];
  if (claims.length === 0) return "";
  const lines = claims.length === 1 ? "1 personal line" : `${claims.length} personal lines`;
  return html`<details class="claims">
    <summary>Evidence for ${lines}</summary>
    <ul>${claims.map(
      (claim) => html`<li><q>${claim.text}</q> ${claim.evidence.map((e) => evidenceHtml(e))}</li>`,
    )}</ul>
  </details>`;
}
