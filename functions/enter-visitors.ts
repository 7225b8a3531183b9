// enter-visitors: `visitor.identified` (RB2B, batched: up to 100 visitors, or whatever arrived
// within a minute of the first) → people we have no lead for become leads of the
// `website_visitors` campaign and enter the pipeline as one run (`leads.scraped`: enrich by
// LinkedIn URL or email, verify, score with the visit as a signal, craft, then the Head of Sales'
// queue); people we know get the visit on their timeline.

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { leadsScraped, visitorIdentified } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";
import { admitPeople, startPeopleRun } from "../lib/pipeline/enter-people.ts";
import { recordBatch } from "../lib/pipeline/record-batch.ts";
import { stageDeps } from "../lib/pipeline/stage-deps.ts";

/** The campaign website visitors enter, and the signal its score looks for. */
const VISITOR_CAMPAIGN = "website_visitors";
const VISITOR_SIGNAL = "website_visit";

export const enterVisitorsFn = inngest.createFunction(
  {
    id: "enter-visitors",
    onFailure: onFunctionFailure("enter-visitors"),
    triggers: [visitorIdentified],
    retries: 5,
    batchEvents: { maxSize: 100, timeout: "60s" },
  },
  async ({ events, step, deps: injected }) => {
    const deps = stageDeps(injected, "production");
    const entry = {
      campaign: VISITOR_CAMPAIGN,
      signal: VISITOR_SIGNAL,
      source: "rb2b",
      timelineType: "rb2b.visit",
      mode: "production" as const,
    };
    const admitted = await step.run("admit", () =>
      admitPeople(
        deps,
        events.map(({ data: visitor }) => ({
          linkedinUrl: visitor.linkedinUrl,
          email: visitor.email,
          at: visitor.seenAt,
          given: givenOf(visitor),
          detail: `visited ${visitor.capturedUrl ?? "the website"}${visitor.name ? ` as ${visitor.name}` : ""}${visitor.company ? ` (${visitor.company})` : ""}`,
        })),
        entry,
      ),
    );
    const entered = await step.run("start-run", async () => {
      const startedAt = Date.now();
      // The run's id comes from the first event's: a retry of this step finds the same run.
      const runId = `run_${
        events[0]?.id
          ?.replace(/[^0-9a-z]/gi, "")
          .slice(-24)
          .toLowerCase() ?? "visitors"
      }`;
      const outcome = await startPeopleRun(deps, admitted, { ...entry, runId });
      if (outcome.runId) {
        await recordBatch(deps, { runId: outcome.runId, batch: { index: 0, count: 1 } }, "scrape", {
          startedAt,
          countIn: events.length,
          countOut: outcome.created.length,
          errors: [],
        });
      }
      return outcome;
    });
    if (entered.runId) {
      await step.sendEvent("enter-pipeline", {
        name: leadsScraped.name,
        data: {
          runId: entered.runId,
          campaign: VISITOR_CAMPAIGN,
          mode: "production",
          leadIds: entered.created,
          batch: { index: 0, count: 1 },
        },
      });
    }
    return entered;
  },
);

/** What RB2B says about the visitor, for the enrichment: the name split, title and company. */
function givenOf(visitor: { name?: string; title?: string; company?: string }) {
  const [firstName = "", ...rest] = (visitor.name ?? "").trim().split(/\s+/);
  if (!firstName && !visitor.company) return undefined;
  return {
    firstName,
    lastName: rest.join(" "),
    title: visitor.title ?? null,
    company: visitor.company ?? null,
  };
}
