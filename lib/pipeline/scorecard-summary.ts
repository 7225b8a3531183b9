// The pipeline's scorecard across runs: the most recent runs, newest first, each with its stages
// (PASS/FAIL, counts in and out, time, errors, and why leads were let go), and the streak of
// clean runs — completed, every stage PASS, no error — counted back from the newest finished run.

import type { TScorecard } from "../store/run-repo.ts";
import type { StageDeps } from "./stage-deps.ts";

export const isClean = (run: TScorecard): boolean =>
  run.status === "completed" &&
  run.stages.every((stage) => stage.status === "PASS" && stage.errors.length === 0);

export async function scorecardSummary(deps: Pick<StageDeps, "repos">, limit: number) {
  const ids = await deps.repos.runs.recentIds(limit);
  const cards = (await Promise.all(ids.map((id) => deps.repos.runs.scorecard(id)))).filter(
    (card): card is TScorecard => card !== null,
  );
  let streak = 0;
  for (const run of cards) {
    if (run.status === "running") continue;
    if (!isClean(run)) break;
    streak += 1;
  }
  return {
    runs: cards.map((run) => ({ ...run, clean: isClean(run) })),
    cleanStreak: streak,
  };
}
