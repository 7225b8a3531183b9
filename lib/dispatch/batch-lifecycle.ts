// A GATEKEEPER batch's life before it sends: approval (only of exactly the snapshot shown, and only
// while its cards still match it), and the ends that give its leads back to the approved pool —
// expired (nobody approved it in time), refused (its cards changed), held (the emergency stop).
// Every change is a compare-and-write on the batch's state, so an approval racing an expiry, or a
// second approval, changes it once.
import { conflict, notFound } from "../http/http-error.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TBatchRead } from "../store/batch-repo.ts";
import {
  contactedKey,
  countsKey,
  DONE_KEY,
  RESERVED_KEY,
  unitField,
} from "../store/dispatch-ledger.ts";
import type { TBatchState, TBatchStatus } from "./batch-types.ts";
import type { DispatchDeps } from "./candidates.ts";
import { cardSteps } from "./snapshot.ts";

/** Why the batch no longer matches its cards (null when it does). */
export async function snapshotMismatch(
  deps: DispatchDeps,
  read: TBatchRead,
): Promise<string | null> {
  const { snapshot } = read;
  const cards = await deps.repos.cards.getMany(snapshot.leads.map((l) => l.cardId));
  for (const [i, lead] of snapshot.leads.entries()) {
    const card = cards[i];
    if (!card) return `card ${lead.cardId} is gone`;
    if (card.status !== "approved") return `card ${lead.cardId} is ${card.status}, not approved`;
    const now = JSON.stringify(cardSteps(card.sequence, snapshot.channel));
    if (now !== JSON.stringify(lead.steps)) return `card ${lead.cardId} changed since the snapshot`;
  }
  return null;
}

/**
 * Ends a batch that has not been sent (expired, refused, held, failed), only from waiting for
 * approval or approved; false when its state changed meanwhile or it already ended. While nothing
 * reached a provider, its card channels, day counts and "contacted today" marks are given back
 * with the state change, atomically. Once leads may have reached a provider (a retried step, an
 * answer lost), they are never given back to be sent again: their card channels count as done.
 */
export async function endUnsent(
  deps: DispatchDeps,
  read: TBatchRead,
  status: Extract<TBatchStatus, "expired" | "refused" | "held" | "failed">,
  reason: string,
  by: string,
): Promise<boolean> {
  const { snapshot, state } = read;
  if (state.status !== "pending_approval" && state.status !== "approved") return false;
  const next: TBatchState = { ...state, status, at: deps.now().toISOString(), by, reason };
  const fields = snapshot.leads.map((l) => unitField(l.cardId, snapshot.channel));
  return deps.repos.batches.transition(read, next, (writes) => {
    writes.hdel(RESERVED_KEY, ...fields);
    if (state.progress === "leads_submitted") {
      writes.hset(DONE_KEY, Object.fromEntries(fields.map((f) => [f, snapshot.id])));
      return;
    }
    for (const [counter, n] of Object.entries(snapshot.reserved)) {
      if (n > 0) writes.hincrby(countsKey(snapshot.day), counter, -n);
    }
    writes.srem(contactedKey(snapshot.day), ...snapshot.leads.map((l) => l.leadId));
  });
}

/** Sends `batch.approved` with its stable id (a repeat is the same event). */
const announceApproval = (deps: DispatchDeps, id: string, hash: string, by: string) =>
  deps.emit({
    name: "batch.approved",
    id: `batch.approved-${id}`,
    data: { batchId: id, snapshotHash: hash, approvedBy: by },
  });

/** Reads a batch or answers 404. */
export async function batchOr404(deps: DispatchDeps, id: string): Promise<TBatchRead> {
  const read = await deps.repos.batches.get(id);
  if (!read) throw notFound(`no batch ${id}`);
  return read;
}

/**
 * The Head of Sales (or the operator) approves a batch waiting for approval: only the snapshot
 * shown (`hash`, when given, must match), only while its cards match it and before it expires.
 * Announces `batch.approved` with a stable id, so approving twice sends once.
 */
export async function approveBatch(
  deps: DispatchDeps,
  id: string,
  by: string,
  hash?: string,
): Promise<{ batchId: string; status: TBatchStatus; already: boolean; snapshotHash: string }> {
  const read = await batchOr404(deps, id);
  const { state, snapshot } = read;
  if (hash !== undefined && hash !== read.hash) {
    throw conflict(`batch ${id} is not the snapshot you approved (hash ${hash.slice(0, 16)}…)`, {
      snapshotHash: read.hash,
    });
  }
  if (state.status === "approved" || state.status === "sent") {
    // Announced again in case the first announcement failed: its id makes it one event.
    if (state.status === "approved") await announceApproval(deps, id, read.hash, state.by);
    return { batchId: id, status: state.status, already: true, snapshotHash: read.hash };
  }
  if (state.status !== "pending_approval") {
    throw conflict(`batch ${id} is ${state.status}${state.reason ? `: ${state.reason}` : ""}`, {
      status: state.status,
    });
  }
  const now = deps.now();
  if (now.getTime() >= Date.parse(snapshot.expiresAt)) {
    throw conflict(`batch ${id} expired at ${snapshot.expiresAt}`, { status: "expired" });
  }
  const mismatch = await snapshotMismatch(deps, read);
  if (mismatch) {
    await endUnsent(deps, read, "refused", `snapshot no longer matches: ${mismatch}`, by);
    throw conflict(`batch ${id} was refused: ${mismatch}`, { status: "refused" });
  }
  const at = now.toISOString();
  const entry = auditEntry({
    at,
    actor: by,
    action: "approve_batch",
    cardId: null,
    batchId: id,
    before: { status: "pending_approval" },
    after: { status: "approved", snapshotHash: read.hash, leads: snapshot.leads.length },
    detail: null,
  });
  const next: TBatchState = { ...state, status: "approved", at, by, reason: null };
  const changed = await deps.repos.batches.transition(read, next, (writes) =>
    deps.repos.audit.appendTo(writes, [entry]),
  );
  if (!changed) return approveBatch(deps, id, by, hash);
  await announceApproval(deps, id, read.hash, by);
  return { batchId: id, status: "approved", already: false, snapshotHash: read.hash };
}
