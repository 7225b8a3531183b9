// The / page, rendered on the server without a script: system health at a glance — engine, store,
// each provider's circuit breaker, the emergency stop, the ramp, the deliverability guard, the
// approval queue and its SLA breaches, the last runs — then the KPIs of the last 14 days against
// their targets (a chart per rate), the red flags and the sending accounts' recent bounces.
import { html } from "hono/html";
import type { TConfig } from "../../lib/config/schemas.ts";
import type { operatorStatus } from "../../lib/dispatch/status.ts";
import { percent, RATE_LABELS, RATE_NAMES, type TRate } from "../../lib/kpis/kpi-rates.ts";
import type { TKpiReport } from "../../lib/kpis/kpi-report.ts";
import type { scorecardSummary } from "../../lib/pipeline/scorecard-summary.ts";
import type { TProviderHealth } from "../../lib/providers/provider-health.ts";
import { rateChart } from "./kpi-chart.ts";
import { layout, masthead } from "./layout.ts";
import { asset } from "./sales-assets.ts";

const OVERVIEW_CSS = `
.overview { max-width: 1200px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
.tiles { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
.tile { background: var(--surface); border: 1px solid var(--line); border-left: 5px solid var(--green); border-radius: var(--radius); box-shadow: var(--shadow); padding: .7rem .9rem; display: grid; gap: .25rem; align-content: start; min-width: 0; }
.tile h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0; }
.tile .big { font-size: 1.2rem; font-weight: 650; overflow-wrap: anywhere; }
.tile p { margin: 0; font-size: .88rem; color: var(--muted); overflow-wrap: anywhere; }
.tile a { font-size: .88rem; }
.tile-warn { border-left-color: #b26a00; } .tile-bad { border-left-color: var(--red); background: var(--red-bg); }
.panel { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1rem 1.1rem; display: grid; gap: .6rem; min-width: 0; }
.panel h2 { font-size: 1.1rem; margin: 0; }
.muted { color: var(--muted); font-size: .9rem; margin: 0; }
.charts { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
.chart-box { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .7rem; display: grid; gap: .2rem; min-width: 0; }
.chart-box h3 { font-size: .95rem; margin: 0; display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; }
.kpi-chart { width: 100%; height: auto; }
.status-on_target { color: var(--green); } .status-off_target { color: #8a5a00; } .status-red_flag { color: var(--red); font-weight: 700; } .status-no_data, .status-settling { color: var(--muted); }
.providers, .runs { display: flex; flex-wrap: wrap; gap: .3rem; }
.dot { display: inline-block; padding: .1rem .45rem; border-radius: 999px; font-size: .78rem; background: var(--green-bg); color: var(--green); }
.dot-open { background: var(--red-bg); color: var(--red); } .dot-half_open { background: var(--amber-bg); color: var(--amber); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .4rem; vertical-align: top; }
.legend { display: flex; gap: .9rem; flex-wrap: wrap; font-size: .82rem; color: var(--muted); margin: 0; }
.swatch { display: inline-block; width: .8rem; height: .6rem; border-radius: 2px; margin-right: .25rem; vertical-align: 0; }
.sw-on { background: #1b7f3b; } .sw-off { background: #b26a00; } .sw-red { background: #c62828; } .sw-settling { background: #8fa3bf; }
@media (max-width: 600px) { .overview { padding: .6rem; gap: .7rem; } .panel { padding: .8rem; } .tiles { grid-template-columns: 1fr 1fr; gap: .5rem; } .tile { padding: .55rem .6rem; } .tile .big { font-size: 1.02rem; } .charts { grid-template-columns: 1fr; } }
`;

export const OVERVIEW_STYLE = asset(
  "/assets/overview.css",
  "text/css; charset=utf-8",
  OVERVIEW_CSS,
);

