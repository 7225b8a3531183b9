// The server side of the webhook ingest benchmark (test/bench/webhook-ingest.ts): the app on a
// throwaway Redis (REDIS_URL) with the webhook secrets set, in its own process. Prints one JSON
// line with its port, then serves until killed.
import { serve } from "@hono/node-server";
import { functions } from "../../functions/index.ts";
import { createLogger } from "../../lib/log.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createApp } from "../../routes/app.ts";

const runtime = await createRuntime({
  functions,
  logger: createLogger({ level: "error" }),
  startCrons: false,
});
if (runtime.store.transport === "redis") await runtime.store.redis.flushdb();
const app = createApp(runtime);
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
