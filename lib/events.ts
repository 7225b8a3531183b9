// The events catalog: every event of the graph (DESIGN.md, "The event graph"), declared once with
// eventType and a zod schema. Functions trigger on these objects; routes, the CLI and steps emit them.
import { eventType } from "inngest";
import { z } from "zod";

/** At most this many leads in one dispatch batch (the batch gatekeeper's unit). */
export const MAX_IDS_PER_EVENT = 100;
/**
 * Leads travel between pipeline stages in batches of at most this many ids per event: every
 * Inngest step is billed, so a stage costs a handful of steps per batch, not per lead. 500 ids
 * are about 14 KB of event payload.
 */
export const STAGE_BATCH_SIZE = 500;

const ZId = z.string().min(1).max(200);
const ZIsoTime = z.iso.datetime({ offset: true });
const ZActor = z.string().min(1).max(200);
export const ZPipelineMode = z.enum(["sandbox", "production"]);
export const ZChannel = z.enum(["email", "linkedin"]);
export const ZDispatchMode = z.enum(["shadow", "dry_run", "live"]);
export const ZSignalSource = z.enum(["instantly", "heyreach", "rb2b", "manual", "system"]);

/**
 * The batch part every pipeline-stage event carries. A batch keeps flowing through every stage
 * even when a stage dropped all its leads (leadIds empty), so the run knows when it is finished.
 */
const ZStageBatch = {
  runId: ZId,
  campaign: ZId,
  mode: ZPipelineMode,
  leadIds: z.array(ZId).max(STAGE_BATCH_SIZE),
  batch: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
};

export const pipelineRequested = eventType("pipeline.requested", {
  schema: z.object({
    runId: ZId,
    campaign: ZId,
    mode: ZPipelineMode,
    limit: z.number().int().min(1).max(50_000),
    requestedBy: ZActor,
  }),
});

/** A run was cancelled: every stage function of the run stops (their `cancelOn`). */
export const pipelineCancelled = eventType("pipeline.cancelled", {
  schema: z.object({ runId: ZId, cancelledBy: ZActor, reason: z.string().min(1).max(500) }),
});
export const leadsScraped = eventType("leads.scraped", { schema: z.object(ZStageBatch) });
export const leadsEnriched = eventType("leads.enriched", { schema: z.object(ZStageBatch) });
export const leadsVerified = eventType("leads.verified", { schema: z.object(ZStageBatch) });
export const leadsSegmented = eventType("leads.segmented", { schema: z.object(ZStageBatch) });
export const emailsCrafted = eventType("emails.crafted", {
  schema: z.object({ ...ZStageBatch, cardIds: z.array(ZId).max(STAGE_BATCH_SIZE) }),
});
export const emailApproved = eventType("email.approved", {
  schema: z.object({
    cardId: ZId,
    leadId: ZId,
    approvedBy: ZActor,
    edited: z.boolean(),
    override: z.object({ reason: z.string().min(1) }).optional(),
  }),
});
export const emailRejected = eventType("email.rejected", {
  schema: z.object({
    cardId: ZId,
    leadId: ZId,
    rejectedBy: ZActor,
    rejectionTag: ZId,
    note: z.string().max(2000).optional(),
  }),
});

/**
 * A decision made with an undo window: its own event (email.approved or email.rejected) is sent
 * when the window closes, unless the decision was undone (release-held-decision).
 */
export const decisionHeld = eventType("email.decision.held", {
  schema: z.object({ cardId: ZId, undoUntil: ZIsoTime }),
});

export const operatorDispatchRequested = eventType("operator.dispatch.requested", {
  schema: z.object({
    motion: z.enum(["outbound", "cadence", "revival"]),
    live: z.boolean(),
    requestedBy: ZActor,
  }),
});
export const batchCreated = eventType("batch.created", {
  schema: z.object({
    batchId: ZId,
    snapshotHash: z.string().min(16),
    channel: ZChannel,
    leadCount: z.number().int().min(1).max(MAX_IDS_PER_EVENT),
    createdBy: ZActor,
  }),
});
export const batchApproved = eventType("batch.approved", {
  schema: z.object({ batchId: ZId, snapshotHash: z.string().min(16), approvedBy: ZActor }),
});
export const batchRejected = eventType("batch.rejected", {
  schema: z.object({ batchId: ZId, rejectedBy: ZActor, reason: z.string().min(1) }),
});

