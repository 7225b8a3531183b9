// The / overview page in a real headless Chromium against the real app: after a live dispatch,
// Instantly's sends, opens and two bounces from one account (the deliverability guard engages)
// and an open circuit at Apollo, the health tiles say so (guard and Apollo in red), the five KPI
// charts have a bar per day, and the red flags and the accounts' bounces are listed; on a phone
// nothing overflows sideways. The guard is then cleared from /operator's form, and / shows it
// clear with who cleared it. Screenshots at 1440×900 and 390×844 go to test/.artifacts.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvedCards,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  sendLive,
  useProviderServer,
} from "../dispatch/support.ts";
import { hooks, instantlyEvent, SECRETS } from "../signals/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { ARTIFACTS, noChromium, servePages, signInAt } from "./page-harness.ts";

const TOKEN = "overview-ui-token-0123456789abcdef";

const providerServer = useProviderServer();
let runtime: TestRuntime;
let pages: Awaited<ReturnType<typeof servePages>> | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noChromium) return;
  providerServer.use(...sendingProviders({ ghl: { contacts: {} } }).handlers);
  runtime = await dispatchRuntime({
    config: { ramp: { enabled: false }, caps: { daily: { email: 12 } } },
    crons: false,
    env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: TOKEN },
  });
  await approvedCards(runtime, 20);
  const live = await sendLive(runtime);
  const hook = hooks(runtime);
  const units = live.channels.email.wouldSend;
  for (const [i, unit] of units.entries()) {
    const at = (minutes: number) =>
      new Date(Date.parse("2026-11-24T15:10:00Z") + (i + minutes) * 60_000).toISOString();
    await hook.instantly(
      instantlyEvent("email_sent", unit.to as string, {
        email_account: unit.account,
        timestamp: at(0),
      }),
    );
    if (i % 2 === 0) {
      await hook.instantly(
        instantlyEvent("email_opened", unit.to as string, {
          email_account: unit.account,
          timestamp: at(30),
        }),
      );
    }
  }
  const account = units[0]?.account;
  for (const unit of units.filter((u) => u.account === account).slice(0, 2)) {
    await hook.instantly(
      instantlyEvent("email_bounced", unit.to as string, {
        email_account: account,
        timestamp: "2026-11-24T17:00:00Z",
      }),
    );
  }
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
  await runtime.repos.breakers.update("apollo", (current) => ({
    next: {
      ...current,
      state: "open",
      failures: 5,
      retryAt: new Date(runtime.now().getTime() + 60_000).toISOString(),
      lastError: "Apollo answered 503",
      lastErrorAt: runtime.now().toISOString(),
    },
    result: null,
  }));
  pages = await servePages(runtime);
});

afterAll(async () => {
  await pages?.close();
  await runtime?.close();
});

function signIn(viewport: { width: number; height: number }, path = "/"): Promise<Page> {
  if (!pages) throw new Error("no browser");
  return signInAt(pages.browser, {
    base: pages.base,
    path,
    token: TOKEN,
    heading: path === "/" ? "Alpha Swarm" : "Alpha Swarm operator",
    ready: path === "/" ? "main.overview" : "main.operator",
    viewport,
    errors: pageErrors,
  });
}

const tone = (page: Page, id: string) => page.locator(`#${id}`).getAttribute("data-tone");

describe.skipIf(noChromium)("/ overview page", () => {
  it("shows health at a glance and the KPIs against their targets, on a desk and on a phone", async () => {
    const page = await signIn({ width: 1440, height: 900 });
    expect(await tone(page, "guard")).toBe("bad");
    expect(await page.locator("#guard .big").textContent()).toBe("ENGAGED");
    expect(await tone(page, "providers")).toBe("bad");
    expect(await page.locator("#providers").textContent()).toContain("Apollo (sandbox): open");
    expect(await tone(page, "emergency")).toBe("ok");
    expect(await page.locator("#queue .big").textContent()).toMatch(/^\d+ pending$/);
    expect(await page.locator("#last-run .big").textContent()).toBe("default: completed");
    expect(await page.locator(".chart-box").count()).toBe(5);
    // Fourteen days, one bar each; today's open rate is a real bar with its status.
    expect(await page.locator("[data-kpi=open_rate] rect[data-day]").count()).toBe(14);
    expect(
      await page
        .locator("[data-kpi=open_rate] rect[data-day='2026-11-24']")
        .getAttribute("data-status"),
    ).toBe("settling");
    expect(await page.locator("[data-kpi=icp_match_rate] h3").textContent()).toMatch(/\d+(\.\d)?%/);
    expect(await page.locator("#flags").textContent()).toContain("account bounce");
    expect(await page.locator("#accounts .status-red_flag").count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/overview-1440.png`, fullPage: true });
    await page.close();

    const phone = await signIn({ width: 390, height: 844 });
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await phone.screenshot({ path: `${ARTIFACTS}/overview-390.png`, fullPage: true });
    await phone.close();
    expect(pageErrors).toEqual([]);
  });

  it("the guard is cleared with a reason from /operator, and / shows who cleared it", async () => {
    const operator = await signIn({ width: 1440, height: 900 }, "/operator");
    expect(await operator.locator("#guard h2").textContent()).toContain("ENGAGED");
    await operator.fill("#guard-form input[name=reason]", "Two bad addresses removed; DNS checked");
    await operator.click("#guard-form button[type=submit]");
    await operator.waitForSelector("#guard h2:has-text('clear')");
    await operator.close();
    const page = await signIn({ width: 1440, height: 900 });
    expect(await page.locator("#guard .big").textContent()).toBe("clear");
    expect(await page.locator("#guard p").textContent()).toContain("last cleared by Ops Lead");
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
