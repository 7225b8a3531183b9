// The first step of every pipeline stage: when it started, and whether its run was cancelled in
// the meantime (a batch event sent before the cancellation still arrives), so it stops at once.
import type { StageDeps } from "./stage-deps.ts";

/** `cancelled` is true when the run no longer wants this stage to do anything. */
export async function startStage(
  deps: Pick<StageDeps, "repos">,
  runId: string,
): Promise<{ startedAt: number; cancelled: boolean }> {
  const run = await deps.repos.runs.get(runId);
  return { startedAt: Date.now(), cancelled: run?.status === "cancelled" };
}
