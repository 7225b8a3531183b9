// The /operator page in a real headless Chromium against the real app (embedded engine on a
// virtual clock, shadow mode): sign-in through the shared form, a dry run drawn with every held
// lead's layer and reason, live batches that wait for approval with their snapshot, approving one
// (it sends to the shadow queue), and the emergency stop switch with its reason. Screenshots at
// 1440×900 and 390×844 go to test/.artifacts.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_TIERS, approvedCards, dispatchRuntime } from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { ARTIFACTS, noChromium, servePages, signInAt } from "./page-harness.ts";

const TOKEN = "operator-ui-token-0123456789abcdef";

let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noChromium) return;
  runtime = await dispatchRuntime({ config: ALL_TIERS, env: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  await approvedCards(runtime, 10);
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
    path: "/operator",
    token: TOKEN,
    heading: "Alpha Swarm operator",
    ready: "main.operator",
    viewport,
    errors: pageErrors,
  });
}

describe.skipIf(noChromium)("/operator page", () => {
  it("dry run, live batches, approval to the shadow queue, and the emergency stop", async () => {
    const page = await signIn({ width: 1440, height: 900 });
    await page.click("button[data-op=dry-run]");
    await page.waitForSelector("#dispatch-result:not([hidden])");
    const result = await page.locator("#dispatch-result").textContent();
    expect(result).toContain("Dry run: nothing was sent, reserved or counted");
    expect(result).toMatch(/email: 5 would go \(cap 0\/5 used today\)/);
    expect(result).toMatch(/Held back: \d+ \(.*\d+\)/);
    expect(result).toMatch(/\b(routing|daily_cap|crm)\b/);
    expect(await runtime.repos.batches.recent(5)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/operator-dry-run-1440.png`, fullPage: true });

    await page.click("button[data-op=live]");
    await page.waitForSelector("article.batch button[data-op=approve-batch]");
    expect(await page.locator("#batches article.batch").count()).toBe(2);
    const snapshot = await page.locator("#batches article.batch").first().textContent();
    expect(snapshot).toMatch(/expires .* unless approved/);
    expect(snapshot).toMatch(/day 1/);
    await page.screenshot({ path: `${ARTIFACTS}/operator-batches-1440.png` });
    const mobile = await signIn({ width: 390, height: 844 });
    await mobile.screenshot({ path: `${ARTIFACTS}/operator-batches-390.png`, fullPage: true });
    const overflow = await mobile.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);

    await page.locator("button[data-op=approve-batch]").first().click();
    await page.waitForFunction(
      () => document.querySelector("#pending-batches")?.textContent === "1",
    );
    await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
    await page.reload();
    expect(await page.locator("#shadow li").count()).toBeGreaterThan(0);
    expect(await page.locator("#recent").textContent()).toContain("sent");

    await page.fill("#stop-form input[name=reason]", "bounce spike on a sending domain");
    await page.click("#stop-form button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#stop-state")?.textContent === "ON");
    expect(await page.locator("#emergency").textContent()).toContain(
      "bounce spike on a sending domain — Ops Lead",
    );
    expect(await page.locator("button[data-op=live]").isDisabled()).toBe(true);
    expect(await page.locator("button[data-op=approve-batch]").isDisabled()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/operator-stop-1440.png` });
    expect(pageErrors).toEqual([]);
  });
});
