// Routing, in one place: which channels a card can ever go out on — its tier's channels (config
// sending.routing), LinkedIn only while it is on and with a profile URL, email only to an address
// that may be mailed and with as many email steps as the cadence — and why not. The dispatch plan
// holds a channel back with this reason, and a card whose every sendable channel is done (or that
// has none) leaves the approved pool: the plan and the step after a send ask the same question.
import type { TConfig } from "../config/schemas.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TTier } from "../scoring/score-types.ts";
import type { TCard } from "../store/card-repo.ts";
import type { TOutreachChannel } from "../store/outreach-repo.ts";
import { emailDelays } from "./snapshot.ts";

export const CHANNELS: readonly TOutreachChannel[] = ["email", "linkedin"];
const NEVER_MAIL = new Set(["invalid", "spamtrap", "abuse", "do_not_mail"]);

/** What routing needs to know about a card and its lead. */
export type TRoutingFacts = {
  tier: TTier | null;
  email: string | null;
  /** False when the address must not be mailed (invalid, spamtrap, abuse, do_not_mail) or is missing. */
  mailable: boolean;
  linkedinUrl: string | null;
  /** The card's email steps. */
  emailSteps: number;
};

/** The routing facts of a card and its lead. */
export function routingFacts(card: TCard, lead: TLeadRecord | null): TRoutingFacts {
  const email = lead?.profile?.email ?? lead?.keys.email ?? null;
  const verification = lead?.verification ?? null;
  return {
    tier: card.tier,
    email,
    mailable: email !== null && !(verification && NEVER_MAIL.has(verification.status)),
    linkedinUrl: lead?.profile?.linkedinUrl ?? lead?.keys.linkedinUrl ?? null,
    emailSteps: card.sequence.filter((s) => s.channel === "email").length,
  };
}

/** Why routing can never send the card on `channel` as things stand (null: it can). */
export function routingBlock(
  config: Pick<TConfig, "sending" | "cadence">,
  facts: TRoutingFacts,
  channel: TOutreachChannel,
): string | null {
  if (!facts.tier) return "no tier: the card was never scored into a tier";
  if (!config.sending.routing[facts.tier].includes(channel)) {
    return `${facts.tier} goes by ${channel === "linkedin" ? "email" : "LinkedIn"} only`;
  }
  if (channel === "linkedin") {
    if (!config.sending.heyreach.enabled) {
      return "LinkedIn is off (config/sending.json heyreach.enabled)";
    }
    return facts.linkedinUrl ? null : "no LinkedIn profile URL";
  }
  const cadenceSteps = emailDelays(config).length;
  if (facts.emailSteps !== cadenceSteps) {
    return `the card has ${facts.emailSteps} email step(s) and the cadence ${cadenceSteps}: its campaign would send empty steps; craft it again`;
  }
  if (!facts.mailable) {
    return facts.email ? "the address must not be mailed (verification)" : "no email address";
  }
  return null;
}

/** The channels routing can send the card on. */
export const sendableChannels = (
  config: Pick<TConfig, "sending" | "cadence">,
  facts: TRoutingFacts,
): TOutreachChannel[] => CHANNELS.filter((channel) => !routingBlock(config, facts, channel));

/** True when the card has nothing left to send: every sendable channel is done (or it has none). */
export const nothingLeft = (
  config: Pick<TConfig, "sending" | "cadence">,
  facts: TRoutingFacts,
  done: (channel: TOutreachChannel) => boolean,
): boolean => sendableChannels(config, facts).every(done);
