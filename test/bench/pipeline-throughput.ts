// `npm run bench`: a 2,000-lead sandbox run through every stage on the embedded engine over a real
// redis-server, printing leads per second end to end and store round trips per lead per stage.
// Targets on a 2-core machine: ≥ 500 leads/s, ≤ 2 round trips per lead per stage.
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import type { InngestFunction } from "inngest";
import { functions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/index.ts";
import { createLogger } from "../../lib/log.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createTcpRequester } from "../../lib/store/index.ts";
import { hasRedisServer, startRedisServer } from "../support/redis-process.ts";

const LEADS = Number(process.env.BENCH_LEADS ?? 2000);
const STAGE_OF: Record<string, string> = {
  "scrape-leads": "scrape",
  "enrich-leads": "enrich",
  "verify-leads": "verify",
  "segment-leads": "segment",
  "craft-emails": "craft",
};

/** Which stage a store request belongs to, carried through each function's async work. */
const stageContext = new AsyncLocalStorage<string>();

/** The same function, its handler run inside the stage's context so round trips are attributed. */
function attributed(fn: InngestFunction.Any): InngestFunction.Any {
  const stage = STAGE_OF[fn.opts.id];
  if (!stage) return fn;
  const raw = fn as unknown as { fn: (ctx: unknown) => unknown };
  const wrapped = Object.create(fn) as { fn: (ctx: unknown) => unknown };
  wrapped.fn = (ctx) => stageContext.run(stage, () => raw.fn(ctx));
  return wrapped as unknown as InngestFunction.Any;
}

async function main(): Promise<void> {
  if (!process.env.BENCH_REDIS_URL && !hasRedisServer()) {
    throw new Error(
      "the benchmark needs redis-server on PATH (or BENCH_REDIS_URL to a scratch Redis)",
    );
  }
  const redisProcess = process.env.BENCH_REDIS_URL ? null : await startRedisServer();
  const url = process.env.BENCH_REDIS_URL ?? redisProcess?.url ?? "";
  const dataDir = mkdtempSync(join(tmpdir(), "as-bench-"));
  const tcp = createTcpRequester(url);
  const trips = new Map<string, number>();
  const requester = {
    request: ((req) => {
      const stage = stageContext.getStore() ?? "other";
      trips.set(stage, (trips.get(stage) ?? 0) + 1);
      return tcp.requester.request(req);
    }) as typeof tcp.requester.request,
  };
  const redis = new Redis(requester);
  await redis.flushdb();
  const runtime = await createRuntime({
    rawEnv: { DATA_DIR: dataDir, REDIS_URL: url },
    store: {
      redis,
      transport: "redis",
      durable: true,
      describe: "bench",
      close: () => tcp.close(),
    },
    clock: new VirtualClock(Date.now()),
    functions: functions.map(attributed),
    logger: createLogger({ level: "warn" }),
    startCrons: false,
  });
  try {
    const engine = runtime.engine;
    if (!engine) throw new Error("the benchmark runs on the embedded engine");
    trips.clear();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const run = await startRun(
      runtime,
      { campaign: "default", mode: "sandbox", limit: LEADS },
      "bench",
    );
    await engine.runUntilIdle({ maxSteps: 1_000_000 });
    const seconds = (performance.now() - started) / 1000;
    const card = await runtime.repos.runs.scorecard(run.id);
    if (card?.status !== "completed") throw new Error(`run ended ${card?.status}`);
    const rss = process.memoryUsage().rss;
    const heapDelta = process.memoryUsage().heapUsed - heapBefore;

    const print = (line: string) => process.stdout.write(`${line}\n`);
    print(
      `pipeline bench: ${LEADS} leads, sandbox providers, embedded engine, redis-server over TCP`,
    );
    print(
      `  end to end      ${seconds.toFixed(2)} s   ${(LEADS / seconds).toFixed(0)} leads/s   (target ≥ 500)`,
    );
    for (const stage of card.stages) {
      const n = trips.get(stage.stage) ?? 0;
      const perLead = n / Math.max(1, stage.countIn);
      print(
        `  ${stage.stage.padEnd(8)} in ${String(stage.countIn).padStart(5)}  out ${String(stage.countOut).padStart(5)}  round trips ${String(n).padStart(4)}  = ${perLead.toFixed(3)} per lead   (target ≤ 2)`,
      );
    }
    print(`  other round trips (run start, scorecard): ${trips.get("other") ?? 0}`);
    print(
      `  memory: rss ${(rss / 2 ** 20).toFixed(0)} MiB, heap grew ${(heapDelta / 2 ** 20).toFixed(1)} MiB`,
    );
  } finally {
    await runtime.close();
    await redisProcess?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