export type OverviewData = {
  actor: string;
  engine: { mode: string; detail: string };
  store: { transport: string; durable: boolean; ms: number };
  status: Awaited<ReturnType<typeof operatorStatus>>;
  providers: TProviderHealth[];
  queue: { pending: number; awaitingFirstReview: number; awaitingDecision: number; stale: number };
  sla: { firstReviewMinutes: number; decisionMinutes: number };
  runs: Awaited<ReturnType<typeof scorecardSummary>>;
  kpis: TKpiReport;
  config: Pick<TConfig, "kpis">;
};

const STATUS_TEXT: Record<TRate["status"], string> = {
  on_target: "on target",
  off_target: "off target",
  red_flag: "RED FLAG",
  no_data: "no data yet",
  settling: "settling",
};

const when = (iso: string | null | undefined) =>
  iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "";

function tile(
  id: string,
  title: string,
  big: unknown,
  detail: unknown,
  tone: "ok" | "warn" | "bad" = "ok",
) {
  return html`<section class="tile ${tone === "ok" ? "" : `tile-${tone}`}" id="${id}" data-tone="${tone}">
    <h2>${title}</h2><div class="big">${big}</div><p>${detail}</p>
  </section>`;
}

function healthTiles(d: OverviewData) {
  const { status, queue } = d;
  const stop = status.emergencyStop;
  const guard = status.deliverabilityGuard;
  const open = d.providers.filter((p) => p.state !== "closed");
  const breaches = queue.awaitingFirstReview + queue.awaitingDecision;
  const last = d.runs.runs[0];
  return html`<div class="tiles" id="health">
    ${tile("engine", "Engine", d.engine.mode, d.engine.detail)}
    ${tile("store", "Store", d.store.transport, html`answered in ${d.store.ms} ms${d.store.durable ? "" : " · in memory only: not durable"}`, d.store.durable ? "ok" : "warn")}
    ${tile(
      "providers",
      "Providers",
      open.length === 0 ? "all circuits closed" : `${open.length} circuit(s) not closed`,
      html`<span class="providers">${d.providers.map((p) => html`<span class="dot dot-${p.state}" title="${p.lastError ?? "no error"}">${p.provider}${p.client === "sandbox" ? " (sandbox)" : ""}: ${p.state.replace("_", "-")}</span>`)}</span>`,
      open.some((p) => p.state === "open") ? "bad" : open.length > 0 ? "warn" : "ok",
    )}
    ${tile(
      "emergency",
      "Emergency stop",
      stop.on ? "ON" : "off",
      stop.on
        ? html`${stop.reason}${stop.by ? html` — ${stop.by}` : ""}`
        : html`<a href="/operator#emergency">Operator page</a>`,
      stop.on ? "bad" : "ok",
    )}
    ${tile(
      "guard",
      "Deliverability guard",
      guard.engaged ? "ENGAGED" : "clear",
      guard.engaged
        ? html`${guard.reason} · <a href="/operator#guard">clear it</a>`
        : guard.cleared
          ? html`last cleared by ${guard.cleared.by}, ${when(guard.cleared.at)}`
          : "never engaged",
      guard.engaged ? "bad" : "ok",
    )}
    ${tile(
      "ramp",
      "Ramp and sending",
      status.ramp.active
        ? `ramping ${status.ramp.streak}/${status.ramp.required}`
        : status.ramp.graduatedAt
          ? "graduated"
          : "ramp off",
      html`email ${status.caps.email.used}/${status.caps.email.limit} · LinkedIn ${status.caps.linkedin.used}/${status.caps.linkedin.limit} today · ${status.shadowMode ? "shadow mode" : "live sending"}`,
      status.shadowMode ? "warn" : "ok",
    )}
    ${tile(
      "queue",
      "Approval queue",
      `${queue.pending} pending`,
      html`${queue.awaitingFirstReview} unreviewed after ${d.sla.firstReviewMinutes} min · ${queue.awaitingDecision} undecided after ${d.sla.decisionMinutes} min · ${queue.stale} stale · <a href="/sales">review</a>`,
      breaches > 0 ? "warn" : "ok",
    )}
    ${tile(
      "last-run",
      "Last runs",
      last ? `${last.campaign}: ${last.status}` : "none yet",
      last
        ? html`<span class="runs">${d.runs.runs.map((r) => html`<span class="dot ${r.clean || r.status === "running" ? "" : "dot-open"}" title="${r.id}">${r.startedAt.slice(5, 16).replace("T", " ")} ${r.campaign}: ${r.status}</span>`)}</span> ${d.runs.cleanStreak} clean in a row · <a href="/scorecard">scorecard</a>`
        : html`<code>npm run pipeline -- --campaign default</code>`,
      last && !last.clean && last.status !== "running" ? "warn" : "ok",
    )}
  </div>`;
}

