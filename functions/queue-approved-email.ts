// queue-approved-email: `email.approved` → the card joins the dispatch queue, where the operator's
// dispatch (caps, ramp, dedup, routing, gatekeeper) picks it up. Idempotent: a re-sent approval
// changes nothing.
import { NonRetriableError } from "inngest";
import { emailApproved } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

export const queueApprovedEmail = inngest.createFunction(
  { id: "queue-approved-email", triggers: [emailApproved], retries: 5 },
  async ({ event, step, deps }) => {
    const { cardId } = event.data;
    return step.run("enqueue", async () => {
      const { repos } = deps;
      const card = await repos.cards.get(cardId);
      if (card?.status !== "approved" || !card.decision) {
        throw new NonRetriableError(`card ${cardId} is not approved; nothing to dispatch`);
      }
      const added = await repos.cards.enqueueForDispatch(cardId, card.decision.at);
      return { cardId, queued: added ? "added" : "already queued" };
    });
  },
);
