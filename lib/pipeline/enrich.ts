// Enrich stage logic: a lead that already has a profile is never paid for again; the others go
// to Apollo bulk match (ten per call, all of a batch in one step), then BetterContact for the
// people Apollo found without an email. Every paid answer is stored on the lead as it arrives, so
// a retried step resumes where it failed instead of paying twice. Leads that end with no usable
// email, or that turn out to be a person we already have, are dropped with the reason recorded.
import { canonicalEmail, canonicalLinkedinUrl, type IdentityKeys } from "../leads/identity.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import { APOLLO_MAX_MATCH_DETAILS } from "../providers/apollo-query.ts";
import { BETTERCONTACT_MAX_CONTACTS } from "../providers/bettercontact-input.ts";
import type { BetterContactInput, BetterContactResult } from "../providers/index.ts";
import { chunk } from "./batches.ts";
import type { StageDeps } from "./stage-deps.ts";

/** Waits before each BetterContact poll: about four minutes in all, then we stop waiting. */
export const BETTERCONTACT_POLL_WAITS = ["10s", "20s", "30s", "1m", "2m"] as const;

const present = (lead: TLeadRecord | null): lead is TLeadRecord => lead !== null;

export type TMatchOutcome = {
  /** Leads whose profile was already known (no credit spent). */
  known: number;
  /** Apollo bulk-match calls made. */
  apolloCalls: number;
  /** Leads Apollo matched without an email, for BetterContact. */
  needEmail: string[];
};

/**
 * Matches the batch's leads that have no profile yet with Apollo, ten per call, storing each
 * call's profiles before the next call.
 */
export async function matchBatch(
  deps: StageDeps,
  leadIds: readonly string[],
): Promise<TMatchOutcome> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(present);
  // A search hit by its Apollo id; a website visitor or CRM contact by its LinkedIn URL or email,
  // with the name and company its source gave.
  const toMatch = leads.filter(
    (lead) => !lead.profile && (lead.keys.apolloId || lead.keys.linkedinUrl || lead.keys.email),
  );
  const outcome: TMatchOutcome = {
    known: leads.filter((lead) => lead.profile).length,
    apolloCalls: 0,
    needEmail: leads.filter((lead) => lead.profile && wantsEmail(lead.profile)).map((l) => l.id),
  };
  const at = deps.now().toISOString();
  for (const part of chunk(toMatch, APOLLO_MAX_MATCH_DETAILS)) {
    const result = await deps.providers.apollo.bulkMatch(
      part.map((lead) =>
        lead.keys.apolloId
          ? { id: lead.keys.apolloId }
          : {
              ...(lead.keys.linkedinUrl && { linkedin_url: lead.keys.linkedinUrl }),
              ...(lead.keys.email && { email: lead.keys.email }),
              ...(lead.given?.firstName && { first_name: lead.given.firstName }),
              ...(lead.given?.lastName && { last_name: lead.given.lastName }),
              ...(lead.given?.company && { organization_name: lead.given.company }),
            },
      ),
    );
    outcome.apolloCalls += 1;
    const matched = part.flatMap((lead, i): TLeadRecord[] => {
      const profile = result.matches[i];
      return profile ? [{ ...lead, profile, enrichment: { source: "apollo", at } }] : [];
    });
    await deps.repos.leads.save(matched, ["enrich"]);
    for (const lead of matched)
      if (lead.profile && wantsEmail(lead.profile)) outcome.needEmail.push(lead.id);
  }
  return outcome;
}

/** Matched without an email, and with the name BetterContact needs to look for one. */
function wantsEmail(profile: TPersonProfile): boolean {
  return !canonicalEmail(profile.email) && profile.lastName.trim() !== "";
}

/** Submits the leads Apollo found without an email to BetterContact, ≤100 per request. */
export async function submitToBetterContact(
  deps: StageDeps,
  leadIds: readonly string[],
): Promise<string[]> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(present);
  const contacts = leads.flatMap((lead): BetterContactInput[] => {
    const profile = lead.profile;
    if (!profile || !wantsEmail(profile)) return [];
    return [
      {
        uuid: lead.id,
        firstName: profile.firstName,
        lastName: profile.lastName,
        company: profile.company.name,
        companyDomain: profile.company.domain,
        linkedinUrl: profile.linkedinUrl,
      },
    ];
  });
  const requestIds: string[] = [];
  for (const part of chunk(contacts, BETTERCONTACT_MAX_CONTACTS)) {
    requestIds.push((await deps.providers.betterContact.submit(part)).requestId);
  }
  return requestIds;
}

