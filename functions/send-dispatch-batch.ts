// send-dispatch-batch: `batch.created` → waits for `batch.approved` of that batch (the GATEKEEPER;
// until the batch's expiry, after which it expires and its leads return to the approved pool),
// checks that the approved snapshot is the batch's and still matches its cards, then sends: to
// the shadow queue in shadow mode, else Instantly (a draft campaign and its leads) or HeyReach
// (the list, then the tier's campaign). Before every provider step the emergency stop and shadow
// mode are checked again (the batch is held), and so is each lead (one suppressed or stopped by a
// signal since the snapshot is left out). The batch records how far the send got, so a retried
// step never gives back leads that may have reached a provider. Each lead handed to a provider
// is announced (`email.dispatched` / `linkedin.dispatched`). A failure for good ends the batch
// as failed, counts as an error of the ramp's day, and raises a CRITICAL alert.
import { NonRetriableError } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { endUnsent, snapshotMismatch } from "../lib/dispatch/batch-lifecycle.ts";
import type { TLeadOutcome } from "../lib/dispatch/batch-types.ts";
import { dispatchDay } from "../lib/dispatch/day.ts";
import { shadowMode } from "../lib/dispatch/emergency.ts";
import {
  addHeyReachLeads,
  addInstantlyLeads,
  batchRequests,
  ensureInstantlyCampaign,
  recordSent,
  retireFinishedCards,
} from "../lib/dispatch/send-batch.ts";
import { batchHoldReason, sendableLeads } from "../lib/dispatch/send-check.ts";
import { batchApproved, batchCreated } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { redact, secretsOf } from "../lib/log.ts";
import type { FunctionDeps } from "../lib/runtime/function-deps.ts";
import { isStopStatus } from "../lib/signals/lead-status.ts";
import { stopEverywhere } from "../lib/signals/stop-everywhere.ts";
import type { TBatchRead } from "../lib/store/batch-repo.ts";

const SYSTEM = "send-dispatch-batch";
const alertFailure = onFunctionFailure(SYSTEM);
/** The longest single wait for the approval event before the batch's state is checked again. */
const MAX_WAIT_MS = 3_600_000;

async function readBatch(deps: FunctionDeps, id: string): Promise<TBatchRead> {
  const read = await deps.repos.batches.get(id);
  if (!read) throw new NonRetriableError(`batch ${id} does not exist`);
  return read;
}

/** The reason the batch was held now (it is ended as held), or null when it may go on. */
async function heldNow(
  deps: FunctionDeps,
  read: TBatchRead,
  mode: "live" | "shadow",
): Promise<string | null> {
  const reason = await batchHoldReason(deps, mode);
  if (reason) await endUnsent(deps, read, "held", reason, SYSTEM);
  return reason;
}

/** Outcomes for the leads left out at send time. */
const stoppedOutcomes = (stopped: Map<string, string>): TLeadOutcome[] =>
  [...stopped].map(([leadId, detail]) => ({ leadId, handed: false, providerRef: null, detail }));

