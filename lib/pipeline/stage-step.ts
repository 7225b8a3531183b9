// The one step of a single-step pipeline stage (verify, segment, craft): it checks that the run
// still wants the batch (a batch event sent before a cancellation still arrives), does the work,
// and records the batch's outcome in the run's scorecard, all in one billed Inngest step.
import type { TPipelineStage } from "../leads/lead-record.ts";
import type { TStageBatch } from "./batches.ts";
import { recordBatch } from "./record-batch.ts";
import type { StageDeps } from "./stage-deps.ts";

/** What a stage's work reports for the scorecard. */
export type TStageWork = { countOut: number; errors?: string[]; droppedReasons?: string[] };

/** `cancelled` is true when the run no longer wants this stage to do anything. */
export async function isCancelled(deps: Pick<StageDeps, "repos">, runId: string): Promise<boolean> {
  return (await deps.repos.runs.get(runId))?.status === "cancelled";
}

/** What the work learns of its run: when it started (now, for a run with no record). */
export type TStageRun = { startedAt: string };

/** Runs `work` for the batch unless its run was cancelled, then records the outcome. */
export async function stageStep<T extends TStageWork>(
  deps: StageDeps,
  batch: TStageBatch,
  stage: TPipelineStage,
  work: (run: TStageRun) => Promise<T>,
  options: { last?: boolean } = {},
): Promise<({ cancelled: false } & T) | { cancelled: true }> {
  const startedAt = Date.now();
  const run = await deps.repos.runs.get(batch.runId);
  if (run?.status === "cancelled") return { cancelled: true };
  const outcome = await work({ startedAt: run?.startedAt ?? new Date(startedAt).toISOString() });
  await recordBatch(
    deps,
    batch,
    stage,
    {
      startedAt,
      countIn: batch.leadIds.length,
      countOut: outcome.countOut,
      errors: outcome.errors ?? [],
      dropped: outcome.droppedReasons ?? [],
    },
    options,
  );
  return { cancelled: false, ...outcome };
}
