// What the page suites share: Debian's chromium (a CI run without it fails; elsewhere the suites
// are skipped), the app served on a free loopback port, and signing in through the shared form at
// a page, collecting the page's errors. Screenshots go to test/.artifacts.
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { serveApp } from "../../routes/node-server.ts";
import type { TestRuntime } from "../support/runtime.ts";

export const ARTIFACTS = "test/.artifacts";
const CHROMIUM = "/usr/bin/chromium";
export const noChromium = !existsSync(CHROMIUM);
if (noChromium && process.env.CI) {
  throw new Error(`CI must run the page test: install Debian's chromium (${CHROMIUM})`);
}

/** The app on a free loopback port, and a headless Chromium; `close` stops both. */
export async function servePages(runtime: TestRuntime) {
  let server: Server | undefined;
  const base = await new Promise<string>((resolve) => {
    server = serveApp(runtime, { port: 0, hostname: "127.0.0.1" }, (address) =>
      resolve(`http://127.0.0.1:${address.port}`),
    );
  });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const close = async () => {
    await browser.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  };
  return { base, browser, close };
}

/**
 * Opens `path` signed out, checks the sign-in form's heading, signs in as "Ops Lead" with
 * `token`, and waits for `ready`; the page's errors and console errors go to `errors`.
 */
export async function signInAt(
  browser: Browser,
  options: {
    base: string;
    path: string;
    token: string;
    heading: string;
    ready: string;
    viewport: { width: number; height: number };
    errors: string[];
  },
): Promise<Page> {
  const page = await (await browser.newContext({ viewport: options.viewport })).newPage();
  page.on("pageerror", (error) => options.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") options.errors.push(message.text());
  });
  await page.goto(`${options.base}${options.path}`);
  await expect(page.locator("h1").textContent()).resolves.toBe(options.heading);
  await page.fill("input[name=token]", options.token);
  await page.fill("input[name=name]", "Ops Lead");
  await page.click("button[type=submit]");
  await page.waitForSelector(options.ready);
  expect(new URL(page.url()).pathname).toBe(options.path);
  return page;
}
