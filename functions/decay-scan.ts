// decay-scan: every day at 10:00 UTC, leads without engagement inside the configured window decay,
// and decayed leads that qualify become revival candidates (config/signals.json); a page of 1,000
// live leads per step. Each change is announced as `lead.status.changed`.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { inngest } from "../lib/inngest.ts";
import { decayScan } from "../lib/signals/decay-scan.ts";

const PAGE = 1000;

export const decayScanFn = inngest.createFunction(
  {
    id: "decay-scan",
    onFailure: onFunctionFailure("decay-scan"),
    triggers: [cron("0 10 * * *")],
    retries: 3,
  },
  async ({ step, deps }) => {
    const totals = { scanned: 0, decayed: 0, revival: 0 };
    for (let page = 0; ; page++) {
      const outcome = await step.run(`scan-${page}`, () => decayScan(deps, page * PAGE, PAGE));
      totals.scanned += outcome.scanned;
      const { changes } = outcome;
      totals.decayed += changes.filter((c) => c.to === "decayed").length;
      totals.revival += changes.filter((c) => c.to === "revival_candidate").length;
      const at = deps.now().toISOString();
      if (changes.length > 0) {
        await step.sendEvent(
          `status-changed-${page}`,
          changes.map(({ leadId, from, to }) => ({
            name: "lead.status.changed" as const,
            data: { leadId, from, to, reason: "decay scan", at },
          })),
        );
      }
      if (!outcome.more) break;
    }
    return totals;
  },
);
