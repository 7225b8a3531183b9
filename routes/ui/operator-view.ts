// The /operator page for a signed-in operator, rendered on the server: the emergency stop switch
// with its reason, the deliverability guard (cleared here with a reason), shadow/dry-run state,
// the ramp and today's caps, the outbound motion's buttons (dry run, or live batches), the
// batches waiting for approval with their snapshot (leads, channels, the first lines of each
// step) and their expiry, recent batches, our provider campaigns, and the shadow queue.
import { html } from "hono/html";
import type { TBatchSnapshot, TBatchState } from "../../lib/dispatch/batch-types.ts";
import type { operatorStatus } from "../../lib/dispatch/status.ts";
import type { TCampaignRecord } from "../../lib/store/campaign-repo.ts";
import type { TShadowEntry } from "../../lib/store/shadow-repo.ts";
import { layout, masthead } from "./layout.ts";
import { OPERATOR_SCRIPT, OPERATOR_STYLE } from "./operator-assets.ts";

export type OperatorBoot = {
  actor: string;
  status: Awaited<ReturnType<typeof operatorStatus>>;
  pending: { snapshot: TBatchSnapshot; hash: string; state: TBatchState }[];
  recent: { snapshot: TBatchSnapshot; hash: string; state: TBatchState }[];
  campaigns: TCampaignRecord[];
  shadow: { entries: TShadowEntry[]; total: number };
};

/** The first lines of a step's text (two non-empty ones: a greeting says little), shortened. */
const firstLine = (text: string): string => {
  const line = text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 2)
    .join(" ");
  return line.length > 140 ? `${line.slice(0, 137)}…` : line;
};

function stopPanel(status: OperatorBoot["status"]) {
  const stop = status.emergencyStop;
  return html`<section class="panel ${stop.on ? "panel-danger" : ""}" id="emergency">
    <h2>Emergency stop: <span id="stop-state">${stop.on ? "ON" : "off"}</span></h2>
    ${
      stop.on
        ? html`<p>${stop.reason}${stop.by ? html` — ${stop.by}, ${stop.at?.slice(0, 16).replace("T", " ")} UTC` : ""}</p>
        <p class="muted">Sources: ${stop.sources.join(", ")}. Every send is held; campaigns we activated were paused.</p>`
        : html`<p class="muted">Switching it on holds every later send at once and pauses, at Instantly and HeyReach, every campaign this system activated.</p>`
    }
    ${
      stop.sources.includes("env") || stop.sources.includes("config")
        ? html`<p class="muted">Set by ${stop.sources.filter((s) => s !== "switch").join(" and ")}: only a change there lifts it.</p>`
        : ""
    }
    <form id="stop-form" data-on="${stop.on ? "false" : "true"}" class="form-row">
      <label class="field field-inline">Reason
        <input type="text" name="reason" required minlength="3" maxlength="500" placeholder="${stop.on ? "why sending may resume" : "why everything must stop"}">
      </label>
      <button type="submit" class="btn ${stop.on ? "btn-primary" : "btn-reject"}">${stop.on ? "Switch off" : "Switch ON"}</button>
    </form>
  </section>`;
}

function guardPanel(status: OperatorBoot["status"]) {
  const guard = status.deliverabilityGuard;
  if (!guard.engaged) {
    return html`<section class="panel" id="guard">
      <h2>Deliverability guard: clear</h2>
      <p class="muted">It engages by itself when a campaign's bounce or unsubscribe rate is a red flag, or a sending account's recent sends bounce over the limit: live dispatch is then held and the concerned campaigns paused until it is cleared here.${guard.cleared ? html` Last cleared by ${guard.cleared.by}, ${guard.cleared.at.slice(0, 16).replace("T", " ")} UTC: ${guard.cleared.reason}` : ""}</p>
    </section>`;
  }
  return html`<section class="panel panel-danger" id="guard">
    <h2>Deliverability guard: ENGAGED</h2>
    <p>Since ${guard.since?.slice(0, 16).replace("T", " ")} UTC. Live dispatch is held (the shadow queue is not: it reaches no provider), and the active Instantly campaigns it concerns are paused.</p>
    <ul>${guard.triggers.map((t) => html`<li>${t.detail}</li>`)}</ul>
    <form id="guard-form" class="form-row">
      <label class="field field-inline">Reason
        <input type="text" name="reason" required minlength="3" maxlength="500" placeholder="what was checked or fixed">
      </label>
      <button type="submit" class="btn btn-primary">Clear the guard</button>
    </form>
  </section>`;
}