export const sendDispatchBatch = inngest.createFunction(
  {
    id: "send-dispatch-batch",
    triggers: [batchCreated],
    retries: 5,
    onFailure: async ({ deps, event, error, step }) => {
      const { batchId } = (event.data.event as { data: { batchId: string } }).data;
      await step.run("end-failed", async () => {
        const read = await deps.repos.batches.get(batchId);
        const reason = `the send failed: ${redact(error.message, secretsOf(deps.env))}`;
        if (read) await endUnsent(deps, read, "failed", reason, SYSTEM);
        await deps.repos.ramp.count(dispatchDay(deps.now(), deps.config), "errors");
      });
      await alertFailure({ deps, event, error, step });
    },
  },
  async ({ event, step, deps }) => {
    const { batchId, channel } = event.data;
    // The batch's state is the truth and the event only wakes the wait early: an approval that
    // lands before the wait begins (or between two waits) is found by the next state check, so
    // waits are at most an hour each.
    let approvedHash: string | null = null;
    for (let round = 1; approvedHash === null; round++) {
      const state = await step.run(`approval-state-${round}`, async () => {
        const read = await readBatch(deps, batchId);
        const left = Date.parse(read.snapshot.expiresAt) - deps.now().getTime();
        return { status: read.state.status, hash: read.hash, left };
      });
      if (state.status === "approved") {
        approvedHash = state.hash;
        break;
      }
      if (state.status !== "pending_approval") return { status: state.status };
      if (state.left <= 0) {
        const ended = await step.run("expire", async () => {
          const read = await readBatch(deps, batchId);
          await endUnsent(deps, read, "expired", "nobody approved it in time", SYSTEM);
          const now = await readBatch(deps, batchId);
          return { status: now.state.status, hash: now.hash };
        });
        // An approval that landed just before the expiry still sends.
        if (ended.status !== "approved") return { status: ended.status };
        approvedHash = ended.hash;
        break;
      }
      const approval = await step.waitForEvent(`wait-for-approval-${round}`, {
        event: batchApproved,
        timeout: `${Math.ceil(Math.min(state.left, MAX_WAIT_MS) / 1000)}s`,
        match: "data.batchId",
      });
      if (approval) approvedHash = approval.data.snapshotHash;
    }

    const verdict = await step.run("check", async () => {
      const read = await readBatch(deps, batchId);
      if (read.state.status !== "approved") {
        return { go: false as const, status: read.state.status, reason: read.state.reason };
      }
      const refuse = async (reason: string) => {
        await endUnsent(deps, read, "refused", reason, SYSTEM);
        return { go: false as const, status: "refused", reason };
      };
      if (approvedHash !== read.hash) {
        return refuse(
          `the approval was for snapshot ${approvedHash.slice(0, 16)}…, not this batch's`,
        );
      }
      const mismatch = await snapshotMismatch(deps, read);
      if (mismatch) return refuse(`snapshot no longer matches: ${mismatch}`);
      const mode = shadowMode(deps) ? ("shadow" as const) : ("live" as const);
      const held = await heldNow(deps, read, mode);
      if (held) return { go: false as const, status: "held", reason: held };
      return { go: true as const, mode };
    });
    if (!verdict.go) return verdict;

    if (verdict.mode === "shadow") {
      return step.run("shadow", async () => {
        const read = await readBatch(deps, batchId);
        if (read.state.status === "approved") {
          const held = await heldNow(deps, read, "shadow");
          if (held) return { status: "held", reason: held };
          const at = deps.now().toISOString();
          const { leads, stopped } = await sendableLeads(deps, read.snapshot);
          const shadow = batchRequests(read.snapshot, leads).map((entry) => ({ at, ...entry }));
          const outcomes: TLeadOutcome[] = [
            ...leads.map((lead) => ({
              leadId: lead.leadId,
              handed: false,
              providerRef: null,
              detail: "written to the shadow queue (shadow mode): no provider request made",
            })),
            ...stoppedOutcomes(stopped),
          ];
          const ok = await recordSent(deps, read, {
            mode: "shadow",
            outcomes,
            sandbox: false,
            shadow,
            campaignId: null,
          });
          if (!ok) throw new Error(`batch ${batchId} changed while it was recorded; retrying`);
        }
        const sent = await readBatch(deps, batchId);
        if (sent.state.status !== "sent")
          return { status: sent.state.status, reason: sent.state.reason };
        const retired = await retireFinishedCards(deps, sent.snapshot);
        return { status: "sent", mode: "shadow", retired: retired.length };
      });
    }

    // Live. Each provider step re-reads the batch: a retry finds what an earlier attempt did.
    const sent = await step.run(
      `${channel === "email" ? "instantly" : "heyreach"}-send`,
      async () => {
        let read = await readBatch(deps, batchId);
        if (read.state.status !== "approved") return { status: read.state.status };
        const held = await heldNow(deps, read, "live");
        if (held) return { status: "held", reason: held };
        const { leads, stopped } = await sendableLeads(deps, read.snapshot);
        const retried = read.state.progress === "leads_submitted";
        let campaignId: string | null = read.state.campaignId;
        let sandbox = read.state.sandbox;
        if (channel === "email" && leads.length > 0) {
          const campaign = await ensureInstantlyCampaign(deps, read);
          campaignId = campaign.campaignId;
          sandbox = campaign.sandbox;
          read = await readBatch(deps, batchId);
        }
        // From here leads may reach a provider: a later end never gives them back.
        if (!retried && leads.length > 0) {
          const marked = await deps.repos.batches.transition(read, {
            ...read.state,
            progress: "leads_submitted",
          });
          if (!marked)
            throw new Error(`batch ${batchId} changed before its leads were sent; retrying`);
          read = await readBatch(deps, batchId);
        }
        let outcomes: TLeadOutcome[];
        if (channel === "email") {
          outcomes = await addInstantlyLeads(deps, leads, campaignId ?? "", retried);
        } else {
          const added = await addHeyReachLeads(deps, read.snapshot, leads);
          outcomes = added.outcomes;
          sandbox = added.sandbox;
        }
        outcomes.push(...stoppedOutcomes(stopped));
        const ok = await recordSent(deps, read, {
          mode: "live",
          outcomes,
          sandbox,
          shadow: [],
          campaignId,
        });
        if (!ok) throw new Error(`batch ${batchId} changed while its send was recorded; retrying`);
        const handed = outcomes.filter((o) => o.handed).length;
        if (handed > 0) await deps.repos.ramp.count(read.snapshot.day, "dispatches", handed);
        return { status: "sent" };
      },
    );
    if (sent.status !== "sent") return sent;

    const { events, summary } = await step.run("record", async () => {
      const batch = await readBatch(deps, batchId);
      await retireFinishedCards(deps, batch.snapshot);
      const handed = new Map(
        batch.state.outcomes.filter((o) => o.handed).map((o) => [o.leadId, o]),
      );
      // A reply (or unsubscribe…) that arrived while this send was under way found no live entry
      // to stop: such a lead is stopped now.
      const handedIds = [...handed.keys()];
      await deps.repos.leadIndex.advance(
        handedIds.map((leadId) => ({ leadId, to: "contacted", at: batch.state.at })),
      );
      const outreach = await deps.repos.outreach.getMany(handedIds);
      for (const [i, leadId] of handedIds.entries()) {
        const status = outreach[i]?.engagement?.status;
        if (isStopStatus(status))
          await stopEverywhere(deps, leadId, `lead ${status} during the send`);
      }
      const announced = batch.snapshot.leads.flatMap((lead) => {
        const outcome = handed.get(lead.leadId);
        if (!outcome) return [];
        return [
          {
            name:
              channel === "email"
                ? ("email.dispatched" as const)
                : ("linkedin.dispatched" as const),
            id: `${channel}.dispatched-${batchId}-${lead.leadId}`,
            data: {
              leadId: lead.leadId,
              cardId: lead.cardId,
              batchId,
              step: lead.steps[0]?.step ?? 1,
              mode: "live" as const,
              ...(outcome.providerRef ? { providerRef: outcome.providerRef } : {}),
              dispatchedAt: batch.state.at,
            },
          },
        ];
      });
      const { campaignId, sandbox, outcomes } = batch.state;
      return { events: announced, summary: { campaignId, sandbox, of: outcomes.length } };
    });
    if (events.length > 0) await step.sendEvent("announce", events);
    return { status: "sent", mode: "live", handed: events.length, ...summary };
  },
);
