// The /sales page's server render of a long queue: it shows the oldest page of cards and says
// how many more wait, and says nothing of the kind when every card is shown.
import { describe, expect, it } from "vitest";
import { queueView } from "../../routes/ui/queue-view.ts";
import type { SalesBoot } from "../../routes/ui/sales-types.ts";

const boot = (total: number, shown: number): SalesBoot => ({
  actor: "Head of Sales",
  heartbeatSeconds: 30,
  reviewDwellMs: 2000,
  includeStale: false,
  pageSize: shown,
  refreshedAt: "2026-11-24T15:00:00.000Z",
  queue: { cards: [], staleCount: 0, maxAgeHours: 72, total, skipped: [] },
});

describe("the queue page's header", () => {
  it("says how many cards wait beyond the page shown", () => {
    const page = String(queueView(boot(250, 200)));
    expect(page).toMatch(
      /<span id="more-waiting" >250 more waiting: the oldest 200 are shown<\/span>/,
    );
  });

  it("hides the note when every card is shown", () => {
    const page = String(queueView(boot(0, 200)));
    expect(page).toMatch(/<span id="more-waiting" hidden>/);
  });
});
