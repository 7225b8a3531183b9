// The operator's switches: the emergency stop (on or off, always with a reason; audited, alerted,
// and announced so its function pauses our campaigns at the providers) and the activation of a
// draft Instantly campaign, which is only ever a person's act (audited; refused while the
// emergency stop or the deliverability guard holds, in shadow mode, or for a campaign this system
// did not create).
import { badRequest, conflict, notFound } from "../http/http-error.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TCampaignRecord } from "../store/campaign-repo.ts";
import type { DispatchDeps } from "./candidates.ts";
import { guardHoldReason } from "./deliverability-guard.ts";
import { emergencyState, shadowMode, type TEmergencyState } from "./emergency.ts";
import { pauseCampaign } from "./pause-campaigns.ts";

export async function switchEmergencyStop(
  deps: DispatchDeps,
  change: { on: boolean; reason: string },
  by: string,
): Promise<TEmergencyState> {
  const at = deps.now();
  const before = await emergencyState(deps);
  const entry = auditEntry({
    at: at.toISOString(),
    actor: by,
    action: "emergency_stop",
    cardId: null,
    before: { on: before.on, sources: before.sources },
    after: { on: change.on },
    detail: change.reason,
  });
  await deps.repos.safety.setSwitch({ on: change.on, by, reason: change.reason, at }, (tx) =>
    deps.repos.audit.appendTo(tx, [entry]),
  );
  await deps.emit([
    {
      name: "safety.emergency_stop.changed",
      data: { on: change.on, by, reason: change.reason, at: at.toISOString() },
    },
    {
      name: "alert.raised",
      data: {
        severity: change.on ? "CRITICAL" : "WARNING",
        title: change.on ? "Emergency stop switched ON" : "Emergency stop switched off",
        detail: change.on
          ? `${by}: ${change.reason}. Every send is held; campaigns this system activated are being paused.`
          : `${by}: ${change.reason}. Sends may resume; paused campaigns stay paused until someone activates them.`,
        context: { by },
      },
    },
  ]);
  return emergencyState(deps);
}

/** Activates a draft Instantly campaign this system created, as a person's act. */
export async function activateCampaign(
  deps: DispatchDeps,
  id: string,
  by: string,
): Promise<TCampaignRecord> {
  const record = await deps.repos.campaigns.get("instantly", id);
  if (!record) throw notFound(`no Instantly campaign ${id} created by this system`);
  const stop = await emergencyState(deps);
  if (stop.on)
    throw conflict(`the emergency stop holds (${stop.reason}): nothing may start sending`);
  if (shadowMode(deps)) {
    throw conflict(
      "shadow mode is on: campaigns are not activated while nothing may reach a provider",
    );
  }
  const guard = await guardHoldReason(deps);
  if (guard) throw conflict(`${guard}: nothing may start sending`);
  if (record.status === "active") return record;
  const client = deps.providers("production").instantly;
  if (client.kind === "sandbox" && !record.sandbox) {
    throw badRequest(
      "INSTANTLY_API_KEY is not set: this campaign exists at Instantly and cannot be activated from the sandbox",
    );
  }
  await client.activateCampaign(id);
  const at = deps.now().toISOString();
  const next: TCampaignRecord = {
    ...record,
    status: "active",
    activatedAt: at,
    activatedBy: by,
    pausedAt: null,
    pausedReason: null,
  };
  await deps.repos.campaigns.save(next);
  await deps.repos.audit.append([
    auditEntry({
      at,
      actor: by,
      action: "activate_campaign",
      cardId: null,
      campaignId: id,
      before: { status: record.status },
      after: { status: "active" },
      detail: record.name,
    }),
  ]);
  // A stop switched on, or the guard engaged, while this activation was under way would have
  // missed this campaign.
  const after = await emergencyState(deps);
  if (after.on) {
    await pauseCampaign(deps, next, `emergency stop: ${after.reason}`);
    throw conflict(
      `the emergency stop came on meanwhile (${after.reason}): the campaign was paused again`,
    );
  }
  const guardAfter = await guardHoldReason(deps);
  if (guardAfter) {
    await pauseCampaign(deps, next, guardAfter);
    throw conflict(`${guardAfter} (engaged meanwhile): the campaign was paused again`);
  }
  return next;
}
