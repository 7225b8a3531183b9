// Enrich stage logic: the enrichment cache first (a known person never costs a second credit),
// then Apollo bulk match, then BetterContact for the people Apollo found without an email.
// Leads that end with no usable email, or that turn out to be a person we already have, are
// dropped with the reason recorded.
import { canonicalEmail, canonicalLinkedinUrl, type IdentityKeys } from "../leads/identity.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import type { BetterContactInput, BetterContactResult } from "../providers/index.ts";
import type { StageDeps } from "./stage-deps.ts";

/** Apollo's bulk match takes ten people per call. */
export const APOLLO_MATCH_CHUNK = 10;
/** Waits before each BetterContact poll: about four minutes in all, then we stop waiting. */
export const BETTERCONTACT_POLL_WAITS = ["10s", "20s", "30s", "1m", "2m"] as const;

export type TEnrichPlan = {
  /** Profiles found in the cache, by lead id. */
  cached: Record<string, TPersonProfile>;
  /** Leads to send to Apollo, with what identifies them there. */
  toMatch: { leadId: string; apolloId: string }[];
  /** Leads with nothing Apollo can match on. */
  unmatchable: string[];
};

/** Looks every lead up in the enrichment cache (two round trips for the batch). */
export async function planEnrichment(
  deps: StageDeps,
  leadIds: readonly string[],
): Promise<TEnrichPlan> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(
    (l): l is TLeadRecord => l !== null,
  );
  const hits = await deps.repos.enrichment.lookup(leads.map((l) => l.keys));
  const plan: TEnrichPlan = { cached: {}, toMatch: [], unmatchable: [] };
  leads.forEach((lead, i) => {
    const hit = hits[i];
    if (hit) plan.cached[lead.id] = hit;
    else if (lead.keys.apolloId)
      plan.toMatch.push({ leadId: lead.id, apolloId: lead.keys.apolloId });
    else plan.unmatchable.push(lead.id);
  });
  return plan;
}

/** One Apollo bulk match call for up to ten leads; null where Apollo found nobody. */
export async function matchWithApollo(
  deps: StageDeps,
  people: readonly { leadId: string; apolloId: string }[],
): Promise<Record<string, TPersonProfile | null>> {
  const result = await deps.providers.apollo.bulkMatch(people.map((p) => ({ id: p.apolloId })));
  const out: Record<string, TPersonProfile | null> = {};
  people.forEach((p, i) => {
    out[p.leadId] = result.matches[i] ?? null;
  });
  return out;
}

/** The people BetterContact can look for: matched without an email, with a name and a company. */
export function betterContactCandidates(
  profiles: Record<string, TPersonProfile | null>,
): BetterContactInput[] {
  const out: BetterContactInput[] = [];
  for (const [leadId, profile] of Object.entries(profiles)) {
    if (!profile || canonicalEmail(profile.email) || !profile.lastName.trim()) continue;
    out.push({
      uuid: leadId,
      firstName: profile.firstName,
      lastName: profile.lastName,
      company: profile.company.name,
      companyDomain: profile.company.domain,
      linkedinUrl: profile.linkedinUrl,
    });
  }
  return out;
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

export type TEnrichOutcome = { enriched: string[]; dropped: { leadId: string; reason: string }[] };

/**
 * Writes what enrichment learned: profiles (with BetterContact's email where Apollo had none),
 * identity keys, the cache, and drop reasons. Four round trips for the batch.
 */
export async function saveEnrichment(
  deps: StageDeps,
  leadIds: readonly string[],
  found: {
    cached: Record<string, TPersonProfile>;
    matched: Record<string, TPersonProfile | null>;
    betterContact: Record<string, BetterContactResult>;
    betterContactFinished: boolean;
  },
): Promise<TEnrichOutcome> {
  const leads = (await deps.repos.leads.getMany(leadIds)).filter(
    (l): l is TLeadRecord => l !== null,
  );
  const at = deps.now().toISOString();
  const profiles = leads.map((lead) => profileFor(lead.id, found));
  const owners = await deps.repos.leads.ownersOfEmails(
    profiles.map((p) => canonicalEmail(p?.profile.email)),
  );
  const outcome: TEnrichOutcome = { enriched: [], dropped: [] };
  const toCache: { identity: IdentityKeys; profile: TPersonProfile }[] = [];
  const claimed = new Map<string, string>();
  const updated = leads.map((lead, i): TLeadRecord => {
    const entry = profiles[i];
    const email = canonicalEmail(entry?.profile.email);
    const drop = (reason: string): TLeadRecord => {
      outcome.dropped.push({ leadId: lead.id, reason });
      return {
        ...lead,
        profile: entry?.profile ?? lead.profile,
        status: "dropped",
        dropped: { stage: "enrich", reason },
        updatedAt: at,
      };
    };
    if (!entry) return drop("Apollo found no match for this person");
    const keys: IdentityKeys = {
      email,
      apolloId: lead.keys.apolloId ?? entry.profile.apolloId,
      linkedinUrl: canonicalLinkedinUrl(entry.profile.linkedinUrl) ?? lead.keys.linkedinUrl,
    };
    if (entry.source !== "cache") toCache.push({ identity: keys, profile: entry.profile });
    if (!email) {
      return drop(
        found.betterContactFinished
          ? "no email found by Apollo or BetterContact"
          : "no email found by Apollo; BetterContact did not finish in time",
      );
    }
    const owner = owners[i] ?? claimed.get(email);
    if (owner && owner !== lead.id) return drop(`same person as ${owner} (email already known)`);
    claimed.set(email, lead.id);
    outcome.enriched.push(lead.id);
    return {
      ...lead,
      keys,
      profile: entry.profile,
      enrichment: { source: entry.source, at },
      status: "enriched",
      dropped: null,
      updatedAt: at,
    };
  });
  await deps.repos.leads.saveMany(updated);
  await deps.repos.enrichment.store(toCache);
  return outcome;
}

/** The lead's profile and where it came from, with BetterContact's email merged in. */
function profileFor(
  leadId: string,
  found: Parameters<typeof saveEnrichment>[2],
): { profile: TPersonProfile; source: "cache" | "apollo" | "bettercontact" } | null {
  const cached = found.cached[leadId];
  if (cached) return { profile: cached, source: "cache" };
  const matched = found.matched[leadId];
  if (!matched) return null;
  const extra = found.betterContact[leadId];
  if (canonicalEmail(matched.email) || !extra) return { profile: matched, source: "apollo" };
  return {
    source: "bettercontact",
    profile: {
      ...matched,
      email: extra.email,
      emailStatus: extra.emailStatus,
      emailSource: "bettercontact",
      linkedinUrl: matched.linkedinUrl ?? extra.linkedinUrl,
    },
  };
}
