// A person stops a lead's cadence: the record says who, when and why (audited), and the caller
// announces `cadence.stopped` with `stopAtProviders`, which cancels the run and stops the lead at
// Instantly and HeyReach. A cadence already over is a conflict, naming how it ended.
import { conflict, notFound } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";
import { stoppedRecord } from "./schedule.ts";

export async function stopCadence(
  deps: Pick<Runtime, "repos" | "now">,
  leadId: string,
  by: string,
  reason: string,
): Promise<TCadenceRecord> {
  const at = deps.now().toISOString();
  let before: TCadenceRecord["status"] | null = null;
  const record = await deps.repos.cadences.update(leadId, (current) => {
    before = current.status;
    return current.status === "active" ? stoppedRecord(current, { at, by, reason }) : null;
  });
  if (!record) throw notFound(`lead ${leadId} is not enrolled in a cadence`);
  if (before !== "active") {
    const how = record.stopped
      ? `stopped on ${record.stopped.at.slice(0, 10)} by ${record.stopped.by} (${record.stopped.reason})`
      : record.status;
    throw conflict(`the cadence of lead ${leadId} is already over: ${how}`);
  }
  await Promise.all([
    deps.repos.audit.append([
      auditEntry({
        at,
        actor: by,
        action: "stop_cadence",
        cardId: record.cardId,
        leadId,
        before: { status: "active" },
        after: { status: "stopped" },
        detail: reason,
      }),
    ]),
    deps.repos.outreach.append(leadId, [
      {
        at,
        type: "cadence.stopped",
        channel: null,
        detail: `stopped by ${by}: ${reason}`,
        batchId: null,
      },
    ]),
  ]);
  return record;
}
