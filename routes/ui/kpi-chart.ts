// One KPI rate per day as an SVG bar chart drawn on the server: a bar per day coloured by how it
// stands (on target, off target, red flag; a day with nothing counted has no bar), the target as
// a dashed green line and the red flag as a dashed red one, with the days and the scale labelled.
import { html } from "hono/html";
import type { TConfig } from "../../lib/config/schemas.ts";
import { percent, type TRate, type TRateName } from "../../lib/kpis/kpi-rates.ts";

const COLOR: Record<TRate["status"], string> = {
  on_target: "#1b7f3b",
  off_target: "#b26a00",
  red_flag: "#c62828",
  no_data: "#c3c9d0",
  settling: "#8fa3bf",
};

/** The target and red-flag lines of a rate, as shares. */
function lines(name: TRateName, kpis: TConfig["kpis"]): { target: number; red: number | null } {
  if (name === "reply_rate") return { target: kpis.reply_rate.target, red: null };
  if (name === "bounce_rate" || name === "unsubscribe_rate") {
    return { target: kpis[name].target_below, red: kpis[name].red_flag_above };
  }
  return { target: kpis[name].target, red: kpis[name].red_flag_below };
}

export function rateChart(
  name: TRateName,
  label: string,
  days: readonly { day: string; rate: TRate }[],
  kpis: TConfig["kpis"],
) {
  const width = 320;
  const height = 150;
  const pad = { left: 34, right: 6, top: 10, bottom: 22 };
  const { target, red } = lines(name, kpis);
  const highest = Math.max(target, red ?? 0, ...days.map((d) => d.rate.value ?? 0));
  // Small rates (bounces, unsubscribes, replies) get a scale that shows them; the others run to 100%.
  const max = name === "open_rate" || name === "icp_match_rate" ? 1 : Math.min(1, highest * 1.25);
  const plotH = height - pad.top - pad.bottom;
  const y = (share: number) => pad.top + plotH - (Math.min(share, max) / max) * plotH;
  const slot = (width - pad.left - pad.right) / Math.max(1, days.length);
  const bar = Math.max(3, slot * 0.62);
  const tick = (share: number, color: string, what: string) =>
    html`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(share)}" y2="${y(share)}" stroke="${color}" stroke-dasharray="4 3"><title>${what} ${percent(share)}</title></line>`;
  const first = days[0]?.day.slice(5) ?? "";
  const last = days.at(-1)?.day.slice(5) ?? "";
  return html`<svg class="kpi-chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label} per day with its target">
    <line x1="${pad.left}" y1="${y(0)}" x2="${width - pad.right}" y2="${y(0)}" stroke="#dde1e6"/>
    <text x="2" y="${pad.top + 8}" font-size="10" fill="#626b76">${percent(max)}</text>
    <text x="2" y="${y(0)}" font-size="10" fill="#626b76">0%</text>
    ${days.map((d, i) => {
      const x = pad.left + i * slot + (slot - bar) / 2;
      const value = d.rate.value;
      const what =
        value === null
          ? "nothing counted"
          : `${percent(value)} (${d.rate.numerator} of ${d.rate.denominator})`;
      return value === null
        ? html`<rect data-day="${d.day}" x="${x}" y="${y(0) - 2}" width="${bar}" height="2" fill="${COLOR.no_data}"><title>${d.day}: ${what}</title></rect>`
        : html`<rect data-day="${d.day}" data-status="${d.rate.status}" x="${x}" y="${y(value)}" width="${bar}" height="${Math.max(1, y(0) - y(value))}" fill="${COLOR[d.rate.status]}"><title>${d.day}: ${what}</title></rect>`;
    })}
    ${tick(target, "#1b7f3b", "target")}
    ${red !== null ? tick(red, "#c62828", "red flag") : ""}
    <text x="${pad.left}" y="${height - 6}" font-size="10" fill="#626b76">${first}</text>
    <text x="${width - pad.right}" y="${height - 6}" font-size="10" fill="#626b76" text-anchor="end">${last}</text>
  </svg>`;
}
