// The operator's lead list: leads at a status (every lead when none is asked), newest first,
// filtered by tier and campaign, a page at a time with a cursor (how far into the status's index
// the previous page read), each as one row; and the funnel — how many leads stand at each status.
import type { FunctionDeps } from "../runtime/function-deps.ts";
import type { TTier } from "../scoring/score-types.ts";
import { scanIndex } from "../store/index-scan.ts";
import { INDEX_STATUSES, type TIndexStatus } from "../store/lead-index.ts";

export type TLeadQuery = {
  status: TIndexStatus | null;
  tier: TTier | null;
  campaign: string | null;
  cursor: number;
  limit: number;
};

/** Index entries read per request at most, so a rare filter cannot make one request scan everything. */
const MAX_SCANNED = 5_000;

export async function listLeads(deps: Pick<FunctionDeps, "repos">, query: TLeadQuery) {
  const { repos } = deps;
  const page = await scanIndex({
    cursor: query.cursor,
    limit: query.limit,
    chunk: Math.max(query.limit * 2, 50),
    maxScanned: MAX_SCANNED,
    read: async (at, count) => {
      const slice = await repos.leadIndex.slice(query.status, at, count);
      const [{ items }, statuses] = await Promise.all([
        repos.leads.listMany(slice.ids, ["enrich", "score", "state"]),
        repos.leadIndex.statusOf(slice.ids),
      ]);
      return {
        items: items.map((lead, i) => (lead ? { lead, status: statuses[i] ?? null } : null)),
        total: slice.total,
      };
    },
    keep: ({ lead, status }) => {
      if (query.tier && lead.score?.tier !== query.tier) return null;
      if (query.campaign && !lead.campaigns.includes(query.campaign)) return null;
      const profile = lead.profile;
      return {
        id: lead.id,
        name: profile
          ? `${profile.firstName} ${profile.lastName}`.trim()
          : lead.given
            ? `${lead.given.firstName} ${lead.given.lastName}`.trim()
            : (lead.search?.firstName ?? "").trim(),
        title: profile?.title ?? lead.given?.title ?? lead.search?.title ?? null,
        company:
          profile?.company.name ?? lead.given?.company ?? lead.search?.organizationName ?? null,
        status,
        tier: lead.score?.tier ?? null,
        score: lead.score?.score ?? null,
        campaigns: lead.campaigns,
        updatedAt: lead.updatedAt,
      };
    },
  });
  return {
    leads: page.rows,
    /** Leads at this status (or in all) before the tier and campaign filters. */
    total: page.total,
    nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
  };
}

/** How many leads stand at each status, in the statuses' order, with the total. */
export async function leadFunnel(deps: Pick<FunctionDeps, "repos">) {
  const counts = await deps.repos.leadIndex.funnel();
  const statuses = INDEX_STATUSES.map((status) => ({ status, count: counts[status] }));
  return { statuses, total: statuses.reduce((sum, s) => sum + s.count, 0) };
}
