// Scrape stage logic: page through Apollo's people search with the campaign's targets, then turn
// every hit into one lead record (a person already known is found, not duplicated).
import type { TLeadStatus } from "../leads/lead-record.ts";
import type { TSearchPerson } from "../leads/profile.ts";
import { campaignTarget, type StageDeps } from "./stage-deps.ts";

/** Apollo's page size limit. */
export const SEARCH_PAGE_SIZE = 100;
/** Search pages fetched and stored per Inngest step: one step per 500 people found. */
export const SEARCH_PAGES_PER_STEP = 5;

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

export type TSearchPart = TScrapeResult & {
  /** The run was cancelled: nothing was fetched. */
  cancelled: boolean;
  /** When the stage started (the first part's time is the stage's). */
  startedAt: number;
  /** Apollo has no more people after these pages. */
  exhausted: boolean;
};

/**
 * One step of the scrape: fetches up to `pages` search pages from `fromPage` (stopping at `want`
 * people or when Apollo runs out) and stores them as leads, returning only their ids, so a step's
 * memoised output stays small however many people a run takes.
 */
export async function searchAndStore(
  deps: StageDeps,
  request: {
    runId: string;
    campaign: string;
    fromPage: number;
    pages: number;
    perPage: number;
    want: number;
  },
): Promise<TSearchPart> {
  const startedAt = Date.now();
  const run = await deps.repos.runs.get(request.runId);
  const empty = { leadIds: [], found: 0, created: 0, alreadyProcessed: 0 };
  if (run?.status === "cancelled") {
    return { ...empty, cancelled: true, startedAt, exhausted: true };
  }
  const people: TSearchPerson[] = [];
  let exhausted = false;
  for (let page = request.fromPage; page < request.fromPage + request.pages; page++) {
    const found = await searchPage(deps, request.campaign, page, request.perPage);
    people.push(...found);
    if (found.length < request.perPage || people.length >= request.want) {
      exhausted = found.length < request.perPage;
      break;
    }
  }
  const stored = await storeScraped(deps, request.campaign, people.slice(0, request.want));
  return { ...stored, cancelled: false, startedAt, exhausted };
}
