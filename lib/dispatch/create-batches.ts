// A live outbound dispatch: the plan's cleared units become GATEKEEPER batches (one per channel, at
// most caps.batch_max_leads leads each). Each card channel is claimed for its batch and each
// day's count reserved before the batch exists, so two dispatches running at once never put a
// lead in two batches nor pass a cap; whatever cannot be reserved is given back. Each batch is
// announced by `batch.created` (its send function waits for `batch.approved`), and Slack is told.
import { randomUUID } from "node:crypto";
import { unitField } from "../store/dispatch-ledger.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import type { TBatchSnapshot } from "./batch-types.ts";
import type { DispatchDeps } from "./candidates.ts";
import type { TDispatchPlan, THold, TUnit } from "./plan.ts";
import { buildSnapshot, snapshotHash } from "./snapshot.ts";

export type TCreatedBatch = { snapshot: TBatchSnapshot; hash: string };

const newBatchId = (day: string) => `batch_${day.replaceAll("-", "")}_${randomUUID().slice(0, 8)}`;

/** Reserves and creates the batches of one channel; returns them and what could not be reserved. */
async function batchesFor(
  deps: DispatchDeps,
  plan: TDispatchPlan,
  channel: TOutreachChannel,
  by: string,
): Promise<{ batches: TCreatedBatch[]; held: THold[] }> {
  const { config } = deps;
  const { day } = plan;
  const channelPlan = plan.channels[channel];
  const batches: TCreatedBatch[] = [];
  const held: THold[] = [];
  const holdUnit = (unit: TUnit, reason: string, layer: THold["layer"]) =>
    held.push({
      leadId: unit.candidate.leadId,
      cardId: unit.candidate.card.id,
      name: `${unit.candidate.firstName} ${unit.candidate.lastName}`.trim(),
      channel,
      layer,
      reason,
    });
  const size = config.caps.batch_max_leads;
  for (let at = 0; at < channelPlan.units.length; at += size) {
    const chunk = channelPlan.units.slice(at, at + size);
    const id = newBatchId(day);
    const made = await reserveAndCreate(deps, plan, channel, by, chunk, id, holdUnit);
    if (made) batches.push(made);
  }
  return { batches, held };
}

/**
 * Claims the chunk's card channels and reserves the day's counts for one batch, then creates it;
 * null when nothing could be reserved. Whatever a failure part-way left claimed or counted is given
 * back before the error goes on (a sweep of the daily cron catches a crash).
 */
async function reserveAndCreate(
  deps: DispatchDeps,
  plan: TDispatchPlan,
  channel: TOutreachChannel,
  by: string,
  chunk: TUnit[],
  id: string,
  holdUnit: (unit: TUnit, reason: string, layer: THold["layer"]) => void,
): Promise<TCreatedBatch | null> {
  const { repos, config } = deps;
  const { day } = plan;
  const channelPlan = plan.channels[channel];
  const claimedFields: string[] = [];
  const counted: Record<string, number> = {};
  const contacted: string[] = [];
  try {
    const claimed = new Set(
      await repos.ledger.claimUnits(
        chunk.map((u) => unitField(u.candidate.card.id, channel)),
        id,
      ),
    );
    claimedFields.push(...claimed);
    let units = chunk.filter((u) => {
      if (claimed.has(unitField(u.candidate.card.id, channel))) return true;
      holdUnit(u, "taken by another dispatch running at the same time", "dedup");
      return false;
    });
    // The channel's count for the day, then each account's.
    const got = await repos.ledger.reserve(day, channel, units.length, channelPlan.cap.limit);
    counted[channel] = got;
    const overCap = units.slice(got);
    units = units.slice(0, got);
    for (const u of overCap) {
      holdUnit(
        u,
        `${channel} daily cap reached by a dispatch running at the same time`,
        "daily_cap",
      );
    }
    const byAccount = new Map<string, TUnit[]>();
    for (const u of units) {
      if (u.account) byAccount.set(u.account, [...(byAccount.get(u.account) ?? []), u]);
    }
    const dropped: TUnit[] = [...overCap];
    for (const [account, mine] of byAccount) {
      const limit = channelPlan.accounts.find((a) => a.account === account)?.limit ?? 0;
      const granted = await repos.ledger.reserve(day, `account:${account}`, mine.length, limit);
      counted[`account:${account}`] = granted;
      for (const u of mine.slice(granted)) {
        holdUnit(u, `account ${account} reached its daily limit`, "daily_cap");
        dropped.push(u);
      }
    }
    const droppedSet = new Set(dropped);
    const kept = units.filter((u) => !droppedSet.has(u));
    const givenBack = units.length - kept.length;
    if (givenBack > 0) {
      await repos.ledger.release(day, { [channel]: givenBack });
      counted[channel] = kept.length;
    }
    const droppedFields = dropped.map((u) => unitField(u.candidate.card.id, channel));
    await repos.ledger.unclaimUnits(droppedFields);
    claimedFields.splice(
      0,
      claimedFields.length,
      ...claimedFields.filter((f) => !droppedFields.includes(f)),
    );
    if (kept.length === 0) return null;
    contacted.push(...kept.map((u) => u.candidate.leadId));
    await repos.ledger.markContacted(day, contacted);
    const snapshot = buildSnapshot({
      config,
      id,
      channel,
      day,
      at: deps.now(),
      by,
      units: kept,
      reserved: { ...counted },
    });
    const hash = snapshotHash(snapshot);
    await repos.batches.create(snapshot, hash, {
      status: "pending_approval",
      at: snapshot.createdAt,
      by,
      reason: null,
      mode: null,
      campaignId: null,
      sandbox: false,
      outcomes: [],
      progress: "none",
    });
    return { snapshot, hash };
  } catch (error) {
    await repos.ledger.unclaimUnits(claimedFields).catch(() => {});
    await repos.ledger.release(day, counted).catch(() => {});
    await repos.ledger.unmarkContacted(day, contacted).catch(() => {});
    throw error;
  }
}

/** Creates the live batches of a plan and announces each; returns them and any late holds. */
export async function createLiveBatches(
  deps: DispatchDeps,
  plan: TDispatchPlan,
  by: string,
): Promise<{ batches: TCreatedBatch[]; held: THold[] }> {
  const batches: TCreatedBatch[] = [];
  const held: THold[] = [];
  for (const channel of ["email", "linkedin"] as const) {
    const made = await batchesFor(deps, plan, channel, by);
    batches.push(...made.batches);
    held.push(...made.held);
  }
  await deps.repos.ramp.count(plan.day, "live_runs");
  if (batches.length === 0) return { batches, held };
  await deps.emit(
    batches.flatMap(({ snapshot, hash }) => [
      {
        name: "batch.created" as const,
        id: `batch.created-${snapshot.id}`,
        data: {
          batchId: snapshot.id,
          snapshotHash: hash,
          channel: snapshot.channel,
          leadCount: snapshot.leads.length,
          createdBy: by,
        },
      },
      {
        name: "alert.raised" as const,
        data: {
          severity: "INFO" as const,
          title: `Batch ${snapshot.id} waits for approval`,
          detail: `${snapshot.leads.length} ${snapshot.channel} lead(s) from the outbound motion (${plan.mode} mode); approve it on /operator or POST /api/operator/approve-batch/${snapshot.id} before ${snapshot.expiresAt}.`,
          context: { batch: snapshot.id, channel: snapshot.channel, hash: hash.slice(0, 16) },
        },
      },
    ]),
  );
  return { batches, held };
}
