// Website visitors RB2B identified, entering the pipeline: a person we have no lead for becomes a
// new lead of the `website_visitors` campaign with the `website_visit` signal (its score counts
// it), to be enriched by its LinkedIn URL or email, verified, scored and crafted like any other;
// a person we already know gets the visit on their timeline (and the signal), and is not run
// through the pipeline again.
import {
  canonicalEmail,
  canonicalLinkedinUrl,
  identityKeys,
  leadIdFor,
} from "../leads/identity.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import { newRunId } from "../pipeline/start-run.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";

export const VISITOR_CAMPAIGN = "website_visitors";
export const VISITOR_SIGNAL = "website_visit";

export type TVisitor = {
  visitorId: string;
  linkedinUrl?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  company?: string | undefined;
  title?: string | undefined;
  capturedUrl?: string | undefined;
  seenAt?: string | undefined;
};

export type TVisitorsEntered = {
  /** The run the new leads enter (null when every visitor was known). */
  runId: string | null;
  created: string[];
  known: string[];
};

const visitLine = (visitor: TVisitor) =>
  `visited ${visitor.capturedUrl ?? "the website"}${visitor.name ? ` as ${visitor.name}` : ""}${visitor.company ? ` (${visitor.company})` : ""}`;

export async function enterVisitors(
  deps: Pick<FunctionDeps, "repos" | "now" | "config">,
  visitors: readonly TVisitor[],
): Promise<TVisitorsEntered> {
  const { repos } = deps;
  const at = deps.now().toISOString();
  const created = new Map<string, TLeadRecord>();
  const known = new Map<string, TVisitor>();
  for (const visitor of visitors) {
    const email = canonicalEmail(visitor.email);
    const linkedinUrl = canonicalLinkedinUrl(visitor.linkedinUrl);
    const owner =
      (linkedinUrl && (await repos.leads.ownerOf("linkedinUrl", linkedinUrl))) ||
      (email && (await repos.leads.ownerOf("email", email))) ||
      null;
    if (owner) {
      known.set(owner, visitor);
      continue;
    }
    const keys = identityKeys({ email, linkedinUrl });
    const id = leadIdFor(keys);
    if (created.has(id)) continue;
    created.set(id, {
      id,
      campaigns: [VISITOR_CAMPAIGN],
      keys,
      search: null,
      profile: null,
      enrichment: null,
      verification: null,
      signals: [VISITOR_SIGNAL],
      score: null,
      status: "scraped",
      dropped: null,
      cardId: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  const fresh = [...created.values()];
  if (fresh.length > 0) await repos.leads.saveMany(fresh);
  for (const [leadId, visitor] of known) {
    await repos.outreach.append(leadId, [
      {
        at: visitor.seenAt ?? at,
        type: "rb2b.visit",
        channel: null,
        detail: visitLine(visitor),
        batchId: null,
      },
    ]);
  }
  for (const lead of fresh) {
    const visitor = visitors.find(
      (v) =>
        canonicalLinkedinUrl(v.linkedinUrl) === lead.keys.linkedinUrl ||
        canonicalEmail(v.email) === lead.keys.email,
    );
    if (visitor) {
      await repos.outreach.append(lead.id, [
        {
          at: visitor.seenAt ?? at,
          type: "rb2b.visit",
          channel: null,
          detail: `${visitLine(visitor)}: a new lead`,
          batchId: null,
        },
      ]);
    }
  }
  if (fresh.length === 0) return { runId: null, created: [], known: [...known.keys()] };
  const runId = newRunId(deps.now());
  await repos.runs.create(
    {
      id: runId,
      campaign: VISITOR_CAMPAIGN,
      mode: "production",
      limit: fresh.length,
      requestedBy: "rb2b",
    },
    undefined,
    false,
  );
  await repos.runs.setExpectedBatches(runId, 1);
  return { runId, created: fresh.map((l) => l.id), known: [...known.keys()] };
}
