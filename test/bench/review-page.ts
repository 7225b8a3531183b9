// `npm run bench` (fifth part): the Head of Sales' /sales page over a queue of about 2,000 pending
// cards (a sandbox run on the embedded store), in headless Chromium over loopback. Prints, against
// the targets: the first cards usable (≤ 1 s), each approval's answer in the page (≤ 200 ms), the
// next page as the list scrolls, and a heartbeat's size with whether it re-rendered any card
// (only what changed: none). Skipped where Debian's chromium is missing.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { chromium } from "playwright-core";
import { functions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/index.ts";
import { createLogger } from "../../lib/log.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createApp } from "../../routes/app.ts";
import {
  describeTimings,
  fillQueue,
  measureReviewPage,
  percentile,
} from "../support/review-queue.ts";

const CHROMIUM = "/usr/bin/chromium";
const TOKEN = "bench-review-token-0123456789abcdef";
const print = (line: string) => process.stdout.write(`${line}\n`);

if (!existsSync(CHROMIUM)) {
  print(`review page: skipped (no ${CHROMIUM})`);
  process.exit(0);
}

const dataDir = mkdtempSync(join(tmpdir(), "as-bench-review-"));
// The run ends at about the real time, so the browser's undo countdowns match the server's.
const runtime = await createRuntime({
  clock: new VirtualClock(Date.now() - 60_000),
  functions,
  logger: createLogger({ level: "error" }),
  rawEnv: { DATA_DIR: dataDir, DASHBOARD_AUTH_TOKEN: TOKEN },
  startCrons: false,
});
const pending = await fillQueue(runtime);
const app = createApp(runtime);
let server: ReturnType<typeof serve> | undefined;
const base = await new Promise<string>((resolve) => {
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
    resolve(`http://127.0.0.1:${info.port}`),
  );
});
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const t = await measureReviewPage(browser, { base, token: TOKEN, actions: 20 });
  print(`review page (/sales, Chromium, embedded store, ${pending} pending cards):`);
  for (const line of describeTimings(t)) print(`  ${line}`);
  const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
  const p95 = percentile(t.actionsMs, 95);
  print(
    `  targets: first cards usable ≤ 1000 ms: ${verdict(t.firstUsableMs <= 1000)}; each action ≤ 200 ms (p95 ${p95.toFixed(0)} ms, max ${Math.max(...t.actionsMs).toFixed(0)} ms): ${verdict(Math.max(...t.actionsMs) <= 200)}; heartbeat fetches only what changed, re-renders nothing: ${verdict(!t.reRendered && t.heartbeatBytes < t.pageBytes / 20)}`,
  );
} finally {
  await browser.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
