// release-held-decision: `email.decision.held` → sleeps until the decision's undo window closes,
// then releases it (its email.approved or email.rejected goes out), unless it was undone first.
// A release that finds the window still open (clocks apart) fails the step, which retries.
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { releaseHeldDecision } from "../lib/approval/outbox.ts";
import { decisionHeld } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const releaseHeldDecisionFn = inngest.createFunction(
  {
    id: "release-held-decision",
    onFailure: onFunctionFailure("release-held-decision"),
    triggers: [decisionHeld],
    retries: 5,
  },
  async ({ event, step, deps }) => {
    await step.sleepUntil("undo-window", event.data.undoUntil);
    return step.run("release", async () => {
      const release = await releaseHeldDecision(deps, event.data.cardId, event.data.undoUntil);
      if (!release.released && release.why === "not_due") {
        throw new Error(`card ${event.data.cardId}: undo window open until ${release.dueAt}`);
      }
      return release;
    });
  },
);
