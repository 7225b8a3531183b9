// The /leads page, rendered on the server without a script: the funnel (leads per status, each a
// link that filters the list), the filters (status, tier, campaign; a plain GET form), the list a
// page at a time with a "next page" link carrying the cursor, and one lead's page — who they are,
// their score and why (every factor with its points and reason), status, suppression, cadence
// and the whole timeline.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { leadFunnel, listLeads, TLeadQuery } from "../../lib/signals/lead-list.ts";
import { isStopStatus } from "../../lib/signals/lead-status.ts";
import type { leadView } from "../../lib/signals/lead-view.ts";
import type { TCadenceRecord } from "../../lib/store/cadence-repo.ts";
import { layout, masthead } from "./layout.ts";
import { asset } from "./sales-assets.ts";

const LEADS_CSS = `
.leads { max-width: 1100px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
.panel { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1rem 1.1rem; display: grid; gap: .6rem; min-width: 0; }
.panel h2 { font-size: 1.1rem; }
.muted { color: var(--muted); font-size: .92rem; }
.funnel { display: grid; gap: .25rem; margin: 0; padding: 0; list-style: none; }
.funnel a { display: grid; grid-template-columns: 9.5rem 1fr 3.5rem; gap: .5rem; align-items: center; color: var(--text); text-decoration: none; font-size: .9rem; padding: .1rem .2rem; border-radius: 6px; }
.funnel a:hover, .funnel a[aria-current] { background: var(--bg); }
.funnel progress { width: 100%; height: .8rem; accent-color: var(--accent); }
.count { text-align: right; font-variant-numeric: tabular-nums; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; }
.filters label { display: grid; gap: .2rem; font-size: .85rem; color: var(--muted); }
.filters select, .filters input { font: inherit; padding: .35rem .4rem; border: 1px solid var(--line); border-radius: 6px; min-width: 9rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .35rem .4rem; vertical-align: top; }
.tag { display: inline-block; padding: .05rem .4rem; border-radius: 999px; background: var(--bg); border: 1px solid var(--line); font-size: .8rem; white-space: nowrap; }
.tag-stop { background: var(--red-bg); border-color: var(--red); }
.factors, .timeline { margin: 0; padding-left: 1.1rem; display: grid; gap: .3rem; }
.timeline li { overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem .8rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 600px) {
  .leads { padding: .6rem; } .panel { padding: .8rem; }
  .funnel a { grid-template-columns: 7.5rem 1fr 2.8rem; }
  .hide-narrow { display: none; }
}
`;

export const LEADS_STYLE = asset("/leads/assets/leads.css", "text/css; charset=utf-8", LEADS_CSS);

type TFunnel = Awaited<ReturnType<typeof leadFunnel>>;
type TList = Awaited<ReturnType<typeof listLeads>>;
type TLeadPage = NonNullable<Awaited<ReturnType<typeof leadView>>>;

const label = (status: string) => status.replaceAll("_", " ");
const statusTag = (status: string | null) =>
  status
    ? html`<span class="tag ${isStopStatus(status) ? "tag-stop" : ""}">${label(status)}</span>`
    : html`<span class="muted">—</span>`;

/** The list's URL with these filters (and a cursor). */
function listUrl(query: Partial<TLeadQuery>, cursor?: string | null) {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.tier) params.set("tier", query.tier);
  if (query.campaign) params.set("campaign", query.campaign);
  if (cursor) params.set("cursor", cursor);
  const text = params.toString();
  return text ? `/leads?${text}` : "/leads";
}

function page(
  actor: string,
  title: string,
  funnel: TFunnel,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return layout(
    `${title} · Alpha Swarm`,
    html`${masthead(
      "Leads",
      html`<span><strong>${funnel.total}</strong> leads</span>
        <a href="/sales">Approvals</a>
        <a href="/operator">Operator</a>`,
      actor,
    )}
    <main class="leads">${body}</main>`,
    { script: false, style: LEADS_STYLE },
  );
}

function funnelPanel(funnel: TFunnel, query: TLeadQuery) {
  const max = Math.max(1, ...funnel.statuses.map((s) => s.count));
  return html`<section class="panel" id="funnel">
    <h2>Funnel</h2>
    <ul class="funnel">
      ${funnel.statuses.map(
        (
          s,
        ) => html`<li><a href="${listUrl({ ...query, status: s.status })}" data-status="${s.status}" ${query.status === s.status ? html`aria-current="true"` : ""}>
          <span>${label(s.status)}</span>
          <progress max="${max}" value="${s.count}">${s.count}</progress>
          <span class="count">${s.count}</span>
        </a></li>`,
      )}
    </ul>
  </section>`;
}

