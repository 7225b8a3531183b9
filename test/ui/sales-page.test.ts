// The /sales review page in a real headless Chromium against the real app, at 1440×900 and 390×844
// with screenshots: sign-in (and a bad token), every card's whole sequence with each step's checks
// and the evidence behind its personal lines, a keyboard-only review of five cards, undo within
// the window, a bulk approve of a filtered set and a bulk reject of a selection (the confirmations
// name the count), editing a step until it passes (the legal lines are never overridable),
// escaping, the heartbeat that swaps in only what changed, and the first review a card gets by
// staying on screen.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CardView, SlimCardView } from "../../lib/approval/card-view.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";
import { ARTIFACTS, noChromium, servePages } from "./page-harness.ts";

const TOKEN = "ui-test-dashboard-token-0123456789abcdef";
const REVIEWER = "Dana Whitfield";
const UNSUBSCRIBE = "Reply STOP to unsubscribe.";

let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noChromium) return;
  // The virtual clock ends the run at about the real time, so the browser's countdowns and the
  // server agree on when an undo window closes.
  runtime = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
    start: new Date(Date.now() - 60_000),
  });
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 40 }, "test");
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
  pages = await servePages(runtime);
});

afterAll(async () => {
  await pages?.close();
  await runtime?.close();
});

const base = () => pages?.base ?? "";

/** The API as a token caller (another reviewer, a script). */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      "x-actor": "Ops bot",
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const card = (id: string) => api<CardView>("GET", `/api/emails/${id}`);

type OpenPage = { context: BrowserContext; page: Page; opened: string[]; dialogs: string[] };

async function newPage(viewport = { width: 1440, height: 900 }): Promise<OpenPage> {
  if (!pages) throw new Error("no browser");
  const context = await pages.browser.newContext({ viewport });
  const page = await context.newPage();
  const opened: string[] = [];
  const dialogs: string[] = [];
  page.on("request", (request) => {
    const id = /^\/api\/emails\/(card_[0-9a-f]{20})$/.exec(new URL(request.url()).pathname)?.[1];
    if (request.method() === "GET" && id !== undefined) opened.push(id);
  });
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.accept();
  });
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // Chromium logs every 4xx answer; the tests check those answers where they expect them.
    const text = message.text();
    if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
      pageErrors.push(`console: ${text}`);
    }
  });
  return { context, page, opened, dialogs };
}

/** Opens /sales, signs in through the form, then opens `query`, and waits for htmx to be ready. */
async function signIn(query = "", viewport?: { width: number; height: number }) {
  const open = await newPage(viewport);
  const { page } = open;
  await page.goto(`${base()}/sales`);
  await page.fill("input[name=token]", TOKEN);
  await page.fill("input[name=name]", REVIEWER);
  await Promise.all([page.waitForURL(`${base()}/sales`), page.click("button[type=submit]")]);
  if (query !== "") await page.goto(`${base()}/sales${query}`);
  await page.waitForFunction(() => "htmx" in window && document.querySelector("article.card"));
  return open;
}

const currentId = (page: Page) =>
  page.evaluate(() => document.querySelector<HTMLElement>("article.is-current")?.dataset.card);

