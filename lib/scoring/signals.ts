// The signals factor: the share of the campaign's signals this lead shows. `uses_<tech>` is shown
// when the company uses that technology; any other signal when the lead's signals list it.
import type { TFactorDraft, TScoreContext } from "./score-types.ts";

const USES_PREFIX = "uses_";

export function signalsFactor(
  context: TScoreContext,
  companyTechKeys: ReadonlySet<string>,
  weight: number,
): TFactorDraft {
  const wanted = [...new Set(context.campaignSignals.map(normaliseSignal))].filter(Boolean);
  if (wanted.length === 0) return draft(0, "The campaign looks for no signals — 0 points");
  const leadSignals = new Set(context.leadSignals.map(normaliseSignal));
  const shown: string[] = [];
  const missing: string[] = [];
  for (const signal of wanted) {
    const usesTech =
      signal.startsWith(USES_PREFIX) && companyTechKeys.has(signal.slice(USES_PREFIX.length));
    (usesTech || leadSignals.has(signal) ? shown : missing).push(signal);
  }
  const of = `${shown.length} of ${wanted.length} campaign signals`;
  if (shown.length === 0)
    return draft(0, `Shows ${of} (missing: ${missing.join(", ")}) — 0 points`);
  const detail = missing.length > 0 ? `; missing: ${missing.join(", ")}` : "";
  return draft(
    (shown.length / wanted.length) * weight,
    `Shows ${of}: ${shown.join(", ")}${detail} — ${shown.length}/${wanted.length} × ${weight}`,
  );
}

function normaliseSignal(signal: string): string {
  return signal.trim().toLowerCase();
}

function draft(raw: number, reason: string): TFactorDraft {
  return { factor: "signals", raw, reason };
}