function rampPanel(status: OperatorBoot["status"]) {
  const { ramp, caps } = status;
  const days = ramp.days
    .slice(0, 7)
    .map(
      (d) =>
        html`<tr><td>${d.day}</td><td>${d.clean ? "clean" : "not clean"}</td><td>${d.effect}</td><td>${d.streakAfter}</td><td>${d.reasons.join("; ")}</td></tr>`,
    );
  return html`<section class="panel" id="ramp">
    <h2>Ramp and caps · ${status.day} (${status.timezone})</h2>
    <p>${
      ramp.active
        ? html`Ramping: <strong>${ramp.streak}/${ramp.required}</strong> clean days; ${ramp.dailyLimit}/day, ${ramp.tiers.join(", ")} only.`
        : ramp.graduatedAt
          ? html`Graduated ${ramp.graduatedAt.slice(0, 10)}: ${ramp.dailyLimit}/day, every tier.`
          : html`Ramp off.`
    }</p>
    <p>Email <strong>${caps.email.used}/${caps.email.limit}</strong> today · LinkedIn <strong>${caps.linkedin.used}/${caps.linkedin.limit}</strong> today ·
      ${status.shadowMode ? html`<span class="badge badge-sandbox">shadow mode</span>` : html`<span class="badge badge-fail">live sending</span>`}
      ${status.dryRunDefault ? html`<span class="badge badge-none">dry run by default</span>` : ""}</p>
    <details><summary>Sending accounts today</summary><ul>${caps.accounts.map((a) => html`<li>${a.account}: ${a.used}/${a.limit}</li>`)}</ul></details>
    ${
      days.length > 0
        ? html`<div class="table-wrap"><table><thead><tr><th>Day</th><th>Judged</th><th>Streak</th><th>After</th><th>Why</th></tr></thead><tbody>${days}</tbody></table></div>`
        : html`<p class="muted">No day judged yet (each day is judged after the send window closes).</p>`
    }
  </section>`;
}

function batchCard(batch: OperatorBoot["pending"][number], actionable: boolean, stopped = false) {
  const { snapshot, hash, state } = batch;
  const leads = snapshot.leads.map(
    (lead) => html`<li>
      <strong>${lead.firstName} ${lead.lastName}</strong> · ${lead.company ?? "no company"} · ${lead.tier}
      → ${snapshot.channel === "email" ? lead.email : lead.linkedinUrl}${lead.account ? html` <span class="muted">via ${lead.account}</span>` : ""}
      <ol class="steps">${lead.steps.map((step) => html`<li><span class="muted">day ${step.day}</span> ${step.subject ? html`<em>${step.subject}</em> — ` : ""}${firstLine(step.body)}</li>`)}</ol>
    </li>`,
  );
  return html`<article class="batch" data-batch-id="${snapshot.id}">
    <header class="batch-head">
      <h3>${snapshot.channel === "email" ? "Email" : "LinkedIn"} batch <code>${snapshot.id}</code></h3>
      <span class="badge ${state.status === "pending_approval" ? "badge-stale" : state.status === "sent" ? "badge-pass" : "badge-none"}">${state.status.replace("_", " ")}</span>
    </header>
    <p class="muted">${snapshot.leads.length} lead(s) · created ${snapshot.createdAt.slice(0, 16).replace("T", " ")} UTC by ${snapshot.createdBy}
      ${actionable ? html` · expires ${snapshot.expiresAt.slice(0, 16).replace("T", " ")} UTC unless approved` : html` · ${state.reason ?? (state.mode ? `${state.mode}${state.campaignId ? `, campaign ${state.campaignId}` : ""}` : "")}`}
      · snapshot <code title="${hash}">${hash.slice(0, 12)}</code></p>
    ${
      actionable
        ? html`<div class="card-actions"><button class="btn btn-primary" data-op="approve-batch" data-batch="${snapshot.id}" data-hash="${hash}" ${stopped ? "disabled" : ""}>Approve and send</button>
        <span class="muted">${stopped ? "The emergency stop holds: nothing can be sent." : "or let it expire: its leads go back to the approved pool."}</span></div>`
        : ""
    }
    <details ${actionable ? "open" : ""}><summary>Leads and steps</summary><ul class="batch-leads">${leads}</ul></details>
  </article>`;
}

