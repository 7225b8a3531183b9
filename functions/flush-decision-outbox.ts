// flush-decision-outbox: every minute, re-sends the approval and rejection events that a failed
// send left in the outbox (their ids are stable, so nothing is announced twice).
import { cron } from "inngest";
import { flushDecisionOutbox } from "../lib/approval/outbox.ts";
import { inngest } from "../lib/inngest.ts";
import { currentRuntime } from "../lib/runtime/current.ts";

export const flushDecisionOutboxFn = inngest.createFunction(
  { id: "flush-decision-outbox", triggers: [cron("* * * * *")], retries: 1 },
  async ({ step }) => step.run("flush", () => flushDecisionOutbox(currentRuntime())),
);
