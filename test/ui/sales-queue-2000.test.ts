// The /sales page over a queue of about 2,000 pending cards, in headless Chromium: it renders one
// page of cards, not the queue; the counts cover every card; approvals answer in place; the next
// page loads as the list scrolls; a heartbeat re-renders nothing. The timings are printed here and
// checked against their targets by `npm run bench` (test/bench/review-page.ts), not asserted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTimings, fillQueue, measureReviewPage } from "../support/review-queue.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";
import { noChromium, servePages } from "./page-harness.ts";

const TOKEN = "ui-queue-dashboard-token-0123456789abcdef";
let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
let pending = 0;

beforeAll(async () => {
  if (noChromium) return;
  runtime = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
    start: new Date(Date.now() - 60_000),
  });
  pending = await fillQueue(runtime);
  pages = await servePages(runtime);
}, 120_000);

afterAll(async () => {
  await pages?.close();
  await runtime?.close();
});

describe.skipIf(noChromium)("/sales with about 2,000 pending cards", () => {
  it("renders a page of cards, answers approvals in place, pages on scroll, re-renders nothing on a heartbeat", async () => {
    if (!pages) throw new Error("no pages");
    expect(pending).toBeGreaterThanOrEqual(1_900);
    const timings = await measureReviewPage(pages.browser, {
      base: pages.base,
      token: TOKEN,
      actions: 10,
    });
    for (const line of describeTimings(timings)) console.log(`[2,000 cards] ${line}`);
    expect(timings.pending).toBe(pending);
    expect(timings.cardsRendered).toBe(25);
    expect(timings.actionsMs).toHaveLength(10);
    expect(timings.reRendered).toBe(false);
    expect(timings.heartbeatBytes).toBeLessThan(timings.pageBytes / 20);
    expect((await runtime.repos.cards.pendingIds()).length).toBe(pending - 10);
  }, 90_000);
});
