// People who enter the pipeline from outside a search — website visitors from RB2B, contacts the
// revival motion brings back from the CRM: a person we have no lead for becomes a new lead of the
// given campaign with the given signal (its score counts it when the campaign looks for it), to
// be enriched by LinkedIn URL or email, verified, scored and crafted like any other, in one run
// per call (runs of such campaigns may overlap); a person we already know gets a timeline line
// and is not run through the pipeline again. The caller announces `leads.scraped` for the run.
import {
  canonicalEmail,
  canonicalLinkedinUrl,
  identityKeys,
  leadIdFor,
} from "../leads/identity.ts";
import type { TLeadRecord } from "../leads/lead-record.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";
import { newRunId } from "./start-run.ts";

export type TPerson = {
  linkedinUrl?: string | null | undefined;
  email?: string | null | undefined;
  /** When it happened (the visit, the last CRM activity); now when unknown. */
  at?: string | null | undefined;
  /** The timeline line: what brought the person. */
  detail: string;
};

export type TEntered = {
  /** The run the new leads enter (null when every person was known). */
  runId: string | null;
  created: string[];
  known: string[];
};

export async function enterPeople(
  deps: Pick<FunctionDeps, "repos" | "now">,
  people: readonly TPerson[],
  entry: {
    campaign: string;
    signal: string;
    source: string;
    timelineType: string;
    /** "sandbox" when the people are generated (a sandbox CRM): they never reach a live provider. */
    mode: "sandbox" | "production";
  },
): Promise<TEntered> {
  const { repos } = deps;
  const at = deps.now().toISOString();
  const created = new Map<string, { lead: TLeadRecord; person: TPerson }>();
  const known = new Map<string, TPerson>();
  for (const person of people) {
    const email = canonicalEmail(person.email);
    const linkedinUrl = canonicalLinkedinUrl(person.linkedinUrl);
    const owner =
      (linkedinUrl && (await repos.leads.ownerOf("linkedinUrl", linkedinUrl))) ||
      (email && (await repos.leads.ownerOf("email", email))) ||
      null;
    if (owner) {
      known.set(owner, person);
      continue;
    }
    if (!email && !linkedinUrl) continue;
    const keys = identityKeys({ email, linkedinUrl });
    const id = leadIdFor(keys);
    if (created.has(id)) continue;
    created.set(id, {
      person,
      lead: {
        id,
        campaigns: [entry.campaign],
        keys,
        search: null,
        profile: null,
        enrichment: null,
        verification: null,
        signals: [entry.signal],
        score: null,
        status: "scraped",
        dropped: null,
        cardId: null,
        createdAt: at,
        updatedAt: at,
      },
    });
  }
  const fresh = [...created.values()];
  if (fresh.length > 0) await repos.leads.saveMany(fresh.map((f) => f.lead));
  const line = (person: TPerson, detail: string) => ({
    at: person.at ?? at,
    type: entry.timelineType,
    channel: null,
    detail,
    batchId: null,
  });
  for (const [leadId, person] of known)
    await repos.outreach.append(leadId, [line(person, person.detail)]);
  for (const { lead, person } of fresh) {
    await repos.outreach.append(lead.id, [line(person, `${person.detail}: a new lead`)]);
  }
  if (fresh.length === 0) return { runId: null, created: [], known: [...known.keys()] };
  const runId = newRunId(deps.now());
  await repos.runs.create(
    {
      id: runId,
      campaign: entry.campaign,
      mode: entry.mode,
      limit: fresh.length,
      requestedBy: entry.source,
    },
    undefined,
    false,
  );
  await repos.runs.setExpectedBatches(runId, 1);
  return { runId, created: fresh.map((f) => f.lead.id), known: [...known.keys()] };
}