function kpiPanel(d: OverviewData) {
  const { kpis } = d;
  return html`<section class="panel" id="kpis">
    <h2>KPIs · ${kpis.from} to ${kpis.to} (${kpis.timezone})</h2>
    <p class="legend"><span><span class="swatch sw-on"></span>on target</span><span><span class="swatch sw-off"></span>off target</span><span><span class="swatch sw-red"></span>red flag</span><span><span class="swatch sw-settling"></span>too recent to judge</span><span>dashed: target (green), red flag (red)</span></p>
    <div class="charts">${RATE_NAMES.map((name) => {
      const total = kpis.total.rates[name];
      return html`<div class="chart-box" data-kpi="${name}">
        <h3><span>${RATE_LABELS[name]}</span><span class="status-${total.status}">${total.value === null ? "—" : percent(total.value)} · ${STATUS_TEXT[total.status]}</span></h3>
        ${rateChart(
          name,
          RATE_LABELS[name],
          kpis.days.map((day) => ({ day: day.day, rate: day.rates[name] })),
          d.config.kpis,
        )}
        <p class="muted">${total.numerator} of ${total.denominator}${name === "open_rate" || name === "reply_rate" ? ` (leads first reached by ${(name === "open_rate" ? kpis.settledThrough.open : kpis.settledThrough.reply).slice(5)})` : ""} · target ${total.target} · red flag ${total.redFlag}</p>
      </div>`;
    })}</div>
    ${
      kpis.flags.length > 0
        ? html`<h3>Red flags</h3><ul id="flags">${kpis.flags.map((f) => html`<li><strong>${f.kpi.replaceAll("_", " ")}</strong> (${f.scope}) since ${when(f.since)}: ${f.detail}</li>`)}</ul>`
        : html`<p class="muted" id="flags">No red flag raised.</p>`
    }
    ${
      kpis.accounts.length > 0
        ? html`<div class="table-wrap"><table id="accounts"><thead><tr><th>Sending account</th><th>Last sends</th><th>Bounced</th><th>Rate (of ${kpis.accounts[0]?.of ?? 50})</th></tr></thead><tbody>${kpis.accounts.map(
            (a) =>
              html`<tr><td>${a.account}</td><td>${a.sends}</td><td>${a.bounced}</td><td class="${a.overLimit ? "status-red_flag" : ""}">${percent(a.rate)}${a.overLimit ? " · over the limit" : ""}</td></tr>`,
          )}</tbody></table></div>`
        : ""
    }
  </section>`;
}

export function overviewView(d: OverviewData) {
  return layout(
    "Overview · Alpha Swarm",
    html`${masthead(
      "Overview",
      html`<a href="/sales">Approvals</a><a href="/leads">Leads</a><a href="/scorecard">Scorecard</a><a href="/operator">Operator</a>`,
      d.actor,
    )}
    <main class="overview">
      ${healthTiles(d)}
      ${kpiPanel(d)}
    </main>`,
    { script: false, style: OVERVIEW_STYLE },
  );
}
