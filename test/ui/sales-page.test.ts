// The /sales approval page in a real headless Chromium against the real app: sign-in (and a bad
// token), the queue rendered with compliance and why-this-score, approve, reject with a tag from the
// API, edit in place, a failing card (the legal lines only fixed by an edit, a style check
// overridden with a reason), escaping, the heartbeat refresh, and the first
// review a card gets by staying on screen.
import { existsSync, mkdirSync } from "node:fs";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CardView } from "../../lib/approval/card-view.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "ui-test-dashboard-token-0123456789abcdef";
const REVIEWER = "Dana Whitfield";
const ARTIFACTS = "test/.artifacts";
const UNSUBSCRIBE = "Reply STOP to unsubscribe.";

let runtime: TestRuntime;
let server: ServerType | undefined;
let browser: Browser | undefined;
let base: string;
const CHROMIUM = "/usr/bin/chromium";
/** Outside CI a machine without Debian's chromium skips this file; CI must run it. */
const noChromium = !existsSync(CHROMIUM);
if (noChromium && process.env.CI) {
  throw new Error(`CI must run the page test: install Debian's chromium (${CHROMIUM})`);
}
if (noChromium) console.warn(`[test] no ${CHROMIUM}: the /sales page test is skipped`);

/** Errors the page threw or logged: any is a failure. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noChromium) return;
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 8 }, "test");
  await runtime.engine?.runUntilIdle();
  const app = createApp(runtime);
  base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await runtime?.close();
});

/** The API as a token caller (what another reviewer or a script would do). */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
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

const pendingCards = async () =>
  (await api<{ cards: CardView[] }>("GET", "/api/emails/pending?view=full&limit=200")).cards;

type OpenPage = {
  context: BrowserContext;
  page: Page;
  /** Ids of the cards the page opened (GET /api/emails/:id), in order. */
  opened: string[];
};

async function newPage(): Promise<OpenPage> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const opened: string[] = [];
  page.on("request", (request) => {
    const id = /^\/api\/emails\/([^/]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (request.method() === "GET" && id !== undefined && id !== "pending") opened.push(id);
  });
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // Chromium logs every 4xx fetch; the tests check those answers where they expect them.
    const text = message.text();
    if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
      pageErrors.push(`console: ${text}`);
    }
  });
  return { context, page, opened };
}

/** Opens /sales, signs in through the form, and waits for the queue. */
async function signIn(query = "?heartbeat=1"): Promise<OpenPage> {
  const { context, page, opened } = await newPage();
  await page.goto(`${base}/sales${query}`);
  await page.fill("input[name=token]", TOKEN);
  await page.fill("input[name=name]", REVIEWER);
  await Promise.all([page.waitForURL(`${base}/sales`), page.click("button[type=submit]")]);
  if (query !== "") await page.goto(`${base}/sales${query}`);
  await page.waitForSelector("#queue-list");
  // The tags arrive from the API; until then the reject selects are disabled.
  await page.waitForSelector("select[name=rejection_tag]:not([disabled])");
  return { context, page, opened };
}

const pendingCount = async (page: Page) => Number(await page.textContent("#pending-count"));

