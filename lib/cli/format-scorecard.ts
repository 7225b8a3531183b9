// Renders a run's scorecard as the CLI prints it: one line per stage (PASS/FAIL, counts, ms) and a
// total line.
import type { TScorecard } from "../store/run-repo.ts";

export function formatScorecard(card: TScorecard): string[] {
  const lines = card.stages.map((s) => {
    const counts = `in ${String(s.countIn).padStart(5)}  out ${String(s.countOut).padStart(5)}`;
    const batches = `${s.batches} batch${s.batches === 1 ? "" : "es"}`;
    return `  ${s.stage.padEnd(8)} ${s.status.padEnd(7)} ${counts}  ${String(s.ms).padStart(6)} ms  (${batches})`;
  });
  for (const s of card.stages) {
    for (const error of s.errors.slice(0, 5)) lines.push(`    ${s.stage} error: ${error}`);
    if (s.errors.length > 5) lines.push(`    … and ${s.errors.length - 5} more ${s.stage} errors`);
  }
  const stageMs = card.stages.reduce((sum, s) => sum + s.ms, 0);
  lines.push(`  total    ${card.status.toUpperCase()}, ${stageMs} ms in stages`);
  return lines;
}
