// What the outbound motion starts from: the approved cards waiting in the dispatch queue (oldest
// approval first), each with its lead, the lead's outreach so far, its suppression entry, and
// which of its channels are already done or held by a batch.
import type { Runtime } from "../runtime/runtime.ts";
import type { TTier } from "../scoring/score-types.ts";
import type { TCadenceRecord } from "../store/cadence-repo.ts";
import type { TCard } from "../store/card-repo.ts";
import { unitField } from "../store/dispatch-ledger.ts";
import type { TOutreach, TOutreachChannel } from "../store/outreach-repo.ts";
import type { TSuppression } from "../store/suppression-repo.ts";
import { routingFacts, type TRoutingFacts } from "./routing.ts";

export type DispatchDeps = Pick<
  Runtime,
  "repos" | "config" | "env" | "now" | "providers" | "emit" | "logger"
>;

export type TCandidate = {
  card: TCard;
  leadId: string;
  tier: TTier | null;
  firstName: string;
  lastName: string;
  company: string | null;
  title: string | null;
  website: string | null;
  email: string | null;
  linkedinUrl: string | null;
  /** What routing needs to know (routing.ts). */
  facts: TRoutingFacts;
  outreach: TOutreach;
  suppression: TSuppression | null;
  /** Channels already sent or shadowed for this card. */
  done: Set<TOutreachChannel>;
  /** Channels held by a batch, with the batch's id. */
  reserved: Map<TOutreachChannel, string>;
  /** True when the card came from a sandbox run: its lead is generated, not a real person. */
  sandboxLead: boolean;
  /** Why the lead's cadence was stopped, when it was (a person or a signal ended it). */
  cadenceStopped: string | null;
};

const CHANNELS: TOutreachChannel[] = ["email", "linkedin"];

/** The approved cards waiting for dispatch, as candidates, oldest approval first. */
export async function loadCandidates(deps: DispatchDeps, limit = 5000): Promise<TCandidate[]> {
  const { repos } = deps;
  const ids = (await repos.cards.dispatchQueue()).slice(0, limit);
  if (ids.length === 0) return [];
  const cards = (await repos.cards.getMany(ids)).filter(
    (card): card is TCard => card !== null && card.status === "approved",
  );
  const leadIds = cards.map((card) => card.leadId);
  const fields = cards.flatMap((card) => CHANNELS.map((channel) => unitField(card.id, channel)));
  const [leads, outreach, done, holders, runs, cadences] = await Promise.all([
    repos.leads.getMany(leadIds),
    repos.outreach.getMany(leadIds),
    repos.ledger.doneOf(fields),
    repos.ledger.holders(fields),
    repos.runs.listMany([...new Set(cards.map((card) => card.runId))]),
    repos.cadences.getMany(leadIds),
  ]);
  const runMode = new Map(runs.items.map((run) => [run.id, run.mode]));
  const people = leads.map((lead) => {
    return {
      email: lead?.profile?.email ?? lead?.keys.email ?? null,
      linkedinUrl: lead?.profile?.linkedinUrl ?? lead?.keys.linkedinUrl ?? null,
    };
  });
  const suppressions = await repos.suppression.findMany(people);
  return cards.map((card, i) => {
    const lead = leads[i] ?? null;
    const profile = lead?.profile ?? null;
    const [first = "", ...rest] = (card.lead?.name ?? "").split(" ");
    const email = people[i]?.email ?? null;
    const reserved = new Map<TOutreachChannel, string>();
    CHANNELS.forEach((channel, c) => {
      const holder = holders[i * CHANNELS.length + c];
      if (holder) reserved.set(channel, holder);
    });
    return {
      card,
      leadId: card.leadId,
      tier: card.tier,
      firstName: profile?.firstName ?? first,
      lastName: profile?.lastName ?? rest.join(" "),
      company: card.lead?.company ?? profile?.company.name ?? null,
      title: card.lead?.title ?? profile?.title ?? null,
      website: profile?.company.websiteUrl ?? profile?.company.domain ?? null,
      email,
      facts: routingFacts(card, lead),
      linkedinUrl: people[i]?.linkedinUrl ?? null,
      outreach: outreach[i] ?? { email: null, linkedin: null, engagement: null },
      suppression: suppressions[i] ?? null,
      done: new Set(CHANNELS.filter((channel) => done.has(unitField(card.id, channel)))),
      reserved,
      // A card whose run is unknown counts as generated: only a production run's leads are real.
      sandboxLead: runMode.get(card.runId) !== "production",
      cadenceStopped: cadenceStopReason(cadences[i] ?? null),
    };
  });
}

/** Why a cadence was stopped ("by <who>: <reason>"), or null when it was not. */
export const cadenceStopReason = (cadence: TCadenceRecord | null): string | null =>
  cadence?.status === "stopped" && cadence.stopped
    ? `cadence stopped by ${cadence.stopped.by}: ${cadence.stopped.reason}`
    : null;
