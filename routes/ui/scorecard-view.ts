// The /scorecard page, rendered on the server without a script: the streak of clean runs, a chart
// of the recent runs over time (leads found beside cards crafted, a failed run marked) drawn as
// SVG, and each run's stages with counts, time and why leads were let go.
import { html } from "hono/html";
import type { scorecardSummary } from "../../lib/pipeline/scorecard-summary.ts";
import { layout, masthead } from "./layout.ts";
import { asset } from "./sales-assets.ts";

const SCORECARD_CSS = `
.scorecard { max-width: 1100px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
.panel { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1rem 1.1rem; display: grid; gap: .6rem; min-width: 0; }
.panel h2 { font-size: 1.1rem; } .panel h3 { font-size: 1rem; margin: 0; }
.muted { color: var(--muted); font-size: .92rem; }
.chart { width: 100%; height: auto; }
.legend { display: flex; gap: 1rem; font-size: .85rem; color: var(--muted); flex-wrap: wrap; }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .3rem; }
.key-found { background: #9db4ea; } .key-crafted { background: #2451c7; } .key-failed { background: #c62828; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .3rem .4rem; vertical-align: top; }
.pass { color: var(--green); font-weight: 600; } .fail { color: var(--red); font-weight: 600; } .pending { color: var(--amber); }
.drops { margin: .2rem 0 0; padding-left: 1rem; font-size: .85rem; color: var(--muted); }
@media (max-width: 600px) { .scorecard { padding: .6rem; } .panel { padding: .8rem; } .hide-narrow { display: none; } }
`;

export const SCORECARD_STYLE = asset(
  "/scorecard/assets/scorecard.css",
  "text/css; charset=utf-8",
  SCORECARD_CSS,
);

type TSummary = Awaited<ReturnType<typeof scorecardSummary>>;
type TRun = TSummary["runs"][number];

const countOf = (run: TRun, stage: string, side: "countIn" | "countOut") =>
  run.stages.find((s) => s.stage === stage)?.[side] ?? 0;

/** Runs oldest first as bars: leads found (light), cards crafted (dark), a failed run in red. */
function runsChart(runs: readonly TRun[]) {
  const shown = [...runs].reverse();
  const width = 720;
  const height = 220;
  const pad = { left: 36, bottom: 28, top: 10 };
  const max = Math.max(1, ...shown.map((r) => countOf(r, "scrape", "countOut")));
  const slot = (width - pad.left) / Math.max(1, shown.length);
  const bar = Math.max(4, Math.min(28, slot / 2.6));
  const y = (n: number) => height - pad.bottom - (n / max) * (height - pad.bottom - pad.top);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Leads found and cards crafted per run, oldest first">
    <line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width}" y2="${height - pad.bottom}" stroke="#dde1e6"/>
    <text x="4" y="${pad.top + 10}" font-size="11" fill="#626b76">${max}</text>
    <text x="4" y="${height - pad.bottom}" font-size="11" fill="#626b76">0</text>
    ${shown.map((run, i) => {
      const x = pad.left + i * slot + slot / 2;
      const found = countOf(run, "scrape", "countOut");
      const crafted = countOf(run, "craft", "countOut");
      const color =
        run.status === "failed" || run.stages.some((s) => s.status === "FAIL")
          ? "#c62828"
          : "#2451c7";
      return html`<g data-run="${run.id}">
        <title>${run.id} (${run.campaign}): ${found} found, ${crafted} crafted, ${run.status}</title>
        <rect x="${x - bar}" y="${y(found)}" width="${bar}" height="${y(0) - y(found)}" fill="#9db4ea"/>
        <rect x="${x}" y="${y(crafted)}" width="${bar}" height="${y(0) - y(crafted)}" fill="${color}"/>
        <text x="${x}" y="${height - 10}" font-size="10" text-anchor="middle" fill="#626b76">${run.startedAt.slice(5, 10)}</text>
      </g>`;
    })}
  </svg>`;
}

const stageCell = (stage: TRun["stages"][number]) => {
  const drops = Object.entries(stage.drops);
  return html`<td><span class="${stage.status.toLowerCase()}">${stage.status}</span> ${stage.countIn}→${stage.countOut}
    ${drops.length > 0 ? html`<ul class="drops">${drops.map(([reason, n]) => html`<li>${n}× ${reason}</li>`)}</ul>` : ""}
    ${stage.errors.length > 0 ? html`<ul class="drops">${stage.errors.slice(0, 3).map((e) => html`<li class="fail">${e}</li>`)}</ul>` : ""}</td>`;
};

export function scorecardView(options: { actor: string; summary: TSummary }) {
  const { summary } = options;
  return layout(
    "Scorecard · Alpha Swarm",
    html`${masthead(
      "Scorecard",
      html`<span><strong>${summary.cleanStreak}</strong> clean run(s) in a row</span>
        <a href="/leads">Leads</a>
        <a href="/operator">Operator</a>`,
      options.actor,
    )}
    <main class="scorecard">
      <section class="panel" id="chart">
        <h2>Runs over time</h2>
        ${
          summary.runs.length === 0
            ? html`<p class="muted">No run yet: <code>npm run pipeline -- --campaign default</code>.</p>`
            : html`${runsChart(summary.runs)}
        <p class="legend"><span><span class="key key-found"></span>leads found</span><span><span class="key key-crafted"></span>cards crafted</span><span><span class="key key-failed"></span>a run with a failed stage</span></p>`
        }
      </section>
      <section class="panel" id="runs">
        <h2>Recent runs</h2>
        <p class="muted">A clean run completed with every stage PASS and no error; ${summary.cleanStreak} in a row now.</p>
        <div class="table-wrap"><table>
          <thead><tr><th>Run</th><th>scrape</th><th>enrich</th><th>verify</th><th>segment</th><th>craft</th></tr></thead>
          <tbody>${summary.runs.map(
            (run) => html`<tr data-run="${run.id}">
              <td><strong>${run.campaign}</strong> <span class="${run.clean ? "pass" : run.status === "running" ? "pending" : "fail"}">${run.status}</span><br><span class="muted">${run.startedAt.slice(0, 16).replace("T", " ")} UTC · ${Math.round(run.totalMs / 100) / 10} s</span></td>
              ${run.stages.map(stageCell)}
            </tr>`,
          )}</tbody>
        </table></div>
      </section>
    </main>`,
    { script: false, style: SCORECARD_STYLE },
  );
}
