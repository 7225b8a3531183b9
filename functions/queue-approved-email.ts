// queue-approved-email: `email.approved` → the cards join the dispatch queue, where the operator's
// dispatch (caps, ramp, dedup, routing, gatekeeper) picks them up. Approvals are batched (up to
// 100 per run, or whatever arrived within a second of the first), so a busy Head of Sales costs
// one run and one step per hundred approvals, not per approval. Idempotent: a re-sent approval
// changes nothing. An approval event for a card that is not approved fails the run for good (a
// CRITICAL alert), after the approved cards of its batch are queued.
import { NonRetriableError } from "inngest";
import { onFunctionFailure } from "../lib/alerts/function-failure.ts";
import { emailApproved } from "../lib/events.ts";
import { inngest } from "../lib/inngest.ts";

/** Approvals one run takes at most, and how long the first waits for others. */
export const APPROVAL_BATCH = { maxSize: 100, timeout: "1s" } as const;

export const queueApprovedEmail = inngest.createFunction(
  {
    id: "queue-approved-email",
    onFailure: onFunctionFailure("queue-approved-email"),
    triggers: [emailApproved],
    retries: 5,
    batchEvents: APPROVAL_BATCH,
  },
  async ({ events, step, deps }) => {
    const ids = [...new Set(events.map((event) => event.data.cardId))];
    const outcome = await step.run("enqueue", async () => {
      const { repos } = deps;
      const states = await repos.cards.statesOf(ids);
      const approved = ids.flatMap((id, i) => {
        const state = states[i];
        return state?.status === "approved" && state.decision
          ? [{ id, approvedAt: state.decision.at }]
          : [];
      });
      const added = await repos.cards.enqueueManyForDispatch(approved);
      const leadOf = new Map(events.map((event) => [event.data.cardId, event.data.leadId]));
      await repos.leadIndex.advance(
        approved.flatMap((card) => {
          const leadId = leadOf.get(card.id);
          return leadId ? [{ leadId, to: "approved" as const, at: card.approvedAt }] : [];
        }),
      );
      const notApproved = ids.filter((_, i) => states[i]?.status !== "approved");
      return { queued: added, alreadyQueued: approved.length - added, notApproved };
    });
    if (outcome.notApproved.length > 0) {
      throw new NonRetriableError(
        `card ${outcome.notApproved.join(", ")} is not approved; nothing to dispatch`,
      );
    }
    return outcome;
  },
);
