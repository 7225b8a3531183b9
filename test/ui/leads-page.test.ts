// The /leads page in a real headless Chromium against the real app (embedded engine on a virtual
// clock; Instantly and HeyReach answered by msw): sign-in through the shared form, the funnel with
// each status's count, filtering by a funnel link and by the form, and a lead's page with why its
// score, its stopped cadence and its timeline. Screenshots at 1440×900 and 390×844 go to
// test/.artifacts.
import { existsSync, mkdirSync } from "node:fs";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import {
  ALL_TIERS,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import { hooks, liveOnBothChannels, SECRETS } from "../signals/support.ts";
import type { TestRuntime } from "../support/runtime.ts";

const TOKEN = "leads-ui-token-0123456789abcdef";
const ARTIFACTS = "test/.artifacts";
const CHROMIUM = "/usr/bin/chromium";
const noChromium = !existsSync(CHROMIUM);
if (noChromium && process.env.CI) {
  throw new Error(`CI must run the page test: install Debian's chromium (${CHROMIUM})`);
}

const providerServer = useProviderServer();
let runtime: TestRuntime;
let server: ServerType | undefined;
let browser: Browser | undefined;
let base: string;
let replied: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noChromium) return;
  providerServer.use(...sendingProviders().handlers);
  runtime = await dispatchRuntime({
    config: ALL_TIERS,
    crons: false,
    env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: TOKEN },
  });
  const lead = await liveOnBothChannels(runtime);
  replied = lead.leadId;
  await hooks(runtime).heyreach({
    correlation_id: "reply-page",
    event_type: "MESSAGE_REPLY_RECEIVED",
    campaign: { id: 334314 },
    lead: { profile_url: lead.linkedinUrl },
    recent_messages: [{ message: "Tell me more", is_reply: true }],
  });
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
  const app = createApp(runtime);
  base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await runtime?.close();
});

async function signIn(viewport: { width: number; height: number }): Promise<Page> {
  if (!browser) throw new Error("no browser");
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  await page.goto(`${base}/leads`);
  await expect(page.locator("h1").textContent()).resolves.toBe("Alpha Swarm leads");
  await page.fill("input[name=token]", TOKEN);
  await page.fill("input[name=name]", "Ops Lead");
  await page.click("button[type=submit]");
  await page.waitForSelector("main.leads");
  expect(new URL(page.url()).pathname).toBe("/leads");
  return page;
}

const countAt = (page: Page, status: string) =>
  page.locator(`#funnel a[data-status=${status}] .count`).textContent();

describe.skipIf(noChromium)("/leads page", () => {
  it("funnel, filters, and a lead's score, cadence and timeline", async () => {
    const page = await signIn({ width: 1440, height: 900 });
    expect(await countAt(page, "replied")).toBe("1");
    expect(Number(await countAt(page, "contacted"))).toBeGreaterThan(0);
    const rows = await page.locator("#list tbody tr[data-lead]").count();
    expect(rows).toBeGreaterThan(5);
    await page.screenshot({ path: `${ARTIFACTS}/leads-1440.png`, fullPage: true });

    await page.click("#funnel a[data-status=replied]");
    await page.waitForURL(/status=replied/);
    expect(await page.locator("#list tbody tr[data-lead]").count()).toBe(1);
    await page.click(`#list tr[data-lead=${replied}] a`);
    await page.waitForSelector("#score");
    expect(await page.locator("#lead h2").textContent()).toContain("replied");
    expect(await page.locator("#score li").count()).toBeGreaterThan(0);
    expect(await page.locator("#score").textContent()).toMatch(/Why this score: \d+\/100/);
    expect(await page.locator("#cadence").textContent()).toContain("stopped");
    expect(await page.locator("#timeline").textContent()).toContain(
      "heyreach.message_reply_received",
    );
    await page.screenshot({ path: `${ARTIFACTS}/leads-lead-1440.png`, fullPage: true });

    await page.goto(`${base}/leads`);
    const tierCells = "#list tbody tr[data-lead] td:nth-child(3)";
    const all = await page.locator(tierCells).allTextContents();
    const tier = all.find((t) => t.startsWith("tier")) ?? "tier 1";
    await page.selectOption("select[name=tier]", tier.replace(" ", "_"));
    await page.click(".filters button[type=submit]");
    await page.waitForURL(new RegExp(`tier=${tier.replace(" ", "_")}`));
    const tiers = await page.locator(tierCells).allTextContents();
    expect(tiers).toHaveLength(all.filter((t) => t === tier).length);
    // A bad filter shows everything rather than an error.
    await page.goto(`${base}/leads?status=happy&cursor=-4`);
    expect(await page.locator("#list tbody tr[data-lead]").count()).toBe(rows);

    const mobile = await signIn({ width: 390, height: 844 });
    await mobile.screenshot({ path: `${ARTIFACTS}/leads-390.png`, fullPage: true });
    const overflow = () => document.documentElement.scrollWidth > window.innerWidth;
    expect(await mobile.evaluate(overflow)).toBe(false);
    await mobile.goto(`${base}/leads/${replied}`);
    await mobile.screenshot({ path: `${ARTIFACTS}/leads-lead-390.png`, fullPage: true });
    expect(await mobile.evaluate(overflow)).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
