// flush-decision-outbox: every five minutes, re-sends the approval and rejection events that a
// failed send left in the outbox (their ids are stable, so nothing is announced twice), then
// clears them; releases held decisions whose undo window closed. Ends at once when the outbox is
// empty.
import { cron } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { outboxEvents, releaseDueDecisions } from "../lib/approval/outbox.ts";
import { inngest } from "../lib/inngest.ts";

export const flushDecisionOutboxFn = inngest.createFunction(
  {
    id: "flush-decision-outbox",
    onFailure: onFunctionFailure("flush-decision-outbox"),
    triggers: [cron("*/5 * * * *")],
    retries: 3,
  },
  async ({ step, deps }) => {
    // Held decisions whose release was never scheduled (its event failed) go out once due.
    await step.run("release-due", () => releaseDueDecisions(deps));
    const { events, stale } = await step.run("read-outbox", () => outboxEvents(deps));
    if (events.length === 0 && stale.length === 0) return { resent: 0 };
    if (events.length > 0) {
      await step.sendEvent(
        "resend",
        events.map((e) => e.event),
      );
    }
    await step.run("clear", () =>
      deps.repos.cards.clearOutbox(...events.map((e) => e.cardId), ...stale),
    );
    return { resent: events.length, cleared: stale.length };
  },
);
