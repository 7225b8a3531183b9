// A review queue of about 2,000 pending cards (a sandbox run), and the measurements of the /sales
// page over it that the page test prints and `npm run bench` checks against the targets: the first
// cards usable, each action's answer, the next page as the list scrolls, and what a heartbeat
// fetches (only what changed, nothing re-rendered under the reviewer's hands).
import type { Browser } from "playwright-core";
import { startRun } from "../../lib/pipeline/start-run.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";

type EngineRuntime = Pick<Runtime, "engine" | "now" | "repos"> & Parameters<typeof startRun>[0];

/** Leads of the sandbox run that leaves about 2,000 pending cards. */
export const QUEUE_LEADS = 2_300;

/** Runs the sandbox pipeline for `leads` leads; returns how many cards wait for review. */
export async function fillQueue(runtime: EngineRuntime, leads = QUEUE_LEADS): Promise<number> {
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: leads }, "queue");
  await runtime.engine?.runUntilIdle({
    until: runtime.now().getTime() + 60_000,
    maxSteps: 1_000_000,
  });
  return (await runtime.repos.cards.pendingIds()).length;
}

export type ReviewTimings = {
  pending: number;
  /** From asking for /sales to the first card's Approve working (htmx loaded), ms. */
  firstUsableMs: number;
  pageBytes: number;
  cardsRendered: number;
  /** Each approval: click to the decided card on screen, ms, in order. */
  actionsMs: number[];
  /** Scrolling to the end of the list to the next page's cards on screen, ms. */
  nextPageMs: number;
  /** One heartbeat: its answer's size, and whether any card on screen was rendered again. */
  heartbeatBytes: number;
  reRendered: boolean;
};

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** Signs in at `base`, then measures the page over the queue (approving `actions` cards). */
export async function measureReviewPage(
  browser: Browser,
  options: { base: string; token: string; actions: number },
): Promise<ReviewTimings> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${options.base}/sales`);
  await page.fill("input[name=token]", options.token);
  await page.fill("input[name=name]", "Bench Reviewer");
  await Promise.all([page.waitForURL(`${options.base}/sales`), page.click("button[type=submit]")]);

  const started = performance.now();
  const response = await page.goto(`${options.base}/sales?heartbeat=2`);
  await page.waitForFunction(
    () => "htmx" in window && document.querySelector("article.card [data-action=approve]"),
  );
  const firstUsableMs = performance.now() - started;
  const pageBytes = (await response?.body())?.length ?? 0;
  const pending = Number(await page.textContent("#pending-count"));
  const cardsRendered = await page.locator("article.card").count();

  const actionsMs: number[] = [];
  for (let i = 0; i < options.actions; i++) {
    const id = await page.$eval(
      "article.card[data-status=pending]:has([data-action=approve]:not([disabled]))",
      (el) => (el as HTMLElement).dataset.card ?? "",
    );
    // Timed in the page, from the click to the decided card in the document (Playwright's own
    // checks before a click are not the app's time).
    const ms = await page.evaluate(
      (cardId) =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          const done = () =>
            document.querySelector(`#card-${cardId}[data-status=approved]`) !== null;
          const observer = new MutationObserver(() => {
            if (!done()) return;
            observer.disconnect();
            resolve(performance.now() - t0);
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true });
          document
            .querySelector<HTMLButtonElement>(`#card-${cardId} [data-action=approve]`)
            ?.click();
        }),
      id,
    );
    actionsMs.push(ms);
    await page.waitForSelector(`#card-${id}[data-status=approved]`);
  }

  const before = await page.locator("article.card").count();
  const t1 = performance.now();
  await page.locator(".more").scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => document.querySelectorAll("article.card").length > n, before);
  const nextPageMs = performance.now() - t1;

  // Every card element on screen is tagged; a heartbeat that re-rendered one would lose the tag.
  await page.evaluate(() => {
    for (const card of Array.from(document.querySelectorAll("article.card[data-status=pending]"))) {
      (card as HTMLElement & { tagged?: boolean }).tagged = true;
    }
  });
  const beat = await page.waitForResponse((r) => new URL(r.url()).pathname === "/sales/changes");
  const heartbeatBytes = (await beat.body()).length;
  await page.waitForTimeout(200);
  const reRendered = await page.evaluate(() =>
    Array.from(document.querySelectorAll("article.card[data-status=pending]")).some(
      (card) => !(card as HTMLElement & { tagged?: boolean }).tagged,
    ),
  );
  await context.close();
  return {
    pending,
    firstUsableMs,
    pageBytes,
    cardsRendered,
    actionsMs,
    nextPageMs,
    heartbeatBytes,
    reRendered,
  };
}

/** The timings as lines of text. */
export function describeTimings(t: ReviewTimings): string[] {
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    `pending cards: ${t.pending}; rendered at first: ${t.cardsRendered} (${(t.pageBytes / 1024).toFixed(0)} KB)`,
    `first cards usable: ${ms(t.firstUsableMs)}`,
    `approve → decided on screen: p50 ${ms(percentile(t.actionsMs, 50))}, p95 ${ms(percentile(t.actionsMs, 95))}, max ${ms(Math.max(...t.actionsMs))} (${t.actionsMs.length} approvals)`,
    `next page as the list scrolls: ${ms(t.nextPageMs)}`,
    `heartbeat: ${t.heartbeatBytes} bytes, cards re-rendered: ${t.reRendered ? "yes" : "none"}`,
  ];
}

export { percentile };