export function leadsListView(options: {
  actor: string;
  funnel: TFunnel;
  list: TList;
  query: TLeadQuery;
  campaigns: string[];
}) {
  const { funnel, list, query } = options;
  const option = (value: string, selected: string | null, text = label(value)) =>
    html`<option value="${value}" ${selected === value ? "selected" : ""}>${text}</option>`;
  return page(
    options.actor,
    "Leads",
    funnel,
    html`${funnelPanel(funnel, query)}
    <section class="panel" id="list">
      <h2>Leads</h2>
      <form class="filters" method="get" action="/leads">
        <label>Status<select name="status"><option value="">any</option>${funnel.statuses.map((s) => option(s.status, query.status))}</select></label>
        <label>Tier<select name="tier"><option value="">any</option>${["tier_1", "tier_2", "tier_3"].map((t) => option(t, query.tier))}</select></label>
        <label>Campaign<select name="campaign"><option value="">any</option>${options.campaigns.map((c) => option(c, query.campaign, c))}</select></label>
        <button type="submit" class="btn btn-primary">Filter</button>
        ${query.status || query.tier || query.campaign ? html`<a href="/leads">Clear</a>` : ""}
      </form>
      <p class="muted">${list.leads.length} shown${query.status ? html` of ${list.total} ${label(query.status)}` : html` of ${list.total}`}${query.tier || query.campaign ? " (before the tier and campaign filters)" : ""}.</p>
      <div class="table-wrap"><table>
        <thead><tr><th>Lead</th><th>Status</th><th>Tier</th><th class="hide-narrow">Score</th><th class="hide-narrow">Campaigns</th></tr></thead>
        <tbody>
          ${
            list.leads.length === 0
              ? html`<tr><td colspan="5" class="muted">No lead matches.</td></tr>`
              : list.leads.map(
                  (lead) => html`<tr data-lead="${lead.id}">
              <td><a href="/leads/${lead.id}">${lead.name || lead.id}</a><br><span class="muted">${[lead.title, lead.company].filter(Boolean).join(", ")}</span></td>
              <td>${statusTag(lead.status)}</td>
              <td>${lead.tier ? label(lead.tier) : "—"}</td>
              <td class="hide-narrow">${lead.score ?? "—"}</td>
              <td class="hide-narrow">${lead.campaigns.join(", ")}</td>
            </tr>`,
                )
          }
        </tbody>
      </table></div>
      ${list.nextCursor ? html`<p><a id="next-page" href="${listUrl(query, list.nextCursor)}">Next page →</a></p>` : ""}
    </section>`,
  );
}

function cadencePanel(cadence: TCadenceRecord | null) {
  if (!cadence) return html`<p class="muted">Not enrolled in a cadence.</p>`;
  return html`<p>${cadence.cadence}: <strong>${cadence.status}</strong> since ${cadence.startedAt.slice(0, 10)}${cadence.stopped ? html` — stopped by ${cadence.stopped.by}: ${cadence.stopped.reason}` : ""}</p>
    <div class="table-wrap"><table>
      <thead><tr><th>Step</th><th>Day</th><th>Channel</th><th>Status</th><th class="hide-narrow">Due (UTC)</th></tr></thead>
      <tbody>${cadence.steps.map(
        (s) =>
          html`<tr><td>${s.step}</td><td>${s.day}</td><td>${s.channel}</td><td>${label(s.status)}${s.detail ? html`<br><span class="muted">${s.detail}</span>` : ""}</td><td class="hide-narrow">${s.dueAt.slice(0, 16).replace("T", " ")}</td></tr>`,
      )}</tbody>
    </table></div>`;
}

export function leadDetailView(options: {
  actor: string;
  funnel: TFunnel;
  lead: TLeadPage;
  status: string | null;
  cadence: TCadenceRecord | null;
}) {
  const { lead } = options;
  const score = lead.score;
  return page(
    options.actor,
    lead.name || lead.id,
    options.funnel,
    html`<p><a href="/leads">← All leads</a></p>
    <section class="panel" id="lead">
      <h2>${lead.name || lead.id} ${statusTag(options.status)}</h2>
      <dl class="facts">
        <dt>Title</dt><dd>${lead.title ?? "—"}</dd>
        <dt>Company</dt><dd>${lead.company ?? "—"}</dd>
        <dt>Email</dt><dd>${lead.email ?? "—"}${lead.verification ? html` <span class="tag">${lead.verification.status}</span>` : ""}</dd>
        <dt>LinkedIn</dt><dd>${lead.linkedinUrl ?? "—"}</dd>
        <dt>Campaigns</dt><dd>${lead.campaigns.join(", ")}</dd>
        <dt>Suppressed</dt><dd>${lead.suppression ? `${lead.suppression.reason} (${lead.suppression.at.slice(0, 10)})` : "no"}</dd>
        <dt>Channels</dt><dd>${
          (["email", "linkedin"] as const)
            .map((channel) => {
              const entry = lead.channels[channel];
              return entry ? `${channel}: ${entry.mode} since ${entry.at.slice(0, 10)}` : null;
            })
            .filter(Boolean)
            .join("; ") || "not dispatched"
        }</dd>
      </dl>
    </section>
    <section class="panel" id="score">
      <h2>Why this score${score ? html`: ${score.score}/100, ${score.tier ? label(score.tier) : "no tier"}` : ""}</h2>
      ${
        score
          ? html`<ul class="factors">${score.factors.map(
              (f) => html`<li><strong>${label(f.factor)}</strong> +${f.points}: ${f.reason}</li>`,
            )}${score.disqualifiers.map((d) => html`<li><strong>disqualified</strong>: ${d}</li>`)}</ul>`
          : html`<p class="muted">Not scored yet.</p>`
      }
    </section>
    <section class="panel" id="cadence">
      <h2>Cadence</h2>
      ${cadencePanel(options.cadence)}
    </section>
    <section class="panel" id="timeline">
      <h2>Timeline</h2>
      ${
        lead.timeline.length === 0
          ? html`<p class="muted">Nothing yet.</p>`
          : html`<ol class="timeline">${lead.timeline.map(
              (t) =>
                html`<li><span class="muted">${t.at.slice(0, 16).replace("T", " ")} UTC</span> <strong>${t.type}</strong>${t.channel ? html` <span class="tag">${t.channel}</span>` : ""} — ${t.detail}</li>`,
            )}</ol>`
      }
    </section>`,
  );
}
