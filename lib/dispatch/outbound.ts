// The outbound motion, as the API, the CLI and the cron run it: plan every waiting approved card
// through the safety layers; a dry run (the default) answers what would be sent and who is held
// back and why, and writes nothing; a live run turns the cleared leads into GATEKEEPER batches.
import { approveBatch } from "./batch-lifecycle.ts";
import type { DispatchDeps } from "./candidates.ts";
import { createLiveBatches } from "./create-batches.ts";
import { LAYERS, planDispatch, type TDispatchPlan, type THold } from "./plan.ts";

export type TOutboundAnswer = ReturnType<typeof planView> & {
  batches: {
    id: string;
    channel: string;
    leads: number;
    snapshotHash: string;
    expiresAt: string;
    approve: string;
  }[];
};

const layerOrder = (hold: THold) => LAYERS.indexOf(hold.layer);

/** The plan as the answer shows it: per channel who would go, then who is held back and why. */
export function planView(plan: TDispatchPlan, live: boolean) {
  const channel = (name: "email" | "linkedin") => {
    const p = plan.channels[name];
    return {
      wouldSend: p.units.map((u) => ({
        leadId: u.candidate.leadId,
        cardId: u.candidate.card.id,
        name: `${u.candidate.firstName} ${u.candidate.lastName}`.trim(),
        company: u.candidate.company,
        tier: u.candidate.tier,
        to: name === "email" ? u.candidate.email : u.candidate.linkedinUrl,
        account: u.account,
        steps: u.candidate.card.sequence.filter((s) => s.channel === name).length,
      })),
      cap: p.cap,
      accounts: p.accounts,
    };
  };
  const held = [...plan.held].sort((a, b) => layerOrder(a) - layerOrder(b));
  const heldByLayer: Record<string, number> = {};
  for (const hold of held) heldByLayer[hold.layer] = (heldByLayer[hold.layer] ?? 0) + 1;
  return {
    motion: "outbound" as const,
    live,
    mode: plan.mode,
    day: plan.day,
    at: plan.at,
    emergencyStop: plan.emergencyStop,
    deliverabilityGuard: plan.deliverabilityGuard,
    ramp: plan.ramp,
    considered: plan.considered,
    channels: { email: channel("email"), linkedin: channel("linkedin") },
    held,
    heldByLayer,
  };
}

/** Runs the outbound motion; live only when `live` is true. */
export async function runOutbound(
  deps: DispatchDeps,
  options: { live: boolean; by: string },
): Promise<TOutboundAnswer> {
  const plan = await planDispatch(deps);
  if (!options.live) return { ...planView(plan, false), batches: [] };
  const made = await createLiveBatches(deps, plan, options.by);
  // Cards held for good leave the approved pool, so they never crowd out the ones that can go.
  const retired = [...new Set(plan.held.filter((h) => h.permanent).map((h) => h.cardId))];
  await deps.repos.cards.leaveDispatchQueue(retired);
  plan.held.push(...made.held);
  const reserved = new Set(made.held.map((h) => `${h.cardId}:${h.channel}`));
  for (const name of ["email", "linkedin"] as const) {
    const channel = plan.channels[name];
    channel.units = channel.units.filter((u) => !reserved.has(`${u.candidate.card.id}:${name}`));
    // The answer shows the day's counts as this dispatch left them.
    channel.cap = {
      ...channel.cap,
      used: channel.cap.used + channel.units.length,
      remaining: Math.max(0, channel.cap.remaining - channel.units.length),
    };
  }
  if (!deps.config.safety.gatekeeper_required) {
    for (const { snapshot } of made.batches) {
      await approveBatch(deps, snapshot.id, "system (gatekeeper_required is false)");
    }
  }
  return {
    ...planView(plan, true),
    batches: made.batches.map(({ snapshot, hash }) => ({
      id: snapshot.id,
      channel: snapshot.channel,
      leads: snapshot.leads.length,
      snapshotHash: hash,
      expiresAt: snapshot.expiresAt,
      approve: `/api/operator/approve-batch/${snapshot.id}`,
    })),
  };
}
