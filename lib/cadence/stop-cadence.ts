// A person stops a lead's cadence: the caller announces `cadence.stopped` with `stopAtProviders`
// first (it cancels the run and stops the lead at Instantly and HeyReach, so a failure after it
// never leaves a stop recorded but not carried out), then the record says who, when and why
// (audited). A cadence already over is a conflict, naming how it ended.
import { conflict, notFound } from "../http/http-error.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";
import { stoppedRecord } from "./schedule.ts";

/** The lead's cadence while it is active; 404 when not enrolled, 409 naming how it ended. */
export async function activeCadence(
  deps: Pick<Runtime, "repos">,
  leadId: string,
): Promise<TCadenceRecord> {
  const record = await deps.repos.cadences.get(leadId);
  if (!record) throw notFound(`lead ${leadId} is not enrolled in a cadence`);
  if (record.status !== "active") throw conflict(overMessage(leadId, record));
  return record;
}

const overMessage = (leadId: string, record: TCadenceRecord) =>
  `the cadence of lead ${leadId} is already over: ${
    record.stopped
      ? `stopped on ${record.stopped.at.slice(0, 10)} by ${record.stopped.by} (${record.stopped.reason})`
      : record.status
  }`;

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
  if (before !== "active") throw conflict(overMessage(leadId, record));
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
