// One later LinkedIn step of a lead's cadence (a message after the connection request), sent on
// its day through the operator's layers in order: emergency stop (held; the run tries again when
// the switch goes off, or every 6 hours), suppression and a stopping status (the cadence stops),
// dedup (a step goes out once; a lead that never entered LinkedIn skips it), routing (LinkedIn on,
// a campaign for the step, never from the HeyReach sandbox to a live HeyReach), the
// deliverability guard for a send to a live HeyReach (held; tried again when it is cleared, or
// every 6 hours), and the day's LinkedIn actions within HeyReach's daily limit (held until the
// next dispatch day). The text is the step as approved in the lead's LinkedIn batch (its
// immutable snapshot); it goes to the step's HeyReach campaign as the lead's `message` field, or
// to the shadow queue in shadow mode.
import type { TConfig } from "../config/schemas.ts";
import type { DispatchDeps } from "../dispatch/candidates.ts";
import { LINKEDIN_STEPS_COUNTER } from "../dispatch/daily-limit.ts";
import { dispatchDay, endOfDispatchDay } from "../dispatch/day.ts";
import { guardHoldReason } from "../dispatch/deliverability-guard.ts";
import { emergencyState, shadowMode } from "../dispatch/emergency.ts";
import { accountId, heyReachLead, rememberHeyReachCampaign } from "../dispatch/send-batch.ts";
import { addLeadsToCampaignRequest } from "../providers/heyreach-requests.ts";
import { isStopStatus } from "../signals/lead-status.ts";
import { withStep } from "./schedule.ts";

export type TLinkedinStepResult =
  | {
      outcome: "dispatched";
      detail: string;
      mode: "live" | "shadow";
      campaignId: string;
      at: string;
      /** True when HeyReach was its sandbox (no API key). */
      sandbox: boolean;
    }
  | { outcome: "skipped"; detail: string }
  | { outcome: "stop"; detail: string }
  /** Held: tried again when the emergency stop is switched off or the guard cleared, or on the next dispatch day. */
  | { outcome: "retry"; detail: string; until: "stop_lifted" | "guard_cleared" }
  | { outcome: "retry"; detail: string; until: "next_day"; retryAt: string };

/** The HeyReach campaign of a cadence step (config/sending.json heyreach.step_campaigns). */
const stepCampaign = (config: Pick<TConfig, "sending">, step: number): string | null =>
  config.sending.heyreach.step_campaigns[String(step)] ?? null;

