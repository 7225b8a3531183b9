// People who enter the pipeline from outside a search — website visitors from RB2B, contacts the
// revival motion brings back from the CRM: a person we have no lead for becomes a new lead of the
// given campaign with the given signal (its score counts it when the campaign looks for it), to
// be enriched by LinkedIn URL or email, verified, scored and crafted like any other, in one run
// per call (runs of such campaigns may overlap); a person we already know gets a timeline line
// and is not run through the pipeline again. Two parts, for two steps of a function: admitting
// the people (the leads' write last), then their timelines and run; the caller then announces
// `leads.scraped` for the run.
import {
  canonicalEmail,
  canonicalLinkedinUrl,
  identityKeys,
  leadIdFor,
} from "../leads/identity.ts";
import { newLead, type TLeadRecord } from "../leads/lead-record.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";

export type TPerson = {
  linkedinUrl?: string | null | undefined;
  email?: string | null | undefined;
  /** When it happened (the visit, the last CRM activity); now when unknown. */
  at?: string | null | undefined;
  /** The timeline line: what brought the person. */
  detail: string;
  /** What the source says about the person (helps the enrichment find them). */
  given?: { firstName: string; lastName: string; title: string | null; company: string | null };
};

export type TEntered = {
  /** The run the new leads enter (null when every person was known). */
  runId: string | null;
  created: string[];
  known: string[];
};

type TEntry = {
  campaign: string;
  signal: string;
  source: string;
  timelineType: string;
  /** "sandbox" when the people are generated (a sandbox CRM): they never reach a live provider. */
  mode: "sandbox" | "production";
};

/** Who was admitted: the new leads (with their timeline line) and the leads we already had. */
export type TAdmitted = {
  created: { leadId: string; at: string; detail: string }[];
  known: { leadId: string; at: string; detail: string }[];
};

/**
 * Creates a lead for each person we have no lead for; the write comes last, so a step that runs
 * this and fails has created nobody, or everybody (a retry then finds them known).
 */
export async function admitPeople(
  deps: Pick<FunctionDeps, "repos" | "now">,
  people: readonly TPerson[],
  entry: TEntry,
): Promise<TAdmitted> {
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
      lead: newLead({
        id,
        campaign: entry.campaign,
        keys,
        search: null,
        given: person.given,
        signals: [entry.signal],
        at,
      }),
    });
  }
  const fresh = [...created.values()];
  if (fresh.length > 0) await repos.leads.saveMany(fresh.map((f) => f.lead));
  return {
    created: fresh.map(({ lead, person }) => ({
      leadId: lead.id,
      at: person.at ?? at,
      detail: `${person.detail}: a new lead`,
    })),
    known: [...known].map(([leadId, person]) => ({
      leadId,
      at: person.at ?? at,
      detail: person.detail,
    })),
  };
}

/**
 * Puts the admitted people's lines on their timelines and records the new leads' run (`runId`:
 * the same on a retry, which then finds the run and adds nothing twice).
 */
export async function startPeopleRun(
  deps: Pick<FunctionDeps, "repos">,
  admitted: TAdmitted,
  entry: TEntry & { runId: string },
): Promise<TEntered> {
  const { repos } = deps;
  const runId = admitted.created.length > 0 ? entry.runId : null;
  const existing = runId ? await repos.runs.get(runId) : null;
  if (!existing) {
    for (const line of [...admitted.known, ...admitted.created]) {
      await repos.outreach.append(line.leadId, [
        {
          at: line.at,
          type: entry.timelineType,
          channel: null,
          detail: line.detail,
          batchId: null,
        },
      ]);
    }
  }
  if (runId && !existing) {
    await repos.runs.create(
      {
        id: runId,
        campaign: entry.campaign,
        mode: entry.mode,
        limit: admitted.created.length,
        requestedBy: entry.source,
      },
      undefined,
      false,
    );
    await repos.runs.setExpectedBatches(runId, 1);
  }
  return {
    runId,
    created: admitted.created.map((c) => c.leadId),
    known: admitted.known.map((k) => k.leadId),
  };
}
