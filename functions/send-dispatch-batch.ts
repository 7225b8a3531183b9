// send-dispatch-batch: `batch.created` → waits for `batch.approved` of that batch (the GATEKEEPER;
// until the batch's expiry, from config/safety.json's timeout, after which it expires and its leads
// return to the approved pool), checks that the approved snapshot is the batch's and still matches its cards,
// then sends: to the shadow queue in shadow mode, else Instantly (a draft campaign and its leads)
// or HeyReach (the list, then the tier's campaign). The emergency stop is checked before every
// provider step. Each lead handed to a provider is announced (`email.dispatched` /
// `linkedin.dispatched`). A failure for good counts as an error of the ramp's day.
import { NonRetriableError } from "inngest";
import { endUnsent, snapshotMismatch } from "../lib/dispatch/batch-lifecycle.ts";
import type { TLeadOutcome } from "../lib/dispatch/batch-types.ts";
import { emergencyState, shadowMode } from "../lib/dispatch/emergency.ts";
import {
  addHeyReachLeads,
  addInstantlyLeads,
  batchRequests,
  ensureInstantlyCampaign,
  recordSent,
  retireFinishedCards,
} from "../lib/dispatch/send-batch.ts";
import { batchApproved, batchCreated } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import type { FunctionDeps } from "../lib/runtime/function-deps.ts";
import type { TBatchRead } from "../lib/store/batch-repo.ts";

const SYSTEM = "send-dispatch-batch";
/** The longest single wait for the approval event before the batch's state is checked again. */
const MAX_WAIT_MS = 3_600_000;

async function readBatch(deps: FunctionDeps, id: string): Promise<TBatchRead> {
  const read = await deps.repos.batches.get(id);
  if (!read) throw new NonRetriableError(`batch ${id} does not exist`);
  return read;
}

/** True (and the batch held, its leads given back) when the emergency stop holds now. */
async function heldByEmergency(deps: FunctionDeps, read: TBatchRead): Promise<string | null> {
  const stop = await emergencyState(deps);
  if (!stop.on) return null;
  const reason = `emergency stop: ${stop.reason}`;
  await endUnsent(deps, read, "held", reason, SYSTEM);
  return reason;
}

export const sendDispatchBatch = inngest.createFunction(
  {
    id: "send-dispatch-batch",
    triggers: [batchCreated],
    retries: 5,
    onFailure: async ({ deps, event, step }) => {
      const { batchId } = (event.data.event as { data: { batchId: string } }).data;
      await step.run("count-error", async () => {
        const read = await deps.repos.batches.get(batchId);
        if (read) await deps.repos.ramp.count(read.snapshot.day, "errors");
      });
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
        return step.run("expire", async () => {
          const read = await readBatch(deps, batchId);
          if (read.state.status !== "pending_approval") return { status: read.state.status };
          const ended = await endUnsent(
            deps,
            read,
            "expired",
            "nobody approved it in time",
            SYSTEM,
          );
          return { status: ended ? "expired" : (await readBatch(deps, batchId)).state.status };
        });
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
      const held = await heldByEmergency(deps, read);
      if (held) return { go: false as const, status: "held", reason: held };
      return {
        go: true as const,
        mode: shadowMode(deps) ? ("shadow" as const) : ("live" as const),
      };
    });
    if (!verdict.go) return verdict;

    if (verdict.mode === "shadow") {
      return step.run("shadow", async () => {
        const read = await readBatch(deps, batchId);
        const at = deps.now().toISOString();
        const shadow = batchRequests(read.snapshot).map((entry) => ({ at, ...entry }));
        const outcomes: TLeadOutcome[] = read.snapshot.leads.map((lead) => ({
          leadId: lead.leadId,
          handed: false,
          providerRef: null,
          detail: "written to the shadow queue (shadow mode): no provider request made",
        }));
        if (read.state.status !== "sent") {
          const ok = await recordSent(deps, read, {
            mode: "shadow",
            outcomes,
            sandbox: false,
            shadow,
            campaignId: null,
          });
          if (!ok) throw new Error(`batch ${batchId} changed while it was recorded; retrying`);
        }
        const retired = await retireFinishedCards(deps, read.snapshot);
        return { status: "sent", mode: "shadow", requests: shadow.length, retired: retired.length };
      });
    }

    let outcomes: TLeadOutcome[];
    let campaignId: string | null = null;
    let sandbox = false;
    if (channel === "email") {
      const campaign = await step.run("instantly-campaign", async () => {
        const read = await readBatch(deps, batchId);
        const held = await heldByEmergency(deps, read);
        if (held) return { held };
        return ensureInstantlyCampaign(deps, read);
      });
      if ("held" in campaign) return { status: "held", reason: campaign.held };
      campaignId = campaign.campaignId;
      sandbox = campaign.sandbox;
      const added = await step.run("instantly-leads", async () => {
        const read = await readBatch(deps, batchId);
        const held = await heldByEmergency(deps, read);
        if (held) return { held };
        return { outcomes: await addInstantlyLeads(deps, read.snapshot, campaign.campaignId) };
      });
      if ("held" in added) return { status: "held", reason: added.held };
      outcomes = added.outcomes;
    } else {
      const added = await step.run("heyreach-leads", async () => {
        const read = await readBatch(deps, batchId);
        const held = await heldByEmergency(deps, read);
        if (held) return { held };
        return addHeyReachLeads(deps, read.snapshot);
      });
      if ("held" in added) return { status: "held", reason: added.held };
      outcomes = added.outcomes;
      sandbox = added.sandbox;
    }

    const events = await step.run("record", async () => {
      const read = await readBatch(deps, batchId);
      if (read.state.status !== "sent") {
        const ok = await recordSent(deps, read, {
          mode: "live",
          outcomes,
          sandbox,
          shadow: [],
          campaignId,
        });
        if (!ok) throw new Error(`batch ${batchId} changed while its send was recorded; retrying`);
        const handedCount = outcomes.filter((o) => o.handed).length;
        if (handedCount > 0)
          await deps.repos.ramp.count(read.snapshot.day, "dispatches", handedCount);
      }
      await retireFinishedCards(deps, read.snapshot);
      const sent = await readBatch(deps, batchId);
      const handed = new Map(sent.state.outcomes.filter((o) => o.handed).map((o) => [o.leadId, o]));
      return sent.snapshot.leads.flatMap((lead) => {
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
              dispatchedAt: sent.state.at,
            },
          },
        ];
      });
    });
    if (events.length > 0) await step.sendEvent("announce", events);
    return {
      status: "sent",
      mode: "live",
      campaignId,
      sandbox,
      handed: events.length,
      of: outcomes.length,
    };
  },
);