function shadowPanel(shadow: OperatorBoot["shadow"]) {
  const rows = shadow.entries.map(
    (
      e,
    ) => html`<li><code>${e.provider}</code> ${e.request.method} <code>${e.request.path}</code> · ${e.leadIds.length} lead(s) · batch <code>${e.batchId}</code> · ${e.at.slice(0, 16).replace("T", " ")} UTC
      <details><summary>Request body</summary><pre>${JSON.stringify(e.request.body, null, 2)}</pre></details></li>`,
  );
  return html`<section class="panel" id="shadow">
    <h2>Shadow queue (${shadow.total})</h2>
    ${rows.length > 0 ? html`<ul class="shadow-list">${rows}</ul>` : html`<p class="muted">Empty: in shadow mode, approved batches write here the exact requests they would make.</p>`}
  </section>`;
}

export function operatorView(boot: OperatorBoot) {
  const { status } = boot;
  return layout(
    `Operator · Alpha Swarm`,
    html`${masthead(
      "Operator",
      html`<span><strong>${status.approvedWaiting}</strong> approved waiting</span>
        <span><strong id="pending-batches">${boot.pending.length}</strong> batch(es) to approve</span>
        <a href="/sales">Approvals</a>`,
      boot.actor,
    )}
    <main class="operator">
      ${stopPanel(status)}
      ${guardPanel(status)}
      <section class="panel" id="dispatch">
        <h2>Outbound motion</h2>
        <p class="muted">A dry run shows who would go on each channel and who is held back by which layer; nothing is sent, reserved or counted. Live creates batches that still wait for approval here.</p>
        <div class="card-actions">
          <button class="btn" data-op="dry-run">Dry run</button>
          <button class="btn btn-warn" data-op="live" ${status.emergencyStop.on ? "disabled" : ""}>Create batches (live)</button>
        </div>
        <div id="dispatch-result" class="dispatch-result" hidden></div>
      </section>
      <section class="panel" id="batches">
        <h2>Batches waiting for approval (${boot.pending.length})</h2>
        ${boot.pending.length > 0 ? boot.pending.map((b) => batchCard(b, true, status.emergencyStop.on)) : html`<p class="muted">None.</p>`}
      </section>
      ${rampPanel(status)}
      <section class="panel" id="recent">
        <h2>Recent batches</h2>
        ${boot.recent.length > 0 ? boot.recent.map((b) => batchCard(b, false)) : html`<p class="muted">None yet.</p>`}
      </section>
      <section class="panel" id="campaigns">
        <h2>Provider campaigns</h2>
        ${
          boot.campaigns.length > 0
            ? html`<ul>${boot.campaigns.map((c) => html`<li><code>${c.provider}</code> ${c.name} · <strong>${c.status}</strong>${c.sandbox ? " (sandbox)" : ""}${c.pausedReason ? html` · ${c.pausedReason}` : ""}</li>`)}</ul>`
            : html`<p class="muted">None: Instantly campaigns appear once a live batch is sent (as drafts; activate them via POST /api/operator/campaigns/:id/activate).</p>`
        }
      </section>
      ${shadowPanel(boot.shadow)}
    </main>`,
    { script: OPERATOR_SCRIPT, style: OPERATOR_STYLE },
  );
}
