// The deliverability guard as dispatch sees it: while engaged it holds every live dispatch (new
// batches, batches about to send, campaign activations, cadence steps) and the campaigns it
// concerns are paused at Instantly — those sending from a flagged account, or all of them for a
// campaign's bounce or unsubscribe red flag. Only a person clears it, with a reason (audited).
import { conflict } from "../http/http-error.ts";
import { auditEntry } from "../store/audit-repo.ts";
import type { TCampaignRecord } from "../store/campaign-repo.ts";
import type { TGuardState } from "../store/guard-repo.ts";
import type { DispatchDeps } from "./candidates.ts";
import { pauseActiveCampaigns, type TPauseOutcome } from "./pause-campaigns.ts";

/** Why live dispatch is held by the guard (null when it is clear). */
export function guardReason(state: TGuardState): string | null {
  if (!state.engaged) return null;
  const scopes = [
    ...new Set(state.triggers.map((t) => `${t.kind.replace("_", " ")} (${t.scope})`)),
  ];
  const since = state.since ? `${state.since.slice(0, 16).replace("T", " ")} UTC` : "now";
  return `deliverability guard engaged since ${since}: ${scopes.join(", ")}; a person must clear it`;
}

export async function guardHoldReason(deps: Pick<DispatchDeps, "repos">): Promise<string | null> {
  return guardReason(await deps.repos.guard.state());
}

/** Whether an Instantly campaign is one the engaged guard pauses. */
export function concernsCampaign(state: TGuardState, campaign: TCampaignRecord): boolean {
  if (!state.engaged || campaign.provider !== "instantly") return false;
  if (state.triggers.some((t) => t.kind !== "account_bounce")) return true;
  // A record from before accounts were kept may send from any of them.
  if (!campaign.accounts) return true;
  const flagged = new Set(state.triggers.map((t) => t.scope.toLowerCase()));
  return campaign.accounts.some((a) => flagged.has(a.toLowerCase()));
}

/** Pauses each active campaign the engaged guard concerns; each failure collected, not thrown. */
export async function pauseForGuard(deps: DispatchDeps): Promise<TPauseOutcome> {
  const state = await deps.repos.guard.state();
  if (!state.engaged) return { paused: [], failed: [] };
  return pauseActiveCampaigns(deps, guardReason(state) ?? "deliverability guard", (c) =>
    concernsCampaign(state, c),
  );
}

/** Raised when some campaigns could not be paused: the step is retried for those (paused ones are done). */
export class UnpausedCampaignsError extends Error {
  constructor(failed: TPauseOutcome["failed"]) {
    super(
      `campaigns the deliverability guard concerns could not be paused: ${failed.map((f) => `${f.campaign} (${f.reason})`).join("; ")}`,
    );
    this.name = "UnpausedCampaignsError";
  }
}

/** A person clears the engaged guard with a reason: audited, announced and alerted. */
export async function clearGuard(
  deps: DispatchDeps,
  reason: string,
  by: string,
): Promise<TGuardState> {
  const at = deps.now().toISOString();
  const cleared = await deps.repos.guard.clear({ by, at, reason }, (before) =>
    auditEntry({
      at,
      actor: by,
      action: "clear_deliverability_guard",
      cardId: null,
      before: { engaged: true, since: before.since, triggers: before.triggers },
      after: { engaged: false },
      detail: reason,
    }),
  );
  if (!cleared)
    throw conflict("the deliverability guard is not engaged: there is nothing to clear");
  // The clear has landed: a failed announcement is logged, not answered as a failure (held
  // cadence steps then find the guard clear at their 6-hour recheck).
  await announce(deps, [
    {
      name: "safety.deliverability_guard.changed",
      data: { engaged: false, by, reason, at },
    },
    {
      name: "alert.raised",
      data: {
        severity: "WARNING",
        title: "Deliverability guard cleared",
        detail: `${by}: ${reason}. Live dispatch may resume; campaigns the guard paused stay paused until someone activates them.`,
        context: { by },
      },
    },
  ]);
  return cleared;
}

async function announce(deps: DispatchDeps, events: Parameters<DispatchDeps["emit"]>[0]) {
  try {
    await deps.emit(events);
  } catch (error) {
    deps.logger.error("deliverability guard: its clearing could not be announced:", error);
  }
}
