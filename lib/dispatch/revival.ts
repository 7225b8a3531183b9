// The revival motion: GoHighLevel contacts with the configured tag, quiet for `inactive_days`
// (config/signals.json revival.crm), become leads of the `revival` campaign and go through the
// pipeline — enriched by email, verified, scored, crafted with re-engagement copy — into the Head
// of Sales' queue. Held back, with the reason: a contact without an email, one on the suppression
// list, and a person we already have as a lead (contacted recently, stopped by a signal, or
// simply known: the motion brings in CRM contacts we have no lead for). A dry run (the default)
// only reads; live creates the leads and starts their run — a sandbox run when the CRM is the
// sandbox (its people are generated and never reach a live provider).

import { REVIVAL_CAMPAIGN } from "../crafting/campaign-angle.ts";
import { admitPeople, startPeopleRun, type TEntered } from "../pipeline/enter-people.ts";
import { recordBatch } from "../pipeline/record-batch.ts";
import { newRunId } from "../pipeline/start-run.ts";
import type { GoHighLevelRevivalContact } from "../providers/gohighlevel.ts";
import type { DispatchDeps } from "./candidates.ts";
import { DAY_MS } from "./day.ts";

/** The answer to the "cadence" motion: there is nothing to start by hand. */
export const CADENCE_RUNS_ITSELF =
  'motion: "cadence" needs no dispatch: each lead dispatched live is enrolled and its cadence runs by itself (GET /api/cadence/enrollments)';

export type TRevivalContact = {
  contactId: string;
  name: string;
  company: string | null;
  email: string | null;
  lastActivity: string | null;
};

export type TRevivalAnswer = {
  motion: "revival";
  live: boolean;
  crm: "live" | "sandbox";
  query: { tag: string; lastActivityBefore: string; limit: number };
  wouldRevive: TRevivalContact[];
  held: (TRevivalContact & { reason: string })[];
  run: TEntered | null;
};

const view = (c: GoHighLevelRevivalContact): TRevivalContact => ({
  contactId: c.contactId,
  name: `${c.firstName} ${c.lastName}`.trim() || c.contactId,
  company: c.companyName,
  email: c.email,
  lastActivity: c.lastActivity,
});

/** Why a contact is not revived, or null when it may be. */
async function holdReason(
  deps: DispatchDeps,
  contact: GoHighLevelRevivalContact,
): Promise<string | null> {
  if (!contact.email) return "no email address in the CRM";
  const [suppressed] = await deps.repos.suppression.findMany([{ email: contact.email }]);
  if (suppressed) return `suppressed (${suppressed.reason}, ${suppressed.at.slice(0, 10)})`;
  const leadId = await deps.repos.leads.ownerOf("email", contact.email);
  if (!leadId) return null;
  const [[outreach], [status]] = await Promise.all([
    deps.repos.outreach.getMany([leadId]),
    deps.repos.leadIndex.statusOf([leadId]),
  ]);
  const window = deps.config.signals.revival.crm.not_contacted_days;
  const last = [outreach?.email?.at, outreach?.linkedin?.at]
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
  if (last && deps.now().getTime() - Date.parse(last) < window * DAY_MS) {
    return `contacted by us on ${last.slice(0, 10)} (within ${window} days)`;
  }
  return `already a lead here (${leadId}, ${status ?? "status unknown"})`;
}

export async function runRevival(
  deps: DispatchDeps,
  options: { live: boolean; by: string },
): Promise<TRevivalAnswer> {
  const settings = deps.config.signals.revival.crm;
  const crm = deps.providers("production").goHighLevel;
  const query = {
    tag: settings.tag,
    lastActivityBefore: new Date(
      deps.now().getTime() - settings.inactive_days * DAY_MS,
    ).toISOString(),
    limit: settings.max_per_run,
  };
  const contacts = await crm.searchRevivalContacts(query);
  const answer: TRevivalAnswer = {
    motion: "revival",
    live: options.live,
    crm: crm.kind,
    query,
    wouldRevive: [],
    held: [],
    run: null,
  };
  const revive: GoHighLevelRevivalContact[] = [];
  for (const contact of contacts) {
    const reason = await holdReason(deps, contact);
    if (reason) answer.held.push({ ...view(contact), reason });
    else {
      revive.push(contact);
      answer.wouldRevive.push(view(contact));
    }
  }
  if (!options.live || revive.length === 0) return answer;
  // Contacts from the sandbox CRM are generated: their run is a sandbox run, never sent live.
  const mode = crm.kind === "sandbox" ? ("sandbox" as const) : ("production" as const);
  const entry = {
    campaign: REVIVAL_CAMPAIGN,
    signal: "crm_revival",
    source: options.by,
    timelineType: "revival.entered",
    mode,
  };
  const admitted = await admitPeople(
    deps,
    revive.map((c) => ({
      email: c.email,
      given: {
        firstName: c.firstName,
        lastName: c.lastName,
        title: null,
        company: c.companyName,
      },
      detail: `revived from GoHighLevel contact ${c.contactId} (tag ${settings.tag}, last activity ${c.lastActivity?.slice(0, 10) ?? "unknown"}) by ${options.by}`,
    })),
    entry,
  );
  const startedAt = Date.now();
  answer.run = await startPeopleRun(deps, admitted, { ...entry, runId: newRunId(deps.now()) });
  if (answer.run.runId) {
    await recordBatch(deps, { runId: answer.run.runId, batch: { index: 0, count: 1 } }, "scrape", {
      startedAt,
      countIn: contacts.length,
      countOut: answer.run.created.length,
      errors: [],
    });
  }
  if (answer.run.runId) {
    await deps.emit({
      name: "leads.scraped",
      data: {
        runId: answer.run.runId,
        campaign: REVIVAL_CAMPAIGN,
        mode,
        leadIds: answer.run.created,
        batch: { index: 0, count: 1 },
      },
    });
  }
  return answer;
}
