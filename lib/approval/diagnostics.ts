// Queue diagnostics for the approval SLAs: cards with no first review after 30 minutes and no
// decision after 2 hours, both counted in send-window minutes, and stale cards.
import type { Runtime } from "../runtime/runtime.ts";
import type { CardView } from "./card-view.ts";
import { pendingQueue } from "./queue.ts";
import { minutesInWindow } from "./send-window.ts";

type TLate = { id: string; lead: string; createdAt: string; windowMinutes: number };

export async function queueDiagnostics(runtime: Pick<Runtime, "repos" | "config" | "env" | "now">) {
  // The SLAs are about every pending card, not one page of them.
  const { cards, staleCount, maxAgeHours } = await pendingQueue(runtime, {
    includeStale: true,
    limit: Number.MAX_SAFE_INTEGER - 1,
  });
  const { queue, sending } = runtime.config;
  const now = runtime.now().getTime();
  const late = (card: CardView): TLate => ({
    id: card.id,
    lead: card.lead.name,
    createdAt: card.createdAt,
    windowMinutes: minutesInWindow(Date.parse(card.createdAt), now, sending.send_window),
  });
  const measured = cards.map((card) => ({ card, late: late(card) }));
  const awaitingFirstReview = measured
    .filter((m) => !m.card.firstReviewedAt && m.late.windowMinutes > queue.first_review_sla_minutes)
    .map((m) => m.late);
  const awaitingDecision = measured
    .filter((m) => m.late.windowMinutes > queue.decision_sla_minutes)
    .map((m) => m.late);
  const stale = measured.filter((m) => m.card.stale).map((m) => m.late);
  return {
    generatedAt: new Date(now).toISOString(),
    sendWindow: sending.send_window,
    sla: {
      firstReviewMinutes: queue.first_review_sla_minutes,
      decisionMinutes: queue.decision_sla_minutes,
      maxAgeHours,
    },
    counts: {
      pending: cards.length,
      awaitingFirstReview: awaitingFirstReview.length,
      awaitingDecision: awaitingDecision.length,
      stale: staleCount,
    },
    awaitingFirstReview,
    awaitingDecision,
    stale,
  };
}
