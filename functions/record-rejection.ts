// record-rejection: `email.rejected` → counts the rejection tag per campaign, the Head of Sales'
// feedback that the KPIs and template tuning read — and moves the lead to "rejected" in the leads
// index. Idempotent per card.

import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { emailRejected } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const recordRejection = inngest.createFunction(
  {
    id: "record-rejection",
    onFailure: onFunctionFailure("record-rejection"),
    triggers: [emailRejected],
    retries: 5,
  },
  async ({ event, step, deps }) =>
    step.run("count", async () => {
      const { repos } = deps;
      const card = await repos.cards.get(event.data.cardId);
      const campaign = card?.campaign ?? "unknown";
      const counted = await repos.cards.countRejection(
        event.data.cardId,
        campaign,
        event.data.rejectionTag,
      );
      await repos.leadIndex.advance([
        { leadId: event.data.leadId, to: "rejected", at: deps.now().toISOString() },
      ]);
      return { campaign, tag: event.data.rejectionTag, counted };
    }),
);
