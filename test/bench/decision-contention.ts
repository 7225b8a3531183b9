// `npm run bench` (second part): 100 concurrent decisions on one card over a real redis-server,
// repeated over many cards, through the app's HTTP API in-process. Prints the winner's latency
// (p50/p99) and the losers' (p50/p99/max); every loser must get a 409 carrying the card's state.
// Target: winner p99 < 250 ms.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/index.ts";
import { createLogger } from "../../lib/log.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createApp } from "../../routes/app.ts";
import { benchRedis } from "../support/redis-process.ts";

const CARDS = Number(process.env.BENCH_CARDS ?? 30);
const RACERS = 100;
const TOKEN = "bench-dashboard-token-0123456789abcdef";

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function main(): Promise<void> {
  const redis = await benchRedis();
  const dataDir = mkdtempSync(join(tmpdir(), "as-bench-"));
  const runtime = await createRuntime({
    rawEnv: { DATA_DIR: dataDir, REDIS_URL: redis.url, DASHBOARD_AUTH_TOKEN: TOKEN },
    // Tuesday 10:00 in Detroit: inside the send window, so approvals are not deferred.
    clock: new VirtualClock(Date.parse("2026-11-24T15:00:00Z")),
    functions,
    logger: createLogger({ level: "error" }),
    startCrons: false,
  });
  try {
    await runtime.store.redis.flushdb();
    await startRun(runtime, { campaign: "default", mode: "sandbox", limit: CARDS * 3 }, "bench");
    await runtime.engine?.runUntilIdle({ maxSteps: 1_000_000 });
    const app = createApp(runtime);
    const call = async (path: string, body?: unknown) => {
      const started = performance.now();
      const res = await app.request(path, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as { card?: { status?: string } };
      return { status: res.status, json, ms: performance.now() - started };
    };
    const pending = (await call(`/api/emails/pending?limit=${CARDS}`)).json as unknown as {
      cards: { id: string }[];
    };
    const cards = pending.cards.slice(0, CARDS);
    if (cards.length < CARDS) throw new Error(`only ${cards.length} pending cards`);
    const winners: number[] = [];
    const losers: number[] = [];
    let withoutState = 0;
    for (const card of cards) {
      const results = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          i % 2 === 0
            ? call(`/api/emails/${card.id}/approve`, {})
            : call(`/api/emails/${card.id}/reject`, { rejection_tag: "other" }),
        ),
      );
      const won = results.filter((r) => r.status === 200);
      const lost = results.filter((r) => r.status === 409);
      if (won.length !== 1 || lost.length !== RACERS - 1) {
        throw new Error(
          `card ${card.id}: ${won.length} winners, statuses ${[...new Set(results.map((r) => r.status))].join(",")}`,
        );
      }
      winners.push(...won.map((r) => r.ms));
      losers.push(...lost.map((r) => r.ms));
      withoutState += lost.filter((r) => r.json.card?.status === undefined).length;
    }
    const print = (line: string) => process.stdout.write(`${line}\n`);
    print(`decision contention: ${CARDS} cards × ${RACERS} concurrent decisions, redis-server`);
    print(
      `  winner   p50 ${percentile(winners, 50).toFixed(0)} ms   p99 ${percentile(winners, 99).toFixed(0)} ms   (target p99 < 250 ms)`,
    );
    print(
      `  losers   p50 ${percentile(losers, 50).toFixed(0)} ms   p99 ${percentile(losers, 99).toFixed(0)} ms   max ${Math.max(...losers).toFixed(0)} ms   409 without the card's state: ${withoutState}`,
    );
  } finally {
    await runtime.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
