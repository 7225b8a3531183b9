// Sending an approved batch: in shadow mode the exact requests each provider would get go to the
// shadow queue and no provider is called; live, email leads go into the batch's own Instantly
// campaign (created as a draft; a person activates it) with each lead's subjects and bodies as
// custom variables, and LinkedIn leads join the HeyReach lead list, then their tier's campaign.
// Recording the outcome moves the batch to "sent", marks its card channels done, records each
// lead's channel entry and timeline, and takes cards with nothing left to send out of the pool —
// all in one compare-and-write.
import {
  addLeadsToCampaignRequest,
  addLeadsToListRequest,
  type HeyReachLeadInput,
} from "../providers/heyreach-requests.ts";
import {
  addLeadsRequest,
  createCampaignRequest,
  type InstantlyCampaignInput,
  type InstantlyLeadInput,
} from "../providers/instantly-requests.ts";
import type { TBatchRead } from "../store/batch-repo.ts";
import type { TCampaignRecord } from "../store/campaign-repo.ts";
import { DONE_KEY, RESERVED_KEY, unitField } from "../store/dispatch-ledger.ts";
import type { TShadowEntry } from "../store/shadow-repo.ts";
import type { TBatchLead, TBatchSnapshot, TBatchState, TLeadOutcome } from "./batch-types.ts";
import type { DispatchDeps } from "./candidates.ts";
import { nothingLeft, routingFacts } from "./routing.ts";

/** The campaign Instantly is asked to create for an email batch: steps refer to lead variables. */
export function instantlyCampaignInput(snapshot: TBatchSnapshot): InstantlyCampaignInput {
  const plan = snapshot.email;
  if (!plan) throw new Error(`batch ${snapshot.id} is not an email batch`);
  return {
    name: plan.name,
    schedule: plan.schedule,
    steps: plan.delays.map((delayDays, i) => ({
      delayDays,
      subject: `{{subject_${i + 1}}}`,
      body: `{{body_${i + 1}}}`,
    })),
    emailList: plan.emailList,
    dailyLimit: plan.dailyLimit,
    emailGapMinutes: plan.emailGapMinutes,
    stopOnReply: plan.stopOnReply,
    stopOnAutoReply: plan.stopOnAutoReply,
    openTracking: plan.openTracking,
    linkTracking: plan.linkTracking,
    textOnly: plan.textOnly,
    insertUnsubscribeHeader: plan.insertUnsubscribeHeader,
  };
}

/** A lead as Instantly gets it: its own subject and body of every email step as variables. */
export function instantlyLead(lead: TBatchLead): InstantlyLeadInput {
  const customVariables: Record<string, string> = {};
  lead.steps.forEach((step, i) => {
    customVariables[`subject_${i + 1}`] = step.subject ?? "";
    customVariables[`body_${i + 1}`] = step.body;
  });
  return {
    email: lead.email ?? "",
    firstName: lead.firstName || null,
    lastName: lead.lastName || null,
    companyName: lead.company,
    website: lead.website,
    customVariables,
  };
}

/** A lead as HeyReach gets it: its LinkedIn steps as custom fields. */
export function heyReachLead(lead: TBatchLead): HeyReachLeadInput {
  return {
    profileUrl: lead.linkedinUrl ?? "",
    firstName: lead.firstName,
    lastName: lead.lastName,
    companyName: lead.company,
    position: lead.title,
    emailAddress: lead.email,
    customUserFields: lead.steps.map((step) => ({
      name: `step${step.step}_message`,
      value: step.body,
    })),
  };
}

export const accountId = (account: string | null): number | null =>
  account !== null && /^\d+$/.test(account) ? Number(account) : null;

/** The tier's HeyReach campaign ids and the leads going into each. */
function byTierCampaign(
  snapshot: TBatchSnapshot,
  leads: readonly TBatchLead[],
): [number, TBatchLead[]][] {
  const campaigns = snapshot.linkedin?.campaigns ?? {};
  const groups = new Map<number, TBatchLead[]>();
  for (const lead of leads) {
    const id = Number(campaigns[lead.tier]);
    groups.set(id, [...(groups.get(id) ?? []), lead]);
  }
  return [...groups];
}

