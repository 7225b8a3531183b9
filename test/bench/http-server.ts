// The server side of the HTTP benchmark (test/bench/http-queue.ts), in its own process so the load
// generator does not share its event loop: fills the Head of Sales' queue with a sandbox run of
// about 10,000 cards on the store given (REDIS_URL, or the embedded store in DATA_DIR), then serves
// the app and, on a second port, a bare Hono route answering the same bytes as a page of the
// pending queue. Prints one JSON line with the ports and the pending card ids, then serves until
// killed.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { functions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/index.ts";
import { createLogger } from "../../lib/log.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createApp } from "../../routes/app.ts";
import { serveApp } from "../../routes/node-server.ts";

const TOKEN = process.env.DASHBOARD_AUTH_TOKEN ?? "";
const LEADS = Number(process.env.BENCH_QUEUE_LEADS ?? 11_600);

const runtime = await createRuntime({
  // Tuesday 10:00 in Detroit: inside the send window, so approvals go straight to dispatch.
  clock: new VirtualClock(Date.parse("2026-11-24T15:00:00Z")),
  functions,
  logger: createLogger({ level: "error" }),
  startCrons: false,
});
if (runtime.store.transport === "redis") await runtime.store.redis.flushdb();
await startRun(runtime, { campaign: "default", mode: "sandbox", limit: LEADS }, "bench");
await runtime.engine?.runUntilIdle({ maxSteps: 1_000_000 });
const ids = await runtime.repos.cards.pendingIds();
const app = createApp(runtime);
const page = await app.request("/api/emails/pending", {
  headers: { authorization: `Bearer ${TOKEN}` },
});
const pageBytes = new Uint8Array(await page.arrayBuffer());
const bare = new Hono().get("/bare", (c) =>
  c.body(pageBytes, 200, { "content-type": "application/json" }),
);

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port));
  });
// The setup's garbage (a whole pipeline run) is collected now, not during the measurements.
(globalThis as { gc?: () => void }).gc?.();
// The app as `npm start` serves it (routes/node-server.ts).
const appPort = await new Promise<number>((resolve) => {
  serveApp(runtime, { port: 0, hostname: "127.0.0.1" }, (address) => resolve(address.port));
});
const barePort = await listen(bare.fetch);
process.stdout.write(
  `${JSON.stringify({ appPort, barePort, pageBytes: pageBytes.length, ids, store: runtime.store.transport })}\n`,
);
