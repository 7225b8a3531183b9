// `npm run bench` (fourth part): webhook ingest on a throwaway redis-server. The server runs in its
// own process (test/bench/webhook-server.ts); autocannon posts Instantly events over loopback for
// BENCH_HTTP_SECONDS, 30% of them repeats of earlier deliveries. Prints deliveries/s and new
// events/s accepted, and checks that every accepted event was kept (its dedupe key in Redis).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { createClient } from "redis";
import { benchRedis } from "../support/redis-process.ts";

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const SECRET = "bench-instantly-webhook-secret-0123";
const print = (line: string) => process.stdout.write(`${line}\n`);

const body = (n: number) =>
  JSON.stringify({
    timestamp: "2026-11-24T16:00:00.000Z",
    event_type: "email_opened",
    workspace: "ws_bench",
    campaign_id: "019942fb-54a1-73dc-89a2-5f7483674a3d",
    lead_email: `lead${n % 5000}@bench.example`,
    email_id: `open-${n}`,
    step: 1,
  });

async function main(): Promise<void> {
  const redis = await benchRedis();
  const child = spawn(process.execPath, [join(import.meta.dirname, "webhook-server.ts")], {
    env: {
      PATH: process.env.PATH ?? "",
      REDIS_URL: redis.url,
      INSTANTLY_WEBHOOK_SECRET: SECRET,
      DASHBOARD_AUTH_TOKEN: "bench-dashboard-token-0123456789abcdef",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    let port = 0;
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      if (line.startsWith("{")) {
        port = (JSON.parse(line) as { port: number }).port;
        break;
      }
    }
    let sent = 0;
    const statuses = new Map<number, number>();
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${port}/webhooks/instantly`,
          method: "POST",
          connections: 20,
          duration: SECONDS,
          headers: { "content-type": "application/json", "x-webhook-secret": SECRET },
          requests: [
            {
              setupRequest: (request) => {
                sent += 1;
                // 30% repeat an earlier delivery.
                const n = sent % 10 < 3 && sent > 10 ? Math.floor(sent / 2) : sent;
                return { ...request, body: body(n) };
              },
            },
          ],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on("response", (_client, statusCode) => {
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      });
    });
    const client = createClient({ url: redis.url });
    await client.connect();
    let kept = 0;
    for await (const keys of client.scanIterator({
      MATCH: "alpha-swarm:webhook:seen:*",
      COUNT: 1000,
    })) {
      kept += keys.length;
    }
    await client.quit();
    const accepted = statuses.get(202) ?? 0;
    const duplicates = statuses.get(200) ?? 0;
    const other = result.requests.total - accepted - duplicates;
    print("webhook ingest (Instantly events, redis-server over TCP, loopback, 30% repeats):");
    print(
      `  ${(result.requests.total / SECONDS).toFixed(0)} deliveries/s (${(accepted / SECONDS).toFixed(0)} new events/s accepted, target ≥ 2,000/s), p99 ${result.latency.p99} ms; ${accepted} accepted, ${duplicates} recognised as repeats, ${other} other; accepted events marked ${kept} (${kept >= accepted ? `every accepted one; ${kept - accepted} more were still in flight when the run stopped` : `MISSING ${accepted - kept}`})`,
    );
  } finally {
    child.kill("SIGKILL");
    await once(child, "exit");
    await redis.stop();
  }
}

await main();
