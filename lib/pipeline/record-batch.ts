// Records a stage's outcome for one batch in the run's scorecard, and settles the batch when it has
// passed its last stage. Durations are real elapsed time of the batch in the stage (on a real clock
// that includes enrich's BetterContact waits; on a virtual clock those waits cost nothing).
import type { TPipelineStage } from "../leads/lead-record.ts";
import type { TBatchOutcome } from "../store/run-repo.ts";
import type { TStageBatch } from "./batches.ts";
import type { StageDeps } from "./stage-deps.ts";

export async function recordBatch(
  deps: Pick<StageDeps, "repos">,
  batch: Pick<TStageBatch, "runId" | "batch">,
  stage: TPipelineStage,
  outcome: Omit<TBatchOutcome, "status" | "ms" | "drops"> & {
    startedAt: number;
    status?: "PASS" | "FAIL";
    /** The reasons of the leads the stage let go (one per lead). */
    dropped?: readonly string[];
  },
  options: { last?: boolean } = {},
): Promise<void> {
  const { startedAt, status = "PASS", dropped = [], ...counts } = outcome;
  await deps.repos.runs.recordStage(batch.runId, stage, batch.batch.index, {
    ...counts,
    drops: countReasons(dropped),
    status,
    ms: Math.max(0, Date.now() - startedAt),
  });
  if (options.last || status === "FAIL") {
    await deps.repos.runs.settleBatch(batch.runId, batch.batch.index, status === "FAIL");
  }
}

/** Reasons as counts, ids and numbers folded so that like reasons count together. */
export function countReasons(reasons: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) {
    const key = reason
      .replace(/\b(lead|card|run)_[0-9a-z_]+/g, "<$1>")
      .replace(/(?<![A-Za-z_])\d+(\.\d+)?/g, "N")
      .slice(0, 120);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
