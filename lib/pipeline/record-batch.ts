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
  outcome: Omit<TBatchOutcome, "status" | "ms"> & { startedAt: number; status?: "PASS" | "FAIL" },
  options: { last?: boolean } = {},
): Promise<void> {
  const { startedAt, status = "PASS", ...counts } = outcome;
  await deps.repos.runs.recordStage(batch.runId, stage, batch.batch.index, {
    ...counts,
    status,
    ms: Math.max(0, Date.now() - startedAt),
  });
  if (options.last || status === "FAIL") {
    await deps.repos.runs.settleBatch(batch.runId, batch.batch.index, status === "FAIL");
  }
}
