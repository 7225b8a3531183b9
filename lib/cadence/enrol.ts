// Enrolment: each lead dispatched live for the first time gets its cadence record (every step
// scheduled from the dispatch's day) and a timeline line; a lead already enrolled, in whatever
// state, is left alone, so a cadence never starts twice.
import type { FunctionDeps } from "../runtime/function-deps.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";
import { newEnrolment } from "./schedule.ts";

export type TDispatched = {
  leadId: string;
  cardId?: string | undefined;
  mode: "live" | "shadow" | "dry_run";
  dispatchedAt: string;
};

/** Enrols the live dispatches' leads not enrolled yet; returns the new enrolments. */
export async function enrolDispatched(
  deps: Pick<FunctionDeps, "repos" | "config">,
  dispatched: readonly TDispatched[],
): Promise<TCadenceRecord[]> {
  const first = new Map<string, TDispatched>();
  for (const d of dispatched) {
    if (d.mode !== "live" || !d.cardId || first.has(d.leadId)) continue;
    first.set(d.leadId, d);
  }
  const enrolled: TCadenceRecord[] = [];
  for (const d of first.values()) {
    const record = newEnrolment(
      deps.config,
      { leadId: d.leadId, cardId: d.cardId ?? "" },
      d.dispatchedAt,
    );
    if (!(await deps.repos.cadences.enrol(record))) {
      // Enrolled by this same dispatch on an earlier attempt of the step (whose answer was lost):
      // still announced, so its run starts (the event's id keeps it to one run).
      const earlier = await deps.repos.cadences.get(d.leadId);
      if (
        earlier?.status === "active" &&
        earlier.cardId === record.cardId &&
        earlier.startedAt === record.startedAt
      ) {
        enrolled.push(earlier);
      }
      continue;
    }
    enrolled.push(record);
    await deps.repos.outreach.append(d.leadId, [
      {
        at: d.dispatchedAt,
        type: "cadence.enrolled",
        channel: null,
        detail: `enrolled in ${record.cadence}: ${record.steps.length} steps over ${deps.config.cadence.total_days} days`,
        batchId: null,
      },
    ]);
  }
  return enrolled;
}
