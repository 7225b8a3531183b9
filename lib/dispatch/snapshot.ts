// Builds a GATEKEEPER batch's immutable snapshot from the units a live dispatch reserved, and its
// content hash (sha256 of the snapshot's JSON): what the Head of Sales approves is exactly what is
// sent, and a batch whose cards no longer match it is refused.
import { hash } from "node:crypto";
import type { TConfig } from "../config/schemas.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import type { TBatchLead, TBatchSnapshot, TEmailCampaignPlan } from "./batch-types.ts";
import { endOfDispatchDay } from "./day.ts";
import type { TUnit } from "./plan.ts";

/** The content hash of a snapshot. */
export const snapshotHash = (snapshot: TBatchSnapshot): string =>
  hash("sha256", JSON.stringify(snapshot), "hex");

/**
 * Instantly's `delay` of each email step of the cadence: the days it waits after that step before
 * the next one (the last waits 0) — Instantly's own "send the next message in N days".
 */
export function emailDelays(config: Pick<TConfig, "cadence">): number[] {
  const days = config.cadence.steps.filter((s) => s.channel === "email").map((s) => s.day);
  return days.map((day, i) => (days[i + 1] ?? day) - day);
}

/** The Instantly campaign a batch's email steps go out through (settings from config). */
export function emailCampaignPlan(
  config: Pick<TConfig, "cadence" | "sending">,
  batchId: string,
  day: string,
  accounts: string[],
): TEmailCampaignPlan {
  const { sending } = config;
  return {
    name: `Alpha Swarm outbound ${day} ${batchId}`,
    schedule: {
      from: sending.send_window.from,
      to: sending.send_window.to,
      days: sending.send_window.days,
      timezone: sending.send_window.timezone,
    },
    delays: emailDelays(config),
    emailList: accounts,
    dailyLimit: sending.instantly.daily_limit,
    emailGapMinutes: sending.instantly.email_gap_minutes,
    stopOnReply: sending.instantly.stop_on_reply,
    stopOnAutoReply: sending.instantly.stop_on_auto_reply,
    openTracking: sending.instantly.open_tracking,
    linkTracking: sending.instantly.link_tracking,
    textOnly: sending.instantly.text_only,
    insertUnsubscribeHeader: sending.instantly.insert_unsubscribe_header,
  };
}

/** A unit as the snapshot records it: the lead and its channel's steps, as approved. */
export function batchLead(unit: TUnit): TBatchLead {
  const c = unit.candidate;
  return {
    leadId: c.leadId,
    cardId: c.card.id,
    tier: c.tier ?? "tier_3",
    firstName: c.firstName,
    lastName: c.lastName,
    company: c.company,
    title: c.title,
    website: c.website,
    email: c.email,
    linkedinUrl: c.linkedinUrl,
    account: unit.account,
    steps: cardSteps(c.card.sequence, unit.channel),
  };
}

/** The steps of a card's sequence on a channel, as the snapshot records them. */
export function cardSteps(
  sequence: readonly {
    step: number;
    day: number;
    channel: string;
    subject: string | null;
    body: string;
  }[],
  channel: TOutreachChannel,
) {
  return sequence
    .filter((s) => s.channel === channel)
    .map((s) => ({ step: s.step, day: s.day, subject: s.subject, body: s.body }));
}

export function buildSnapshot(input: {
  config: Pick<TConfig, "cadence" | "sending" | "safety">;
  id: string;
  channel: TOutreachChannel;
  day: string;
  at: Date;
  by: string;
  units: TUnit[];
  reserved: Record<string, number>;
}): TBatchSnapshot {
  const { config, id, channel, day, at, units } = input;
  const leads = units.map(batchLead);
  const accounts = [...new Set(units.flatMap((u) => (u.account ? [u.account] : [])))];
  // A batch counts against its own day's caps and ramp, so it cannot wait past that day's end.
  const expiresAt = Math.min(
    at.getTime() + config.safety.gatekeeper_timeout_hours * 3_600_000,
    endOfDispatchDay(day, config),
  );
  return {
    id,
    channel,
    motion: "outbound",
    day,
    createdAt: at.toISOString(),
    createdBy: input.by,
    expiresAt: new Date(expiresAt).toISOString(),
    leads,
    email: channel === "email" ? emailCampaignPlan(config, id, day, accounts) : null,
    linkedin:
      channel === "linkedin"
        ? {
            listId: config.sending.heyreach.list_id,
            campaigns: { ...config.sending.heyreach.campaigns },
          }
        : null,
    reserved: input.reserved,
  };
}