/** The requests a batch makes for `leads` (its sendable ones), in order (the shadow queue's content). */
export function batchRequests(
  snapshot: TBatchSnapshot,
  leads: readonly TBatchLead[],
): Omit<TShadowEntry, "at">[] {
  if (leads.length === 0) return [];
  const leadIds = leads.map((l) => l.leadId);
  if (snapshot.channel === "email") {
    return [
      {
        batchId: snapshot.id,
        provider: "instantly",
        channel: "email",
        leadIds: [],
        request: createCampaignRequest(instantlyCampaignInput(snapshot)),
      },
      {
        batchId: snapshot.id,
        provider: "instantly",
        channel: "email",
        leadIds,
        request: addLeadsRequest(`(campaign of ${snapshot.id})`, leads.map(instantlyLead)),
      },
    ];
  }
  const listId = Number(snapshot.linkedin?.listId);
  return [
    {
      batchId: snapshot.id,
      provider: "heyreach",
      channel: "linkedin",
      leadIds,
      request: addLeadsToListRequest(listId, leads.map(heyReachLead)),
    },
    ...byTierCampaign(snapshot, leads).map(([campaignId, group]) => ({
      batchId: snapshot.id,
      provider: "heyreach" as const,
      channel: "linkedin" as const,
      leadIds: group.map((l) => l.leadId),
      request: addLeadsToCampaignRequest(
        campaignId,
        group.map((lead) => ({
          linkedInAccountId: accountId(lead.account),
          lead: heyReachLead(lead),
        })),
      ),
    })),
  ];
}

/** Creates the batch's Instantly campaign as a draft (reused when a retry finds it created). */
export async function ensureInstantlyCampaign(
  deps: DispatchDeps,
  read: TBatchRead,
): Promise<{ campaignId: string; sandbox: boolean }> {
  const client = deps.providers("production").instantly;
  const sandbox = client.kind === "sandbox";
  if (read.state.campaignId) return { campaignId: read.state.campaignId, sandbox };
  const campaign = await client.createCampaign(instantlyCampaignInput(read.snapshot));
  const at = deps.now().toISOString();
  await deps.repos.campaigns.save({
    provider: "instantly",
    id: campaign.id,
    name: campaign.name,
    batchIds: [read.snapshot.id],
    accounts: read.snapshot.email?.emailList ?? [],
    status: "draft",
    sandbox,
    createdAt: at,
    activatedAt: null,
    activatedBy: null,
    pausedAt: null,
    pausedReason: null,
  });
  // Remembered on the batch, so a retry of a later step adds the leads to this same campaign.
  const saved = await deps.repos.batches.transition(read, {
    ...read.state,
    campaignId: campaign.id,
    sandbox,
    progress: "campaign",
  });
  if (!saved) throw new Error(`batch ${read.snapshot.id} changed while its campaign was created`);
  return { campaignId: campaign.id, sandbox };
}

/** Adds the batch's leads to its campaign; each lead's outcome from Instantly's answer. */
export async function addInstantlyLeads(
  deps: DispatchDeps,
  leads: readonly TBatchLead[],
  campaignId: string,
  /** An earlier attempt may have added them (its answer was lost): "duplicated" means ours. */
  retried: boolean,
): Promise<TLeadOutcome[]> {
  if (leads.length === 0) return [];
  const client = deps.providers("production").instantly;
  const result = await client.addLeads(campaignId, leads.map(instantlyLead));
  const created = new Map(result.created.map((c) => [c.email.trim().toLowerCase(), c.id]));
  const summary = `uploaded ${result.uploaded}, in blocklist ${result.inBlocklist}, duplicates ${result.duplicated}, invalid ${result.invalidEmails}`;
  return leads.map((lead) => {
    const id = created.get((lead.email ?? "").trim().toLowerCase());
    if (id) {
      return {
        leadId: lead.leadId,
        handed: true,
        providerRef: id,
        detail: `added to Instantly campaign ${campaignId}`,
      };
    }
    if (retried && result.duplicated > 0) {
      return {
        leadId: lead.leadId,
        handed: true,
        providerRef: null,
        detail: `in Instantly campaign ${campaignId} from an earlier attempt whose answer was lost (${summary})`,
      };
    }
    return {
      leadId: lead.leadId,
      handed: false,
      providerRef: null,
      detail: `not added by Instantly (${summary})`,
    };
  });
}

/** Adds the batch's leads to the HeyReach list, then to their tier's campaign. */
export async function addHeyReachLeads(
  deps: DispatchDeps,
  snapshot: TBatchSnapshot,
  sendable: readonly TBatchLead[],
): Promise<{ outcomes: TLeadOutcome[]; sandbox: boolean }> {
  const client = deps.providers("production").heyReach;
  if (sendable.length === 0) return { outcomes: [], sandbox: client.kind === "sandbox" };
  const listId = Number(snapshot.linkedin?.listId);
  await client.addLeadsToList(listId, sendable.map(heyReachLead));
  const outcomes: TLeadOutcome[] = [];
  for (const [campaignId, leads] of byTierCampaign(snapshot, sendable)) {
    const known = await deps.repos.campaigns.get("heyreach", String(campaignId));
    const result = await client.addLeadsToCampaign(
      campaignId,
      leads.map((lead) => ({
        linkedInAccountId: accountId(lead.account),
        lead: heyReachLead(lead),
      })),
    );
    // HeyReach answers counts, not which lead failed: a lead that may be in the campaign counts
    // as handed (never sent again), unless every lead of the call failed.
    const handed = result.failed < leads.length;
    const paused = known?.status === "paused" ? " (the campaign is paused)" : "";
    for (const lead of leads) {
      outcomes.push({
        leadId: lead.leadId,
        handed,
        providerRef: String(campaignId),
        detail: `HeyReach campaign ${campaignId}${paused}: added ${result.added}, updated ${result.updated}, failed ${result.failed}`,
      });
    }
    await rememberHeyReachCampaign(deps, known, campaignId, snapshot.id, client.kind === "sandbox");
  }
  return { outcomes, sandbox: client.kind === "sandbox" };
}

