// Every Inngest function of the app, in one list: served at /api/inngest or run by the embedded engine.
import type { InngestFunction } from "inngest";
import { applyLeadSignal } from "./apply-lead-signal.ts";
import { craftEmails } from "./craft-emails.ts";
import { decayScanFn } from "./decay-scan.ts";
import { enrichLeads } from "./enrich-leads.ts";
import { enrolInCadence } from "./enrol-in-cadence.ts";
import { enterVisitorsFn } from "./enter-visitors.ts";
import { evaluateRamp } from "./evaluate-ramp.ts";
import { flushDecisionOutboxFn } from "./flush-decision-outbox.ts";
import { operatorOutbound } from "./operator-outbound.ts";
import { pauseCampaignsOnStop } from "./pause-campaigns-on-stop.ts";
import { pauseForDeliverability } from "./pause-for-deliverability.ts";
import { queueApprovedEmail } from "./queue-approved-email.ts";
import { recordRejection } from "./record-rejection.ts";
import { releaseHeldDecisionFn } from "./release-held-decision.ts";
import { runCadence } from "./run-cadence.ts";
import { scrapeLeads } from "./scrape-leads.ts";
import { segmentLeads } from "./segment-leads.ts";
import { sendAlert } from "./send-alert.ts";
import { sendDispatchBatch } from "./send-dispatch-batch.ts";
import { stopCadenceAtProviders } from "./stop-cadence-at-providers.ts";
import { verifyLeads } from "./verify-leads.ts";
import { watchKpisFn } from "./watch-kpis.ts";

export const functions: InngestFunction.Any[] = [
  scrapeLeads,
  enrichLeads,
  verifyLeads,
  segmentLeads,
  craftEmails,
  queueApprovedEmail,
  recordRejection,
  releaseHeldDecisionFn,
  flushDecisionOutboxFn,
  sendDispatchBatch,
  pauseCampaignsOnStop,
  operatorOutbound,
  evaluateRamp,
  applyLeadSignal,
  enterVisitorsFn,
  enrolInCadence,
  runCadence,
  stopCadenceAtProviders,
  decayScanFn,
  watchKpisFn,
  pauseForDeliverability,
  sendAlert,
];