describe.skipIf(noChromium)("/sales", () => {
  it("shows the sign-in form, and an error for a bad token", async () => {
    const { context, page } = await newPage();
    const res = await page.goto(`${base}/sales`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(await page.isVisible("#login-form")).toBe(true);
    expect(await page.locator("#login-error").count()).toBe(0);
    await page.fill("input[name=token]", "not-the-token-0123456789abcdef");
    await page.fill("input[name=name]", REVIEWER);
    await Promise.all([page.waitForURL(/error=bad_token/), page.click("button[type=submit]")]);
    expect(await page.textContent("#login-error")).toContain("token is not valid");
    expect(await page.locator("#queue-list").count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/sales-login.png` });
    await context.close();
  });

  it("records a first review for a card on screen for the dwell, not for one scrolled away", async () => {
    const cards = await pendingCards();
    const [first, second] = cards as [CardView, CardView];
    const far = cards.at(-1) as CardView;
    expect(cards.every((c) => c.firstReviewedAt === null)).toBe(true);
    // Opening a card through the API reviews it: the page must never open it again.
    expect((await api<CardView>("GET", `/api/emails/${second.id}`)).firstReviewedAt).not.toBeNull();
    const reviewedAt = async (id: string) =>
      (await pendingCards()).find((c) => c.id === id)?.firstReviewedAt ?? null;

    const { context, page, opened } = await signIn("?heartbeat=1&dwell=200");
    const top = (id: string) =>
      page.evaluate((id) => document.getElementById(`card-${id}`)?.getBoundingClientRect().top, id);
    expect(await top(far.id)).toBeGreaterThan(3 * 900); // far below the 900 px viewport
    await expect.poll(() => reviewedAt(first.id), { timeout: 5000, interval: 100 }).not.toBeNull();
    // The browser's request event can reach this process after the server has answered it.
    await expect.poll(() => opened, { timeout: 2000, interval: 50 }).toEqual([first.id]);

    // New cards come with a heartbeat re-render (in the queue's order); take the lowest of them.
    await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 12 }, "test");
    await runtime.engine?.runUntilIdle();
    const late = (await pendingCards()).findLast((c) => !cards.some((old) => old.id === c.id));
    if (!late) throw new Error("the second run added no card");
    await page.waitForSelector(`#card-${late.id}`, { state: "attached", timeout: 5000 });
    await page.waitForTimeout(600); // three dwells, and another heartbeat re-render
    expect(await top(late.id)).toBeGreaterThan(2 * 900);
    expect(await top(far.id)).toBeGreaterThan(2 * 900);
    expect(await reviewedAt(far.id)).toBeNull();
    expect(await reviewedAt(late.id)).toBeNull();
    expect(opened).not.toContain(far.id);
    expect(opened).not.toContain(late.id);

    // Scrolled into view: the card reviewed before the page loaded is not opened; the others are.
    await page.locator(`#card-${second.id}`).scrollIntoViewIfNeeded();
    const shown = await page.evaluate((id) => {
      const box = document.getElementById(`card-${id}`)?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    }, second.id);
    expect(shown).toBe(true);
    await page.waitForTimeout(600);
    await page.locator(`#card-${far.id}`).scrollIntoViewIfNeeded();
    await expect.poll(() => reviewedAt(far.id), { timeout: 5000, interval: 100 }).not.toBeNull();
    await page.locator(`#card-${late.id}`).scrollIntoViewIfNeeded();
    await expect.poll(() => reviewedAt(late.id), { timeout: 5000, interval: 100 }).not.toBeNull();
    await page.waitForTimeout(600); // more dwells and heartbeats: nothing is opened twice
    expect(opened).not.toContain(second.id);
    expect(opened).toEqual(expect.arrayContaining([first.id, far.id, late.id]));
    expect(new Set(opened).size).toBe(opened.length);
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("reviews the queue: approve, reject with a tag, edit in place, and a heartbeat refresh", async () => {
    const initial = await pendingCards();
    expect(initial.length).toBeGreaterThanOrEqual(6);
    const { context, page } = await signIn();
    let expected = initial.length;

    // The queue as rendered: one card per pending message, oldest first, with its facts.
    expect(await pendingCount(page)).toBe(expected);
    expect(await page.locator("article.card").evaluateAll((els) => els.map((e) => e.id))).toEqual(
      initial.map((c) => `card-${c.id}`),
    );
    expect(await page.textContent(".topbar")).toContain(`Signed in as ${REVIEWER}`);
    expect(await page.textContent("#refreshed-at")).toMatch(/^\d\d:\d\d:\d\d$/);
    const first = initial[0] as CardView;
    const firstCard = page.locator(`#card-${first.id}`);
    expect(await firstCard.locator(".lead-name").textContent()).toBe(first.lead.name);
    expect(await firstCard.locator(".score").textContent()).toBe(`${first.score}/100`);
    expect(await firstCard.locator(".factor").count()).toBe(first.whyThisScore.length);
    expect(await firstCard.locator(".factor-reason").first().textContent()).toBe(
      first.whyThisScore[0]?.reason,
    );
    expect(await firstCard.locator(".check").count()).toBe(first.compliance.checks.length);
    expect(await firstCard.locator(".check-pass .check-mark").first().textContent()).toBe("✓");
    expect(await firstCard.locator(".message-text").textContent()).toBe(first.message.body);
    const risky = initial.filter((c) => c.lead.verification?.risky);
    expect(await page.locator(".badge-risky").count()).toBe(risky.length);

    // The reject select holds the API's tags.
    const { tags } = await api<{ tags: { tag: string; label: string }[] }>(
      "GET",
      "/api/rejection-tags",
    );
    const options = await firstCard
      .locator("select[name=rejection_tag] option")
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
    expect(options).toEqual(tags.map((t) => t.tag));

    const [toApprove, toReject, toEdit, toApproveElsewhere] = initial.filter(
      (c) => c.compliance.passed,
    ) as [CardView, CardView, CardView, CardView];

    // Approve: the card leaves the queue, the status says so, the API records the reviewer.
    await page.click(`#card-${toApprove.id} [data-action=approve]`);
    await page.waitForSelector(`#card-${toApprove.id}`, { state: "detached" });
    expected -= 1;
    expect(await page.textContent("#status")).toContain(
      `Approved the message to ${toApprove.lead.name}`,
    );
    expect(await page.isVisible("#status")).toBe(true);
    expect(await pendingCount(page)).toBe(expected);
    const approved = await api<CardView>("GET", `/api/emails/${toApprove.id}`);
    expect(approved.status).toBe("approved");
    expect(approved.decision).toMatchObject({ action: "approved", by: REVIEWER });

    // Reject with a tag picked from the select, and a note.
    const rejectForm = page.locator(`#card-${toReject.id} .reject-form`);
    await rejectForm.locator("select").selectOption("tone_off_brand");
    await rejectForm.locator("input[name=note]").fill("Too salesy for a first touch");
    await rejectForm.locator("button[type=submit]").click();
    await page.waitForSelector(`#card-${toReject.id}`, { state: "detached" });
    expected -= 1;
    expect(await page.textContent("#status")).toContain("Tone or voice is off brand");
    expect(await pendingCount(page)).toBe(expected);
    expect((await api<CardView>("GET", `/api/emails/${toReject.id}`)).decision).toMatchObject({
      action: "rejected",
      by: REVIEWER,
      tag: "tone_off_brand",
      note: "Too salesy for a first touch",
    });

    // Edit in place: the body becomes a field; saved, the card shows the new text.
    const editCard = page.locator(`#card-${toEdit.id}`);
    await editCard.locator("[data-action=edit]").click();
    expect(await editCard.locator(".message-view").isHidden()).toBe(true);
    expect(await editCard.locator("[data-action=approve]").isDisabled()).toBe(true);
    const newBody = toEdit.message.body.replace("\n", "\nThanks for the quick chat at the expo.\n");
    await editCard.locator("textarea[name=body]").fill(newBody);
    await editCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/sales-edit.png` });
    await editCard.locator(".edit-form button[type=submit]").click();
    await page.waitForSelector(`#card-${toEdit.id} .badge-edited`);
    const edited = page.locator(`#card-${toEdit.id}`);
    expect(await edited.locator(".message-text").textContent()).toBe(newBody);
    expect(await edited.locator(".check-fail").count()).toBe(0);
    expect(await page.textContent("#status")).toContain("compliance passes");
    expect(await pendingCount(page)).toBe(expected);
    const audit = await api<{ entries: { action: string; actor: string; after: unknown }[] }>(
      "GET",
      `/api/audit?card=${toEdit.id}`,
    );
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        action: "edit",
        actor: REVIEWER,
        after: expect.objectContaining({ body: newBody }),
      }),
    );

    // Another reviewer approves a card through the API: the next heartbeat takes it off the page.
    const before = await page.textContent("#refreshed-at");
    await api("POST", `/api/emails/${toApproveElsewhere.id}/approve`, {});
    await page.waitForSelector(`#card-${toApproveElsewhere.id}`, {
      state: "detached",
      timeout: 5000,
    });
    expected -= 1;
    expect(await pendingCount(page)).toBe(expected);
    expect(await page.locator("article.card").count()).toBe(expected);
    await page.waitForFunction(
      (t) => document.querySelector("#refreshed-at")?.textContent !== t,
      before,
    );

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}/sales.png` });
    await page.screenshot({ path: `${ARTIFACTS}/sales-full.png`, fullPage: true });
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("marks a card failing compliance with ✗, and approving it asks for an override reason", async () => {
    const [target] = (await pendingCards()).filter((c) => c.message.channel === "email");
    if (!target) throw new Error("no email card left");
    expect(target.message.body).toContain(UNSUBSCRIBE);
    const { context, page } = await signIn("");
    const card = page.locator(`#card-${target.id}`);
    await card.locator("[data-action=edit]").click();
    await card.locator("textarea[name=body]").fill(target.message.body.replace(UNSUBSCRIBE, ""));
    await card.locator(".edit-form button[type=submit]").click();
    await page.waitForSelector(`#card-${target.id}.card-failing`);
    const failing = page.locator(`#card-${target.id}`);
    expect(await failing.locator(".compliance-banner").textContent()).toContain("Fails compliance");
    expect(await failing.locator("[data-check=unsubscribe_line] .check-mark").textContent()).toBe(
      "✗",
    );
    expect(await failing.locator(".compliance .badge-fail").count()).toBe(1);
    expect(await page.textContent("#status")).toContain("now fails compliance: Unsubscribe line");
    await page.screenshot({ path: `${ARTIFACTS}/sales-failing.png` });

    // The unsubscribe line is the law: no override, only an edit gets it out.
    expect(await failing.locator(".compliance-banner").textContent()).toContain(
      "can never be overridden",
    );
    expect(await failing.locator("[data-action=approve]").isDisabled()).toBe(true);
    // Back with its footer but without its signature, it fails a style check only.
    await failing.locator("[data-action=edit]").click();
    await failing
      .locator("textarea[name=body]")
      .fill(target.message.body.replace(runtime.config.sending.sender.signature, ""));
    await failing.locator(".edit-form button[type=submit]").click();
    await page.waitForFunction(
      (id) =>
        document.querySelector(`#card-${id} [data-check=signature] .check-mark`)?.textContent ===
        "✗",
      target.id,
    );
    expect(await failing.locator("[data-action=approve]").isDisabled()).toBe(false);

    // Approve asks for a reason first; with one, the approval records the override.
    await failing.locator("[data-action=approve]").click();
    const override = failing.locator(".override-form");
    expect(await override.isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/sales-override.png` });
    expect((await api<CardView>("GET", `/api/emails/${target.id}`)).status).toBe("pending");
    await override.locator("input[name=reason]").fill("Transactional follow-up agreed with legal");
    await override.locator("button[type=submit]").click();
    await page.waitForSelector(`#card-${target.id}`, { state: "detached" });
    expect(await page.textContent("#status")).toContain("with a compliance override");
    expect((await api<CardView>("GET", `/api/emails/${target.id}`)).decision).toMatchObject({
      action: "approved",
      by: REVIEWER,
      override: { reason: "Transactional follow-up agreed with legal" },
    });
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("shows message text as text, never as markup, and reports API errors with their detail", async () => {
    const [target] = await pendingCards();
    if (!target) throw new Error("no card left");
    const hostile = `${target.message.body}\n<img src=x onerror="window.__xss=1"><b>bold?</b>`;
    await api("PATCH", `/api/emails/${target.id}`, { body: hostile });
    const { context, page } = await signIn("");
    const card = page.locator(`#card-${target.id}`);
    expect(await card.locator(".message-text").textContent()).toBe(hostile);
    expect(await card.locator(".message-text img, .message-text b").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    // A 400 is shown with its detail, and the card stays in edit mode with the text kept.
    await card.locator("[data-action=edit]").click();
    await card.locator("textarea[name=body]").fill("x".repeat(10_001));
    await card.locator(".edit-form button[type=submit]").click();
    await page.waitForSelector("#status.status-error");
    expect(await page.textContent("#status")).toMatch(/Could not save the edit .*: body\.body/);
    expect(await card.locator("textarea[name=body]").inputValue()).toHaveLength(10_001);
    await card.locator("[data-action=cancel-edit]").click();
    expect(await card.locator(".message-text").isVisible()).toBe(true);

    // Decided elsewhere while on screen: the 409's detail is shown and the card leaves.
    await api("POST", `/api/emails/${target.id}/reject`, { rejection_tag: "other", note: "dup" });
    const rejectForm = card.locator(".reject-form");
    await rejectForm.locator("select").selectOption("too_long");
    await rejectForm.locator("button[type=submit]").click();
    await page.waitForSelector(`#card-${target.id}`, { state: "detached" });
    expect(await page.textContent("#status")).toContain("already rejected");
    expect(await page.getAttribute("#status", "class")).toContain("status-error");
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it("renders the queue on the server, so it reads before (or without) any script", async () => {
    if (!browser) throw new Error("no browser");
    const cards = await pendingCards();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/sales`);
    await page.fill("input[name=token]", TOKEN);
    await page.fill("input[name=name]", REVIEWER);
    await Promise.all([page.waitForURL(`${base}/sales`), page.click("button[type=submit]")]);
    expect(await page.textContent("#pending-count")).toBe(String(cards.length));
    expect(await page.locator("article.card").count()).toBe(cards.length);
    expect(await page.locator("article.card .check").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("signs out", async () => {
    const { context, page } = await signIn("");
    await Promise.all([page.waitForURL(`${base}/sales`), page.click(".user button")]);
    expect(await page.isVisible("#login-form")).toBe(true);
    await context.close();
  });
});
