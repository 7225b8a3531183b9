// Cancelling a pipeline run: the run ends as cancelled (its campaign free at once), the decision is
// audited, and `pipeline.cancelled` stops every stage function of the run (their `cancelOn`); a
// batch that arrives later finds the run cancelled and does nothing.
import { HttpError, notFound } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TRunRecord } from "../store/run-repo.ts";

type CancelDeps = Pick<Runtime, "repos" | "emit" | "now" | "store">;

/** Cancels run `id` for `actor`; 404 for an unknown run, 409 for one that already ended. */
export async function cancelRun(
  deps: CancelDeps,
  id: string,
  actor: string,
  reason: string,
): Promise<TRunRecord> {
  const before = await deps.repos.runs.get(id);
  if (!before) throw notFound(`no run ${id}`);
  if (before.status !== "running") {
    throw new HttpError(409, "conflict", `run ${id} already ended (${before.status})`, {
      run: before,
    });
  }
  const after = await deps.repos.runs.cancel(id, reason);
  if (!after) throw notFound(`no run ${id}`);
  const tx = deps.store.redis.multi();
  deps.repos.audit.appendTo(tx, [
    auditEntry({
      at: deps.now().toISOString(),
      actor,
      action: "cancel_run",
      cardId: null,
      runId: id,
      before: { status: before.status },
      after: { status: after.status },
      detail: reason,
    }),
  ]);
  await tx.exec();
  await deps.emit({ name: "pipeline.cancelled", data: { runId: id, cancelledBy: actor, reason } });
  return after;
}