const ZDispatched = z.object({
  leadId: ZId,
  cardId: ZId.optional(),
  batchId: ZId.optional(),
  step: z.number().int().min(1),
  mode: ZDispatchMode,
  providerRef: z.string().optional(),
  dispatchedAt: ZIsoTime,
});
export const emailDispatched = eventType("email.dispatched", { schema: ZDispatched });
export const linkedinDispatched = eventType("linkedin.dispatched", { schema: ZDispatched });

/** A lead was enrolled in the cadence (once, on its first live dispatch): its run starts. */
export const cadenceEnrolled = eventType("cadence.enrolled", {
  schema: z.object({ leadId: ZId, cardId: ZId, cadence: ZId, startedAt: ZIsoTime }),
});
/** A provider reported a step of the lead's cadence sent (Instantly's `email_sent`). */
export const cadenceStepSent = eventType("cadence.step.sent", {
  schema: z.object({
    leadId: ZId,
    step: z.number().int().min(1),
    channel: ZChannel,
    at: ZIsoTime,
  }),
});
/**
 * The lead's cadence stopped: its run is cancelled. `stopAtProviders` asks for the lead to be
 * stopped at Instantly and HeyReach too (a person's stop; the signal loop stops them itself).
 */
export const cadenceStopped = eventType("cadence.stopped", {
  schema: z.object({
    leadId: ZId,
    reason: z.string().min(1).max(500),
    by: ZActor,
    stopAtProviders: z.boolean(),
  }),
});

export const leadSignal = eventType("lead.signal", {
  schema: z.object({
    signalId: ZId,
    source: ZSignalSource,
    type: z.string().min(1).max(100),
    leadId: ZId.optional(),
    email: z.string().optional(),
    linkedinUrl: z.string().optional(),
    occurredAt: ZIsoTime,
    detail: z.record(z.string(), z.unknown()),
  }),
});
export const leadStatusChanged = eventType("lead.status.changed", {
  schema: z.object({ leadId: ZId, from: ZId, to: ZId, reason: z.string().min(1), at: ZIsoTime }),
});
export const visitorIdentified = eventType("visitor.identified", {
  schema: z.object({
    visitorId: ZId,
    linkedinUrl: z.string().optional(),
    email: z.string().optional(),
    name: z.string().max(200).optional(),
    company: z.string().max(200).optional(),
    title: z.string().max(200).optional(),
    capturedUrl: z.string().max(2000).optional(),
    seenAt: ZIsoTime.optional(),
  }),
});

/** The emergency stop was switched on or off at runtime (its function pauses our campaigns). */
export const emergencyStopChanged = eventType("safety.emergency_stop.changed", {
  schema: z.object({
    on: z.boolean(),
    by: ZActor,
    reason: z.string().min(1).max(500),
    at: ZIsoTime,
  }),
});

/** The deliverability guard engaged (by the KPI watch) or cleared (by a person). */
export const deliverabilityGuardChanged = eventType("safety.deliverability_guard.changed", {
  schema: z.object({
    engaged: z.boolean(),
    by: ZActor,
    reason: z.string().min(1).max(1000),
    at: ZIsoTime,
  }),
});

export const alertRaised = eventType("alert.raised", {
  schema: z.object({
    severity: z.enum(["INFO", "WARNING", "CRITICAL"]),
    title: z.string().min(1).max(300),
    detail: z.string().max(4000),
    context: z.record(z.string(), z.string()),
  }),
});

/** Every event type of the graph, for validation at the emit seam. */
export const EVENTS = [
  pipelineRequested,
  pipelineCancelled,
  leadsScraped,
  leadsEnriched,
  leadsVerified,
  leadsSegmented,
  emailsCrafted,
  emailApproved,
  emailRejected,
  decisionHeld,
  operatorDispatchRequested,
  batchCreated,
  batchApproved,
  batchRejected,
  emailDispatched,
  linkedinDispatched,
  cadenceEnrolled,
  cadenceStepSent,
  cadenceStopped,
  leadSignal,
  leadStatusChanged,
  visitorIdentified,
  emergencyStopChanged,
  deliverabilityGuardChanged,
  alertRaised,
] as const;

export type TEventName = (typeof EVENTS)[number]["name"];
