// Stops a lead on every channel it is live on, once a signal says nobody may contact it again: its
// Instantly lead is deleted from the batch's campaign (Instantly keeps sending a lead's steps
// otherwise) and its HeyReach lead is stopped in its campaign. Each stop is recorded on the
// timeline; a provider that fails is reported (the function retries), one already done is not
// redone (Instantly answers 404 for a lead already gone).
import { canonicalLinkedinUrl } from "../leads/identity.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import type { TTimelineEntry } from "../store/outreach-repo.ts";

export async function stopEverywhere(
  deps: FunctionDeps,
  leadId: string,
  reason: string,
): Promise<{ stopped: string[]; unstoppable: string[] }> {
  const [[outreach], [lead], cadence] = await Promise.all([
    deps.repos.outreach.getMany([leadId]),
    deps.repos.leads.getMany([leadId]),
    deps.repos.cadences.get(leadId),
  ]);
  const providers = deps.providers("production");
  const at = deps.now().toISOString();
  const entries: TTimelineEntry[] = [];
  const stopped: string[] = [];
  const unstoppable: string[] = [];
  const email = outreach?.email;
  if (email?.mode === "live" && !email.providerRef) {
    unstoppable.push(`email: no Instantly lead id was recorded for batch ${email.batchId}`);
  }
  if (email?.mode === "live" && email.providerRef) {
    const { deleted } = await providers.instantly.deleteLead(email.providerRef);
    stopped.push("email");
    entries.push({
      at,
      type: "email.stopped",
      channel: "email",
      detail: `${reason}: ${deleted ? "removed from" : "already gone from"} its Instantly campaign`,
      batchId: email.batchId,
    });
  }
  const linkedin = outreach?.linkedin;
  const url = canonicalLinkedinUrl(lead?.profile?.linkedinUrl ?? lead?.keys.linkedinUrl);
  if (linkedin?.mode === "live" && url) {
    // The tier's campaign (the connection request) and each later step's campaign it went into.
    const campaigns = new Set(
      [
        linkedin.providerRef,
        ...(cadence?.steps ?? [])
          .filter(
            (s) => s.channel === "linkedin" && (s.status === "dispatched" || s.status === "sent"),
          )
          .map((s) => s.providerRef),
      ].filter((id): id is string => id !== null && /^\d+$/.test(id)),
    );
    for (const campaignId of campaigns) {
      await providers.heyReach.stopLeadInCampaign(Number(campaignId), url);
      entries.push({
        at,
        type: "linkedin.stopped",
        channel: "linkedin",
        detail: `${reason}: stopped in HeyReach campaign ${campaignId}`,
        batchId: linkedin.batchId,
      });
    }
    if (campaigns.size > 0) stopped.push("linkedin");
  }
  for (const problem of unstoppable) {
    entries.push({
      at,
      type: "stop.failed",
      channel: null,
      detail: `${reason}: ${problem}`,
      batchId: null,
    });
  }
  await deps.repos.outreach.append(leadId, entries);
  return { stopped, unstoppable };
}