export async function sendLinkedinStep(
  deps: DispatchDeps,
  leadId: string,
  stepNumber: number,
): Promise<TLinkedinStepResult> {
  const { repos, config } = deps;
  const now = deps.now();
  const record = await repos.cadences.get(leadId);
  if (record?.status !== "active") {
    return { outcome: "stop", detail: `the cadence is ${record?.status ?? "gone"}` };
  }
  const state = record.steps.find((s) => s.step === stepNumber);
  if (!state) return { outcome: "skipped", detail: `the cadence has no step ${stepNumber}` };
  if (state.status === "dispatched" || state.status === "sent") {
    return { outcome: "skipped", detail: `step ${stepNumber} already went out (${state.status})` };
  }

  // 1. Emergency stop.
  const emergency = await emergencyState(deps);
  if (emergency.on) {
    return {
      outcome: "retry",
      detail: `held by the emergency stop: ${emergency.reason}`,
      until: "stop_lifted",
    };
  }
  // 2. Suppression, and 3. dedup: a stopping status, a lead not live on LinkedIn.
  const [[lead], [outreach]] = await Promise.all([
    repos.leads.getMany([leadId]),
    repos.outreach.getMany([leadId]),
  ]);
  const [suppressed] = await repos.suppression.findMany([
    {
      email: lead?.profile?.email ?? lead?.keys.email ?? null,
      linkedinUrl: lead?.profile?.linkedinUrl ?? lead?.keys.linkedinUrl ?? null,
    },
  ]);
  if (suppressed) return { outcome: "stop", detail: `suppressed (${suppressed.reason})` };
  const status = outreach?.engagement?.status;
  if (isStopStatus(status)) return { outcome: "stop", detail: `lead ${status}` };
  const entry = outreach?.linkedin;
  if (!entry) return { outcome: "skipped", detail: "the lead never entered LinkedIn" };
  // 4. Routing.
  if (!config.sending.heyreach.enabled) {
    return { outcome: "skipped", detail: "LinkedIn is off (config/sending.json heyreach.enabled)" };
  }
  const campaignId = stepCampaign(config, stepNumber);
  if (!campaignId) {
    return { outcome: "skipped", detail: `no HeyReach campaign for step ${stepNumber}` };
  }
  const batch = await repos.batches.get(entry.batchId);
  const approved = batch?.snapshot.leads.find((l) => l.leadId === leadId);
  const copy = approved?.steps.find((s) => s.step === stepNumber);
  if (!approved || !copy) {
    return {
      outcome: "skipped",
      detail: `batch ${entry.batchId} did not approve a step ${stepNumber} for this lead`,
    };
  }
  const client = deps.providers("production").heyReach;
  // A lead whose LinkedIn entry went to the HeyReach sandbox stays there (it may be generated).
  if (batch?.state.sandbox && client.kind === "live") {
    return {
      outcome: "skipped",
      detail: `batch ${entry.batchId} went to the HeyReach sandbox: its later steps never reach a live HeyReach`,
    };
  }
  const shadow = entry.mode === "shadow" || shadowMode(deps);
  const lead4HeyReach = {
    linkedInAccountId: accountId(approved.account),
    lead: { ...heyReachLead(approved), customUserFields: [{ name: "message", value: copy.body }] },
  };
  const label = `cadence step ${stepNumber}`;
  if (shadow) {
    await repos.shadow.append([
      {
        at: now.toISOString(),
        batchId: `${entry.batchId} (${label})`,
        provider: "heyreach",
        channel: "linkedin",
        leadIds: [leadId],
        request: addLeadsToCampaignRequest(Number(campaignId), [lead4HeyReach]),
      },
    ]);
    return {
      outcome: "dispatched",
      mode: "shadow",
      campaignId,
      at: now.toISOString(),
      sandbox: false,
      detail: "to the shadow queue",
    };
  }
  // The deliverability guard holds a send that would reach a live HeyReach.
  const guard = client.kind === "live" ? await guardHoldReason(deps) : null;
  if (guard) return { outcome: "retry", detail: `held: ${guard}`, until: "guard_cleared" };
  // 5. The day's LinkedIn actions (new leads and cadence steps) within HeyReach's daily limit,
  // reserved once: a retry of this step after the reservation finds it claimed.
  const day = dispatchDay(now, config);
  if (await repos.cadences.claimStep(leadId, stepNumber)) {
    const counts = await repos.ledger.counts(day);
    const limit = config.sending.heyreach.daily_limit - (counts.linkedin ?? 0);
    const got = await repos.ledger.reserve(day, LINKEDIN_STEPS_COUNTER, 1, limit);
    if (got === 0) {
      await repos.cadences.releaseStep(leadId, stepNumber);
      return {
        outcome: "retry",
        detail: `LinkedIn daily limit reached (${config.sending.heyreach.daily_limit} actions on ${day})`,
        until: "next_day",
        retryAt: new Date(endOfDispatchDay(day, config)).toISOString(),
      };
    }
  }
  const result = await client.addLeadsToCampaign(Number(campaignId), [lead4HeyReach]);
  if (result.failed > 0) {
    await repos.cadences.releaseStep(leadId, stepNumber);
    return {
      outcome: "skipped",
      detail: `HeyReach did not add the lead to campaign ${campaignId} (failed ${result.failed})`,
    };
  }
  // A reply (or unsubscribe…) applied while this step was on its way found no record of this
  // campaign to stop the lead in: it is stopped here.
  const [after] = await repos.outreach.getMany([leadId]);
  const nowStatus = after?.engagement?.status;
  if (isStopStatus(nowStatus)) {
    await client.stopLeadInCampaign(Number(campaignId), lead4HeyReach.lead.profileUrl);
    return {
      outcome: "stop",
      detail: `lead ${nowStatus} while step ${stepNumber} was sent: stopped in HeyReach campaign ${campaignId}`,
    };
  }
  return {
    outcome: "dispatched",
    mode: "live",
    campaignId,
    at: now.toISOString(),
    sandbox: client.kind === "sandbox",
    detail: `to HeyReach campaign ${campaignId}${client.kind === "sandbox" ? " (sandbox)" : ""}`,
  };
}

/**
 * Records a LinkedIn step's outcome on the cadence and the lead's timeline, and a live step's
 * HeyReach campaign among ours (the emergency stop pauses it). Its own step: a failure here never
 * sends the step again.
 */
export async function recordLinkedinStep(
  deps: Pick<DispatchDeps, "repos" | "now">,
  leadId: string,
  stepNumber: number,
  result: TLinkedinStepResult,
): Promise<void> {
  const at = deps.now().toISOString();
  if (result.outcome === "dispatched" && result.mode === "live") {
    const known = await deps.repos.campaigns.get("heyreach", result.campaignId);
    const label = `cadence step ${stepNumber}`;
    await rememberHeyReachCampaign(deps, known, Number(result.campaignId), label, result.sandbox);
  }
  const status =
    result.outcome === "dispatched"
      ? "dispatched"
      : result.outcome === "retry"
        ? "held"
        : "skipped";
  const changed = await deps.repos.cadences.update(leadId, (record) =>
    withStep(record, stepNumber, {
      status,
      at,
      detail: result.detail,
      ...(result.outcome === "dispatched" && { providerRef: result.campaignId }),
    }),
  );
  if (!changed) return;
  await deps.repos.outreach.append(leadId, [
    {
      at,
      type: `cadence.step_${status}`,
      channel: "linkedin",
      detail: `LinkedIn step ${stepNumber} ${status}: ${result.detail}`,
      batchId: null,
    },
  ]);
}
