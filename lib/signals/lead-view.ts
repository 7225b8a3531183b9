// One lead as the operator reads it: who they are, their score and why, their overall status (the
// funnel's), where the pipeline left them, their outreach status, each channel's entry, any
// suppression, and their whole timeline (the pipeline's and the decision's entries beside those of
// dispatch, signals and the cadence).
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { mergeTimelines, pipelineEntries } from "./pipeline-timeline.ts";

export async function leadView(deps: Pick<FunctionDeps, "repos">, leadId: string) {
  const [[lead], [outreach], timeline, [overall]] = await Promise.all([
    deps.repos.leads.getMany([leadId]),
    deps.repos.outreach.getMany([leadId]),
    deps.repos.outreach.timeline(leadId),
    deps.repos.leadIndex.statusOf([leadId]),
  ]);
  if (!lead) return null;
  const [card] = lead.cardId ? await deps.repos.cards.getMany([lead.cardId]) : [null];
  const profile = lead.profile;
  const [suppression] = await deps.repos.suppression.findMany([
    {
      email: profile?.email ?? lead.keys.email,
      linkedinUrl: profile?.linkedinUrl ?? lead.keys.linkedinUrl,
    },
  ]);
  return {
    id: lead.id,
    name: profile
      ? `${profile.firstName} ${profile.lastName}`.trim()
      : (lead.search?.firstName ?? ""),
    title: profile?.title ?? null,
    company: profile?.company.name ?? null,
    email: profile?.email ?? lead.keys.email,
    linkedinUrl: profile?.linkedinUrl ?? lead.keys.linkedinUrl,
    campaigns: lead.campaigns,
    /** The one status the funnel counts the lead at (pipeline, decision, then outreach). */
    overallStatus: overall ?? null,
    pipeline: { status: lead.status, dropped: lead.dropped, cardId: lead.cardId },
    score: lead.score,
    verification: lead.verification,
    status: outreach?.engagement ?? null,
    channels: { email: outreach?.email ?? null, linkedin: outreach?.linkedin ?? null },
    suppression: suppression ?? null,
    timeline: mergeTimelines(pipelineEntries(lead, card ?? null), timeline),
  };
}
