// The outbound motion's plan: the approved cards waiting for dispatch put through every safety
// layer in order — emergency stop, deliverability guard (live only), suppression list, dedup (a
// reply/unsubscribe/bounce/meeting, contacted today, already in a sequence or the shadow queue,
// held by a batch), leads already in GoHighLevel (but the revival campaign's, which come from
// it), ramp, per-channel daily caps, routing by tier — each layer recording why it holds a lead
// back. Reads only: a dry run is this plan, and a live dispatch reserves from it.
import { REVIVAL_CAMPAIGN } from "../crafting/campaign-angle.ts";
import type { TTier } from "../scoring/score-types.ts";
import { isStopStatus } from "../signals/lead-status.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import { type DispatchDeps, loadCandidates, type TCandidate } from "./candidates.ts";
import { rampIsActive, type TAccountCap, type TCapView, todaysCaps } from "./daily-limit.ts";
import { dispatchDay } from "./day.ts";
import { guardReason } from "./deliverability-guard.ts";
import { emergencyState, shadowMode, type TEmergencyState } from "./emergency.ts";
import { CHANNELS, nothingLeft, routingBlock } from "./routing.ts";

export const LAYERS = [
  "emergency_stop",
  "deliverability_guard",
  "suppression",
  "dedup",
  "crm",
  "ramp",
  "daily_cap",
  "routing",
] as const;
export type TLayer = (typeof LAYERS)[number];

export type THold = {
  leadId: string;
  cardId: string;
  name: string;
  /** The channel held back, or null for the whole lead. */
  channel: TOutreachChannel | null;
  layer: TLayer;
  reason: string;
  /** Held for good (suppressed, stopped by a signal, a CRM contact): a live run retires the card. */
  permanent?: boolean;
};

/** One channel of one card, cleared to go, with the account it is assigned to. */
export type TUnit = { candidate: TCandidate; channel: TOutreachChannel; account: string | null };

export type TChannelPlan = { units: TUnit[]; cap: TCapView; accounts: TAccountCap[] };

export type TDispatchPlan = {
  day: string;
  at: string;
  mode: "shadow" | "live";
  emergencyStop: TEmergencyState;
  /** Why the deliverability guard holds live dispatch (null: it does not). */
  deliverabilityGuard: string | null;
  ramp: { active: boolean; tiers: TTier[] | null; streak: number; required: number };
  considered: number;
  channels: Record<TOutreachChannel, TChannelPlan>;
  held: THold[];
};

const nameOf = (c: TCandidate) => `${c.firstName} ${c.lastName}`.trim() || c.leadId;