/**
 * Polls BetterContact requests; each finished one has its usable emails stored on its leads.
 * Returns the requests that finished.
 */
export async function pollBetterContact(
  deps: StageDeps,
  requestIds: readonly string[],
): Promise<string[]> {
  const finished: string[] = [];
  for (const requestId of requestIds) {
    const poll = await deps.providers.betterContact.poll(requestId);
    if (!poll.done) continue;
    await storeBetterContactEmails(deps, usableBetterContactResults(poll.results));
    finished.push(requestId);
  }
  return finished;
}

/** BetterContact's findings that carry a usable email, by lead id. */
export function usableBetterContactResults(
  results: readonly BetterContactResult[],
): Record<string, BetterContactResult> {
  const out: Record<string, BetterContactResult> = {};
  for (const result of results) {
    const usable =
      canonicalEmail(result.email) &&
      result.emailStatus !== "undeliverable" &&
      result.emailStatus !== "not_found";
    if (usable) out[result.uuid] = result;
  }
  return out;
}

async function storeBetterContactEmails(
  deps: StageDeps,
  found: Record<string, BetterContactResult>,
): Promise<void> {
  const ids = Object.keys(found);
  if (ids.length === 0) return;
  const at = deps.now().toISOString();
  const leads = (await deps.repos.leads.getMany(ids)).filter(present);
  const updated = leads.flatMap((lead): TLeadRecord[] => {
    const extra = found[lead.id];
    const profile = lead.profile;
    if (!extra || !profile || canonicalEmail(profile.email)) return [];
    return [
      {
        ...lead,
        profile: {
          ...profile,
          email: extra.email,
          emailStatus: extra.emailStatus,
          emailSource: "bettercontact",
          linkedinUrl: profile.linkedinUrl ?? extra.linkedinUrl,
        },
        enrichment: { source: "bettercontact", at },
      },
    ];
  });
  await deps.repos.leads.save(updated, ["enrich"]);
}

export type TEnrichOutcome = { enriched: string[]; dropped: { leadId: string; reason: string }[] };

/**
 * Settles the batch: a lead with a usable email that no other lead owns is enriched (its identity
 * keys claimed); the others are dropped with the reason.
 */
export async function settleEnrichment(
  deps: StageDeps,
  leadIds: readonly string[],
  betterContactFinished: boolean,
): Promise<TEnrichOutcome> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(present);
  const at = deps.now().toISOString();
  // Leads with an email no other lead holds yet claim it (and their LinkedIn URL) as a batch.
  const withKeys = leads.map((lead): TLeadRecord => {
    const profile = lead.profile;
    const email = canonicalEmail(profile?.email);
    if (!profile || !email) return lead;
    const keys: IdentityKeys = {
      email,
      apolloId: lead.keys.apolloId ?? profile.apolloId,
      linkedinUrl: canonicalLinkedinUrl(profile.linkedinUrl) ?? lead.keys.linkedinUrl,
    };
    return { ...lead, keys };
  });
  const owners = await deps.repos.leads.ownersOfEmails(withKeys.map((lead) => lead.keys.email));
  const claimants = withKeys.filter((lead, i) => lead.keys.email && !owners[i]);
  const claims = await deps.repos.leads.claimIdentities(claimants);
  const ownerOf = new Map(claimants.map((lead, i) => [lead.id, claims[i] ?? null]));
  const outcome: TEnrichOutcome = { enriched: [], dropped: [] };
  const enriched: TLeadRecord[] = [];
  const dropped: TLeadRecord[] = [];
  for (const [i, lead] of withKeys.entries()) {
    const owner = owners[i] ?? ownerOf.get(lead.id);
    const reason = !lead.profile
      ? "Apollo found no match for this person"
      : !lead.keys.email
        ? betterContactFinished
          ? "no email found by Apollo or BetterContact"
          : "no email found by Apollo; BetterContact did not finish in time"
        : owner && owner !== lead.id
          ? `same person as ${owner} (email already known)`
          : null;
    if (reason === null) {
      outcome.enriched.push(lead.id);
      enriched.push({ ...lead, status: "enriched", dropped: null, updatedAt: at });
      continue;
    }
    outcome.dropped.push({ leadId: lead.id, reason });
    const original = leads[i] as TLeadRecord;
    dropped.push({
      ...original,
      status: "dropped",
      dropped: { stage: "enrich", reason },
      updatedAt: at,
    });
  }
  await deps.repos.leads.save(enriched, ["keys", "state"]);
  await deps.repos.leads.save(dropped, ["state"]);
  return outcome;
}
