// Scrape stage logic: page through Apollo's people search with the campaign's targets, then turn
// every hit into one lead record (a person already known is found, not duplicated).
import type { TLeadStatus } from "../leads/lead-record.ts";
import type { TSearchPerson } from "../leads/profile.ts";
import { campaignTarget, type StageDeps } from "./stage-deps.ts";

/** Apollo's page size limit. */
export const SEARCH_PAGE_SIZE = 100;

/** Lead statuses that mean the pipeline is done with the person: a new run leaves them alone. */
const FINISHED: ReadonlySet<TLeadStatus> = new Set(["queued", "dropped", "disqualified"]);

/** The pages to fetch for `limit` people. */
export function searchPlan(limit: number): { pages: number; perPage: number } {
  const perPage = Math.min(SEARCH_PAGE_SIZE, limit);
  return { pages: Math.ceil(limit / perPage), perPage };
}

export async function searchPage(
  deps: StageDeps,
  campaign: string,
  page: number,
  perPage: number,
): Promise<TSearchPerson[]> {
  const target = campaignTarget(deps.config, campaign);
  const result = await deps.providers.apollo.searchPeople({
    ...target.apollo,
    page,
    per_page: perPage,
  });
  return result.people;
}

export type TScrapeResult = {
  /** Leads to take through the pipeline: new people, and known ones not yet finished. */
  leadIds: string[];
  found: number;
  created: number;
  alreadyProcessed: number;
};

/** Stores the hits as leads (two or three round trips for the whole scrape). */
export async function storeScraped(
  deps: StageDeps,
  campaign: string,
  people: readonly TSearchPerson[],
): Promise<TScrapeResult> {
  const target = campaignTarget(deps.config, campaign);
  const eventSignals = target.signals.filter((s) => !s.startsWith("uses_"));
  const results = await deps.repos.leads.upsertFromSearch(people, campaign, eventSignals);
  const open = results.filter((r) => !FINISHED.has(r.lead.status));
  return {
    leadIds: open.map((r) => r.lead.id),
    found: results.length,
    created: results.filter((r) => r.created).length,
    alreadyProcessed: results.length - open.length,
  };
}