/** Puts the waiting approved cards through every layer; nothing is written. */
export async function planDispatch(deps: DispatchDeps): Promise<TDispatchPlan> {
  const { config, repos } = deps;
  const now = deps.now();
  const day = dispatchDay(now, config);
  const [candidates, emergency, rampState, guard] = await Promise.all([
    loadCandidates(deps),
    emergencyState(deps),
    repos.ramp.state(),
    repos.guard.state(),
  ]);
  const rampActive = rampIsActive(config, rampState);
  const counts = await repos.ledger.counts(day);
  const plan: TDispatchPlan = {
    day,
    at: now.toISOString(),
    mode: shadowMode(deps) ? "shadow" : "live",
    emergencyStop: emergency,
    deliverabilityGuard: guardReason(guard),
    ramp: {
      active: rampActive,
      tiers: rampActive ? config.ramp.ramp_tiers : null,
      streak: rampState.streak,
      required: config.ramp.clean_days_required,
    },
    considered: candidates.length,
    channels: {
      email: { units: [], ...todaysCaps(config, counts, "email", rampActive) },
      linkedin: { units: [], ...todaysCaps(config, counts, "linkedin", rampActive) },
    },
    held: [],
  };
  const hold = (
    c: TCandidate,
    layer: TLayer,
    reason: string,
    channel: TOutreachChannel | null,
    permanent = false,
  ) =>
    plan.held.push({
      leadId: c.leadId,
      cardId: c.card.id,
      name: nameOf(c),
      channel,
      layer,
      reason,
      ...(permanent && { permanent }),
    });

  // 1. Emergency stop: nothing goes anywhere.
  if (emergency.on) {
    for (const c of candidates)
      hold(c, "emergency_stop", `emergency stop: ${emergency.reason}`, null);
    return plan;
  }

  // 1b. The deliverability guard: nothing goes live (the shadow queue reaches no provider).
  if (plan.mode === "live" && plan.deliverabilityGuard) {
    for (const c of candidates) hold(c, "deliverability_guard", plan.deliverabilityGuard, null);
    return plan;
  }

  // 2. Suppression list (one list for every channel).
  let open = candidates.filter((c) => {
    if (!c.suppression) return true;
    hold(
      c,
      "suppression",
      `suppressed (${c.suppression.reason}, ${c.suppression.at.slice(0, 10)})`,
      null,
      true,
    );
    return false;
  });

  // 3. Dedup: engagement, contacted today, a lead twice in this dispatch; per channel below.
  const contactedToday = await repos.ledger.contacted(
    day,
    open.map((c) => c.leadId),
  );
  const seen = new Map<string, string>();
  open = open.filter((c) => {
    const engagement = c.outreach.engagement;
    if (engagement && isStopStatus(engagement.status)) {
      hold(
        c,
        "dedup",
        `lead ${engagement.status.replace("_", " ")} (${engagement.at.slice(0, 10)})`,
        null,
        true,
      );
      return false;
    }
    if (c.cadenceStopped) {
      hold(c, "dedup", c.cadenceStopped, null, true);
      return false;
    }
    // A provider (or a person) reported contacting a lead this system never dispatched: it is in
    // a sequence elsewhere (an Instantly or HeyReach campaign not made here).
    if (engagement && !c.outreach.email && !c.outreach.linkedin) {
      hold(
        c,
        "dedup",
        `contacted outside this system (${engagement.reason}, ${engagement.at.slice(0, 10)}): it is in a sequence elsewhere`,
        null,
      );
      return false;
    }
    const [waitingIn] = c.reserved.values();
    if (waitingIn && contactedToday.has(c.leadId)) {
      // Counted as contacted when its batch was made; it is not sent until that batch is approved.
      hold(c, "dedup", `in batch ${waitingIn}, waiting for its approval`, null);
      return false;
    }
    if (config.safety.never_contact_twice_same_day && contactedToday.has(c.leadId)) {
      hold(c, "dedup", `already contacted today (${day})`, null);
      return false;
    }
    const first = seen.get(c.leadId);
    if (first) {
      hold(c, "dedup", `the same lead is already in this dispatch through card ${first}`, null);
      return false;
    }
    seen.set(c.leadId, c.card.id);
    return true;
  });

  // 4. Leads already in the CRM (GoHighLevel contact search by email).
  const crm = deps.providers("production").goHighLevel;
  const found = await crm.findContactsByEmail(
    open.flatMap((c) => (c.email && c.card.campaign !== REVIVAL_CAMPAIGN ? [c.email] : [])),
  );
  open = open.filter((c) => {
    // The revival campaign's leads come from the CRM: being a contact there is their point.
    if (c.card.campaign === REVIVAL_CAMPAIGN) return true;
    const contact = c.email ? found.get(c.email.trim().toLowerCase()) : undefined;
    if (!contact) return true;
    hold(c, "crm", `already a contact in GoHighLevel (${contact.contactId})`, null, true);
    return false;
  });

  // 5. Ramp: only the ramp's tiers until it graduates.
  open = open.filter((c) => {
    if (!rampActive || (c.tier && config.ramp.ramp_tiers.includes(c.tier))) return true;
    hold(
      c,
      "ramp",
      `ramp: ${c.tier ?? "untiered"} waits until the ramp graduates (${rampState.streak}/${config.ramp.clean_days_required} clean days; only ${config.ramp.ramp_tiers.join(", ")} meanwhile)`,
      null,
    );
    return false;
  });

  // Per channel: what routing sends, minus what is done, held by a batch, or already in sequence.
  const providers = deps.providers("production");
  const liveProvider = {
    email: providers.instantly.kind === "live",
    linkedin: providers.heyReach.kind === "live",
  };
  const wanted: TUnit[] = [];
  const routingHolds: [TCandidate, TOutreachChannel, string, boolean][] = [];
  for (const c of open) {
    // A card with nothing left it can ever send leaves the pool (a live run retires it).
    const finished = nothingLeft(config, c.facts, (channel) => c.done.has(channel));
    if (!c.facts.tier) {
      routingHolds.push([c, "email", "no tier: the card was never scored into a tier", true]);
      continue;
    }
    let held = false;
    for (const channel of CHANNELS) {
      if (c.done.has(channel)) continue;
      const block = routingBlock(config, c.facts, channel);
      if (block) {
        routingHolds.push([c, channel, block, finished]);
        held = true;
        continue;
      }
      const holder = c.reserved.get(channel);
      if (holder) {
        hold(c, "dedup", `in batch ${holder}, waiting for its approval`, channel);
        continue;
      }
      const entry = c.outreach[channel];
      if (entry && (entry.mode === "live" || plan.mode === "shadow")) {
        const where = entry.mode === "live" ? "in a live sequence" : "in the shadow queue";
        hold(
          c,
          "dedup",
          `already ${where} since ${entry.at.slice(0, 10)} (batch ${entry.batchId})`,
          channel,
        );
        continue;
      }
      if (plan.mode === "live" && c.sandboxLead && liveProvider[channel]) {
        routingHolds.push([
          c,
          channel,
          "a sandbox run's lead (generated, not a real person) never goes to a live provider",
          false,
        ]);
        continue;
      }
      wanted.push({ candidate: c, channel, account: null });
    }
    if (finished && !held) {
      routingHolds.push([c, "email", "every channel it can go out on is done", true]);
    }
  }

  // 6. Daily caps: per channel, then per account (round robin over accounts with room).
  for (const channel of CHANNELS) {
    const channelPlan = plan.channels[channel];
    let room = channelPlan.cap.remaining;
    const accounts = channelPlan.accounts.map((a) => ({ ...a }));
    let next = 0;
    const pickAccount = (): string | null | undefined => {
      if (accounts.length === 0) return null;
      for (let tried = 0; tried < accounts.length; tried++) {
        const account = accounts[(next + tried) % accounts.length];
        if (account && account.remaining > 0) {
          next = (next + tried + 1) % accounts.length;
          account.remaining -= 1;
          return account.account;
        }
      }
      return undefined;
    };
    for (const unit of wanted.filter((u) => u.channel === channel)) {
      if (room <= 0) {
        hold(
          unit.candidate,
          "daily_cap",
          `${channel} daily cap reached (${channelPlan.cap.limit}/day${rampActive ? " while ramping" : ""}: ${channelPlan.cap.used} used earlier today, ${channelPlan.cap.remaining} in this dispatch)`,
          channel,
        );
        continue;
      }
      const account = pickAccount();
      if (account === undefined) {
        hold(
          unit.candidate,
          "daily_cap",
          `every ${channel} account reached its daily limit`,
          channel,
        );
        continue;
      }
      room -= 1;
      channelPlan.units.push({ ...unit, account });
    }
  }

  // 7. Routing holds, recorded last.
  for (const [c, channel, reason, permanent] of routingHolds) {
    hold(c, "routing", reason, channel, permanent);
  }
  return plan;
}
