// The /leads page in a real headless Chromium against the real app (embedded engine on a virtual
// clock; Instantly and HeyReach answered by msw): sign-in through the shared form, the funnel with
// each status's count, filtering by a funnel link and by the form, and a lead's page with why its
// score, its stopped cadence and its timeline. Screenshots at 1440×900 and 390×844 go to
// test/.artifacts.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL_TIERS,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import { hooks, liveOnBothChannels, SECRETS } from "../signals/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { ARTIFACTS, noChromium, servePages, signInAt } from "./page-harness.ts";

const TOKEN = "leads-ui-token-0123456789abcdef";

const providerServer = useProviderServer();
let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
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
  pages = await servePages(runtime);
});

afterAll(async () => {
  await pages?.close();
  await runtime?.close();
});

function signIn(viewport: { width: number; height: number }): Promise<Page> {
  if (!pages) throw new Error("no browser");
  return signInAt(pages.browser, {
    base: pages.base,
    path: "/leads",
    token: TOKEN,
    heading: "Alpha Swarm leads",
    ready: "main.leads",
    viewport,
    errors: pageErrors,
  });
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

    await page.goto(`${pages?.base}/leads`);
    const tierCells = "#list tbody tr[data-lead] td:nth-child(3)";
    const all = await page.locator(tierCells).allTextContents();
    const tier = all.find((t) => t.startsWith("tier")) ?? "tier 1";
    await page.selectOption("select[name=tier]", tier.replace(" ", "_"));
    await page.click(".filters button[type=submit]");
    await page.waitForURL(new RegExp(`tier=${tier.replace(" ", "_")}`));
    const tiers = await page.locator(tierCells).allTextContents();
    expect(tiers).toHaveLength(all.filter((t) => t === tier).length);
    // A bad filter shows everything rather than an error.
    await page.goto(`${pages?.base}/leads?status=happy&cursor=-4`);
    expect(await page.locator("#list tbody tr[data-lead]").count()).toBe(rows);

    const mobile = await signIn({ width: 390, height: 844 });
    await mobile.screenshot({ path: `${ARTIFACTS}/leads-390.png`, fullPage: true });
    const overflow = () => document.documentElement.scrollWidth > window.innerWidth;
    expect(await mobile.evaluate(overflow)).toBe(false);
    await mobile.goto(`${pages?.base}/leads/${replied}`);
    await mobile.screenshot({ path: `${ARTIFACTS}/leads-lead-390.png`, fullPage: true });
    expect(await mobile.evaluate(overflow)).toBe(false);
    // A link to a lead opened signed out comes back to that lead once signed in.
    if (!pages) throw new Error("no browser");
    const linked = await signInAt(pages.browser, {
      base: pages.base,
      path: `/leads/${replied}`,
      token: TOKEN,
      heading: "Alpha Swarm leads",
      ready: "#score",
      viewport: { width: 1440, height: 900 },
      errors: pageErrors,
    });
    expect(await linked.locator("#lead h2").textContent()).toContain("replied");
    expect(pageErrors).toEqual([]);
  });
});