/**
 * Records a HeyReach campaign this system added leads to (the emergency stop pauses each one),
 * with the batch that added them. A campaign the emergency stop paused stays paused: resuming it
 * is a person's act.
 */
export async function rememberHeyReachCampaign(
  deps: Pick<DispatchDeps, "repos" | "now">,
  known: TCampaignRecord | null,
  campaignId: number,
  batchId: string,
  sandbox: boolean,
): Promise<void> {
  const at = deps.now().toISOString();
  await deps.repos.campaigns.save({
    provider: "heyreach",
    id: String(campaignId),
    name: known?.name ?? `HeyReach campaign ${campaignId}`,
    batchIds: [...new Set([...(known?.batchIds ?? []), batchId])],
    status: known?.status ?? "active",
    sandbox,
    createdAt: known?.createdAt ?? at,
    activatedAt: known?.activatedAt ?? at,
    activatedBy: known?.activatedBy ?? "dispatch",
    pausedAt: known?.pausedAt ?? null,
    pausedReason: known?.pausedReason ?? null,
  });
}

/**
 * Takes out of the approved pool the batch's cards that have nothing left to send: every channel
 * routing can send them on (routing.ts, the plan's own rule) is done — read after this batch's own
 * record, so of two batches of one card finishing together, the later one always sees both.
 */
export async function retireFinishedCards(deps: DispatchDeps, snapshot: TBatchSnapshot) {
  const cardIds = snapshot.leads.map((l) => l.cardId);
  const [cards, leads, done] = await Promise.all([
    deps.repos.cards.getMany(cardIds),
    deps.repos.leads.getMany(snapshot.leads.map((l) => l.leadId)),
    deps.repos.ledger.doneOf(
      cardIds.flatMap((id) => [unitField(id, "email"), unitField(id, "linkedin")]),
    ),
  ]);
  const finished = cardIds.filter((cardId, i) => {
    const card = cards[i];
    if (!card) return true;
    const facts = routingFacts(card, leads[i] ?? null);
    return nothingLeft(deps.config, facts, (channel) => done.has(unitField(cardId, channel)));
  });
  if (finished.length > 0) await deps.repos.cards.leaveDispatchQueue(finished);
  return finished;
}

/**
 * Records a batch as sent (live or shadow): its state, done card channels, each lead's channel
 * entry and timeline, the shadow requests. False when the batch's state changed meanwhile.
 */
export async function recordSent(
  deps: DispatchDeps,
  read: TBatchRead,
  outcome: {
    mode: "live" | "shadow";
    outcomes: TLeadOutcome[];
    sandbox: boolean;
    shadow: TShadowEntry[];
    campaignId: string | null;
  },
): Promise<boolean> {
  const { snapshot } = read;
  const at = deps.now().toISOString();
  const next: TBatchState = {
    ...read.state,
    status: "sent",
    at,
    mode: outcome.mode,
    campaignId: outcome.campaignId,
    sandbox: outcome.sandbox,
    outcomes: outcome.outcomes,
  };
  const handed = new Map(outcome.outcomes.map((o) => [o.leadId, o]));
  return deps.repos.batches.transition(read, next, (writes) => {
    const fields = snapshot.leads.map((l) => unitField(l.cardId, snapshot.channel));
    writes.hdel(RESERVED_KEY, ...fields);
    writes.hset(DONE_KEY, Object.fromEntries(fields.map((f) => [f, snapshot.id])));
    for (const lead of snapshot.leads) {
      const result = handed.get(lead.leadId);
      if (!result) continue;
      const entry = {
        mode: outcome.mode,
        at,
        batchId: snapshot.id,
        cardId: lead.cardId,
        providerRef: result.providerRef,
      };
      if (outcome.mode === "shadow" || result.handed) {
        deps.repos.outreach.recordEntry(
          writes,
          lead.leadId,
          snapshot.channel,
          entry,
          result.detail,
        );
      } else {
        deps.repos.outreach.appendTo(writes, lead.leadId, [
          {
            at,
            type: `${snapshot.channel}.not_added`,
            channel: snapshot.channel,
            detail: result.detail,
            batchId: snapshot.id,
          },
        ]);
      }
    }
    deps.repos.shadow.appendTo(writes, outcome.shadow);
  });
}