// Each test drives several round trips and waits out an undo window; a loaded CI machine (page
// suites, a 2,000-card run beside them) needs more than the default 20 s.
describe.skipIf(noChromium)("/sales", { timeout: 60_000 }, () => {
  it("refuses a bad token, then shows every card's whole sequence with each step's checks", async () => {
    const { context, page } = await newPage();
    const res = await page.goto(`${base()}/sales`);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.fill("input[name=token]", "not-the-token-0123456789abcdef");
    await page.fill("input[name=name]", REVIEWER);
    await Promise.all([page.waitForURL(/error=bad_token/), page.click("button[type=submit]")]);
    expect(await page.textContent("#login-error")).toContain("token is not valid");
    await context.close();

    for (const viewport of [
      { width: 1440, height: 900, name: "desktop" },
      { width: 390, height: 844, name: "phone" },
    ]) {
      const open = await signIn("", viewport);
      const first = open.page.locator("article.card").first();
      expect(await first.locator("li.step").count()).toBe(8);
      const titles = await first.locator(".step-title").allTextContents();
      expect(titles[0]).toMatch(/^Step 1 · Day \d+ · Email$/);
      expect(titles.some((t) => /LinkedIn/.test(t))).toBe(true);
      expect(await first.locator("[data-action=approve]").textContent()).toContain(
        "Approve sequence (8 messages)",
      );
      // The evidence behind the personal lines, opened on the first step that has some.
      const claims = first.locator("details.claims").first();
      expect(await claims.locator("summary").textContent()).toMatch(
        /^Evidence for \d+ personal lines?$/,
      );
      await claims.locator("summary").click();
      const evidence = await claims.locator(".evidence").allTextContents();
      expect(evidence.length).toBeGreaterThan(0);
      for (const e of evidence) expect(e).toMatch(/“.+” · Apollo · \d+%/);
      // A step its card's routing will not send says so (tier 3 goes by email only).
      const held = await open.page.locator(".badge-held").allTextContents();
      expect(held.length).toBeGreaterThan(0);
      for (const text of held) expect(text).toMatch(/^Not sent: /);
      expect(held).toContain("Not sent: Tier 3 goes by email only");
      // Tier 1 cards lead the default order.
      const tiers = await open.page.locator(".score-line .badge").allTextContents();
      expect(tiers.map((t) => t.replace(/\D/g, ""))).toEqual(
        [...tiers.map((t) => t.replace(/\D/g, ""))].sort(),
      );
      const scrollWidth = await open.page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
      const bar = await open.page.locator("#action-bar [data-bar=approve]").boundingBox();
      expect(bar && bar.y + bar.height).toBeLessThanOrEqual(viewport.height);
      expect(bar && bar.x + bar.width).toBeLessThanOrEqual(viewport.width);
      await open.page.screenshot({ path: `${ARTIFACTS}/sales-${viewport.name}.png` });
      await open.context.close();
    }
    expect(pageErrors).toEqual([]);
  });

  it("a keyboard-only review of five cards: next, approve, reject with a reason, edit, undo", async () => {
    const { context, page } = await signIn("?sort=age");
    const before = await page.locator("article.card[data-status=pending]").count();
    const decided: string[] = [];
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    for (let i = 0; i < 3; i++) {
      const id = (await currentId(page)) ?? "";
      const started = Date.now();
      await page.keyboard.press("a");
      await page.waitForSelector(`#card-${id}[data-status=approved]`);
      console.log(`[sales page] approve by keyboard answered in ${Date.now() - started} ms`);
      decided.push(id);
      // The current card moves on to the next pending one.
      await page.waitForFunction(
        (was) => document.querySelector("article.is-current")?.getAttribute("data-card") !== was,
        id,
      );
    }
    // Reject: r focuses the reason, the arrow keys pick one, Enter rejects.
    const rejected = (await currentId(page)) ?? "";
    await page.keyboard.press("r");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForSelector(`#card-${rejected}[data-status=rejected]`);
    decided.push(rejected);
    await page.waitForFunction(
      (was) => document.querySelector("article.is-current")?.getAttribute("data-card") !== was,
      rejected,
    );
    // Edit: e opens a step's form with the focus in it; Escape cancels; then approve.
    const edited = (await currentId(page)) ?? "";
    await page.keyboard.press("e");
    await page.waitForSelector(`#card-${edited} .step-editing`);
    expect(
      await page.evaluate(() => document.activeElement?.closest(".step-editing") !== null),
    ).toBe(true);
    await page.keyboard.press("Escape");
    await page.waitForSelector(`#card-${edited} .step-editing`, { state: "detached" });
    await page.focus(`#card-${edited}`);
    await page.keyboard.press("a");
    await page.waitForSelector(`#card-${edited}[data-status=approved]`);
    decided.push(edited);
    expect((await card(rejected)).decision?.tag).toBe("wrong_icp_fit");
    expect((await Promise.all(decided.map(card))).map((c) => c.status)).toEqual([
      "approved",
      "approved",
      "approved",
      "rejected",
      "approved",
    ]);
    // u undoes the latest decision while its window is open: that card is pending again.
    await page.keyboard.press("u");
    await page.waitForSelector(`#card-${edited}[data-status=pending]`);
    expect((await card(edited)).status).toBe("pending");
    expect(await page.textContent("#status")).toContain("back in the queue");
    expect(await page.locator(".legend").textContent()).toContain("approve");
    await page.screenshot({ path: `${ARTIFACTS}/sales-keyboard.png` });
    // Once the window closes the decided cards leave the page.
    await page.waitForSelector(`#card-${decided[0]}`, { state: "detached", timeout: 15_000 });
    expect(await page.locator("article.card[data-status=pending]").count()).toBe(before - 4);
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("bulk approves a filtered set and bulk rejects a selection, each confirmation naming the count", async () => {
    const { context, page, dialogs } = await signIn("", { width: 390, height: 844 });
    await page.selectOption("select[name=tier]", "tier_3");
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll("article.card .score-line .badge")).every(
        (b) => b.textContent === "Tier 3",
      ),
    );
    expect(page.url()).toContain("tier=tier_3");
    const matching = Number(await page.textContent("#matching-count"));
    const tier3 = (
      await api<{ cards: SlimCardView[] }>("GET", "/api/emails/pending?tier=tier_3&limit=200")
    ).cards.map((c) => c.id);
    expect(matching).toBe(tier3.length);
    await page.screenshot({ path: `${ARTIFACTS}/sales-bulk-phone.png` });
    await page.click("#approve-matching");
    await page.waitForFunction(() =>
      document.querySelector("#status")?.textContent?.includes("Approved"),
    );
    expect(dialogs.at(-1)).toBe(
      `Approve all ${matching} cards that match the filters? Each is approved with its whole sequence.`,
    );
    expect(await page.textContent("#status")).toContain(`Approved ${matching} cards`);
    expect((await Promise.all(tier3.map(card))).every((c) => c.status === "approved")).toBe(true);
    await page.waitForFunction(
      () => document.querySelector("#matching-count")?.textContent === "0",
    );

    await page.selectOption("select[name=tier]", "");
    await page.waitForFunction(
      (n) => Number(document.querySelector("#matching-count")?.textContent) > n,
      0,
    );
    const boxes = page.locator(".select-card");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const picked = await page.$$eval(".select-card:checked", (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    expect(await page.textContent("#selected-count")).toBe("2 selected");
    expect(await page.isDisabled("#bulk-reject")).toBe(true);
    await page.selectOption("#bulk-tag", "timing_not_right");
    await page.click("#bulk-reject");
    await page.waitForSelector(`#card-${picked[1]}[data-status=rejected]`);
    expect(dialogs.at(-1)).toBe("Reject 2 selected cards as “Timing is not right for this lead”?");
    expect((await card(picked[0] ?? "")).decision?.tag).toBe("timing_not_right");
    // Undo all, while the window is open.
    await page.click("[data-action=undo-all]");
    await page.waitForFunction(() =>
      document.querySelector("#status")?.textContent?.includes("Undone: 2 cards"),
    );
    expect((await card(picked[0] ?? "")).status).toBe("pending");
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("edits a step until it passes; the legal lines are never overridable; text is escaped", async () => {
    const { context, page } = await signIn("?sort=score");
    const id = (await currentId(page)) ?? "";
    const step3 = `#step-${id}-3`;
    await page.click(`${step3} [data-action=edit]`);
    const original = await page.inputValue(`${step3} textarea`);
    await page.fill(
      `${step3} textarea`,
      `${original.replace(UNSUBSCRIBE, "")}\n<script>alert("x")</script>`,
    );
    await page.click(`${step3} button[type=submit]`);
    await page.waitForSelector(`${step3}.step-fail`);
    expect(await page.textContent(`${step3} .check-fail`)).toContain("Unsubscribe line");
    expect(await page.isDisabled(`#card-${id} [data-action=approve]`)).toBe(true);
    expect(await page.textContent(`#card-${id} .compliance-banner`)).toContain(
      "Step 3 fails a legal check",
    );
    expect(await page.locator(`#card-${id} .override`).count()).toBe(0);
    expect(await page.textContent(`${step3} .message-text`)).toContain(
      '<script>alert("x")</script>',
    );
    expect(await page.textContent("#status")).toContain("Step 3 saved; it still fails");
    await page.click(`${step3} [data-action=edit]`);
    await page.waitForSelector(`${step3}.step-editing[data-focused]`);
    await page.fill(`${step3} textarea`, original);
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/steps/3")),
      page.click(`${step3} button[type=submit]`),
    ]);
    // A refusal would say why (the page shows it in the form).
    expect(saved.status(), await saved.text()).toBe(200);
    await page.waitForSelector(`${step3}.step-pass`);
    expect(await page.isDisabled(`#card-${id} [data-action=approve]`)).toBe(false);
    expect((await card(id)).sequencePassed).toBe(true);
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("the heartbeat swaps in only what changed: a card decided elsewhere, the counts; a look records the first review", async () => {
    const { context, page, opened } = await signIn("?heartbeat=1&dwell=300&sort=age");
    const target = await page.$$eval("article.card[data-status=pending]", (els) =>
      els.slice(-1).map((e) => (e as HTMLElement).dataset.card ?? ""),
    );
    const id = target[0] ?? "";
    const firstId = (await currentId(page)) ?? "";
    const pending = Number(await page.textContent("#pending-count"));
    let polled = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/sales/changes") polled += 1;
    });
    await api("POST", `/api/emails/${id}/approve`, {});
    await page.waitForSelector(`#card-${id}.card-gone`);
    expect(await page.textContent(`#card-${id}`)).toContain(
      "approved by Ops bot (via API token) elsewhere",
    );
    await page.waitForFunction(
      (n) => Number(document.querySelector("#pending-count")?.textContent) === n - 1,
      pending,
    );
    expect(polled).toBeGreaterThan(0);
    // The first card, on screen for the dwell, was opened once: its first review.
    await page.waitForFunction(() => true);
    expect(opened).toContain(firstId);
    expect((await card(firstId)).firstReviewedAt).not.toBeNull();
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
