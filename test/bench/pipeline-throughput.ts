// `npm run bench`: sandbox runs of 2,000 and 20,000 leads through every stage on the durable
// embedded engine, each over a real redis-server and over the embedded store (sqlite), each in
// its own process, printing leads per second, CPU per lead, Inngest steps per lead per stage,
// store commands and bytes per lead, Redis memory per lead, retries and peak RSS. Each process
// runs with the Node flags `npm start` runs the app with (start-flags.ts): how far V8 lets the
// heap grow between collections decides the peak RSS.
// Targets on a 2-core machine: ≥ 500 leads/s over Redis.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Requester } from "@upstash/redis";
import { functions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/index.ts";
import { createLogger } from "../../lib/log.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../lib/runtime/runtime.ts";
import { createMemoryRequester, createTcpRequester, type Store } from "../../lib/store/index.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { benchRedis } from "../support/redis-process.ts";
import { startFlags } from "./start-flags.ts";

/** Lead counts to run, each on Redis and on the embedded store (BENCH_LEADS=2000,20000). */
const SIZES = (process.env.BENCH_LEADS ?? "2000,20000").split(",").map(Number);
/** This process runs one configuration when started as `… --one <leads> <redis|embedded>`. */
const ONE = process.argv[2] === "--one";
const LEADS = ONE ? Number(process.argv[3]) : 0;
const STAGE_OF: Record<string, string> = {
  "scrape-leads": "scrape",
  "enrich-leads": "enrich",
  "verify-leads": "verify",
  "segment-leads": "segment",
  "craft-emails": "craft",
};

/** Which stage a store request belongs to, carried through each function's async work. */
const stageContext = new AsyncLocalStorage<string>();

type Counts = {
  trips: Map<string, number>;
  commands: Map<string, number>;
  /** Bytes of the values and arguments sent by writing commands, per stage. */
  written: Map<string, number>;
  /** Store requests that failed (timed out or could not reach the store). */
  storeFailures: number;
  /** Function requests that failed and would be retried. */
  failedAttempts: number;
};

/** Commands that change data: their arguments count as bytes written. */
const WRITES = new Set([
  "set",
  "mset",
  "msetnx",
  "setnx",
  "hset",
  "hsetnx",
  "hmset",
  "sadd",
  "zadd",
  "rpush",
  "lpush",
  "append",
  "setex",
  "psetex",
  "getset",
]);

/** A requester that counts round trips and commands per stage (the engine's own as "engine"). */
function counting(inner: Requester, counts: Counts): Requester {
  return {
    request: ((req) => {
      const body = req.body as unknown[];
      const commands = Array.isArray(body[0]) ? (body as unknown[][]) : [body];
      const context = stageContext.getStore() ?? "other";
      const stageOf = (command: unknown[]) =>
        String(command[1] ?? "").startsWith("alpha-swarm:engine:") ? "engine" : context;
      counts.trips.set(
        stageOf(commands[0] ?? []),
        (counts.trips.get(stageOf(commands[0] ?? [])) ?? 0) + 1,
      );
      for (const command of commands) {
        const stage = stageOf(command);
        counts.commands.set(stage, (counts.commands.get(stage) ?? 0) + 1);
        if (WRITES.has(String(command[0]).toLowerCase())) {
          const bytes = command
            .slice(1)
            .reduce((sum: number, arg) => sum + Buffer.byteLength(String(arg)), 0);
          counts.written.set(stage, (counts.written.get(stage) ?? 0) + bytes);
        }
      }
      return inner.request(req).catch((error: unknown) => {
        counts.storeFailures += 1;
        throw error;
      });
    }) as Requester["request"],
  };
}

async function benchOn(
  label: string,
  store: Store,
  dataDir: string,
  counts: Counts,
  usedMemory: () => Promise<number | null>,
) {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const runtime = await createRuntime({
    rawEnv: { DATA_DIR: dataDir },
    store,
    clock: new VirtualClock(Date.now()),
    functions,
    instrumentRequest: async (functionId, work) => {
      const stage = STAGE_OF[functionId.replace(/-failure$/, "")];
      const outcome = await (stage ? stageContext.run(stage, work) : work());
      // A rejected request or a step that threw is an attempt Inngest would retry (and bill).
      const failed = outcome as { type?: string; step?: { error?: unknown } };
      if (failed.type === "rejected" || (failed.type === "ran" && failed.step?.error)) {
        counts.failedAttempts += 1;
      }
      return outcome;
    },
    logger: createLogger({ level: "warn" }),
    startCrons: false,
  });
  try {
    const engine = runtime.engine;
    if (!engine) throw new Error("the benchmark runs on the embedded engine");
    counts.trips.clear();
    counts.commands.clear();
    counts.written.clear();
    counts.storeFailures = 0;
    counts.failedAttempts = 0;
    const memoryBefore = await usedMemory();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const run = await startRun(
      runtime,
      { campaign: "default", mode: "sandbox", limit: LEADS },
      "bench",
    );
    await engine.runUntilIdle({ maxSteps: 1_000_000 });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerLead = (cpu.user + cpu.system) / 1000 / LEADS;
    const card = await runtime.repos.runs.scorecard(run.id);
    if (card?.status !== "completed") throw new Error(`run ended ${card?.status}`);
    const runs = engine.runs();
    const requests = runs.reduce((sum, r) => sum + r.attempts, 0);
    print(`${label}: ${LEADS} leads, sandbox providers, durable embedded engine`);
    print(
      `  end to end   ${seconds.toFixed(2)} s   ${(LEADS / seconds).toFixed(0)} leads/s   (target ≥ 500 on Redis)   CPU ${cpuMsPerLead.toFixed(2)} ms per lead`,
    );
    print("  stage      leads in  out   steps  steps/lead  app cmds  cmds/lead  bytes/lead");
    let allSteps = 0;
    for (const stage of card.stages) {
      const stageRuns = runs.filter((r) => STAGE_OF[r.functionId] === stage.stage);
      const steps = stageRuns.reduce((sum, r) => sum + r.steps.length, 0);
      allSteps += steps;
      const commands = counts.commands.get(stage.stage) ?? 0;
      const written = counts.written.get(stage.stage) ?? 0;
      const leads = Math.max(1, stage.countIn);
      print(
        `  ${stage.stage.padEnd(8)} ${String(stage.countIn).padStart(9)} ${String(stage.countOut).padStart(5)} ${String(steps).padStart(7)} ${(steps / leads).toFixed(3).padStart(11)} ${String(commands).padStart(9)} ${(commands / leads).toFixed(2).padStart(10)} ${(written / leads).toFixed(0).padStart(11)}`,
      );
    }
    const total = [...counts.commands.values()].reduce((a, b) => a + b, 0);
    const engineCommands = counts.commands.get("engine") ?? 0;
    print(
      `  engine: ${runs.length} runs, ${requests} SDK requests, ${engineCommands} store commands of its own (${(engineCommands / Math.max(1, allSteps)).toFixed(2)} per step)`,
    );
    print(
      `  store: ${total} commands in ${[...counts.trips.values()].reduce((a, b) => a + b, 0)} round trips = ${(total / LEADS).toFixed(1)} per lead, ${(total / Math.max(1, allSteps)).toFixed(1)} per step`,
    );
    const appCommands = [...counts.commands].filter(([stage]) => stage !== "engine");
    const appWritten = [...counts.written].filter(([stage]) => stage !== "engine");
    print(
      `  app, all stages: ${(appCommands.reduce((a, [, n]) => a + n, 0) / LEADS).toFixed(2)} commands and ${(appWritten.reduce((a, [, n]) => a + n, 0) / LEADS / 1024).toFixed(2)} KiB written per lead (targets ≤ 8 and ≤ 4 KiB)`,
    );
    const memoryAfter = await usedMemory();
    if (memoryBefore !== null && memoryAfter !== null) {
      print(
        `  redis memory: ${((memoryAfter - memoryBefore) / LEADS / 1024).toFixed(1)} KiB per lead after the run (target ≤ 10)`,
      );
    }
    print(
      `  failures: ${counts.failedAttempts} retried attempts, ${counts.storeFailures} failed or timed-out store requests (target 0 and 0)`,
    );
    const heapDelta = process.memoryUsage().heapUsed - heapBefore;
    print(
      `  memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (target < 1024), heap grew ${(heapDelta / 2 ** 20).toFixed(1)} MiB`,
    );
  } finally {
    await runtime.close();
  }
}

/** Runs one lead count on one store, in this process (so its peak RSS is its own). */
async function runOne(target: "redis" | "embedded"): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "as-bench-"));
  const counts: Counts = {
    trips: new Map(),
    commands: new Map(),
    written: new Map(),
    storeFailures: 0,
    failedAttempts: 0,
  };
  try {
    if (target === "redis") {
      const tcp = createTcpRequester(process.env.BENCH_REDIS_URL ?? "");
      const redis = storeClient(counting(tcp.requester, counts));
      await redis.flushdb();
      await benchOn(
        "redis-server over TCP",
        { redis, transport: "redis", durable: true, describe: "bench", close: () => tcp.close() },
        dataDir,
        counts,
        async () => {
          const reply = (await tcp.requester.request({ body: ["INFO", "memory"] })) as {
            result?: string;
          };
          const match = /used_memory:(\d+)/.exec(reply.result ?? "");
          return match ? Number(match[1]) : null;
        },
      );
      return;
    }
    const memory = createMemoryRequester({ dataDir: join(dataDir, "store") });
    await benchOn(
      "embedded store (sqlite)",
      {
        redis: storeClient(counting(memory.requester, counts)),
        transport: "embedded",
        durable: true,
        describe: "bench",
        close: () => memory.close(),
      },
      dataDir,
      counts,
      async () => null,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs every lead count on Redis and on the embedded store, each in its own process. */
async function main(): Promise<void> {
  const redis = await benchRedis();
  try {
    for (const leads of SIZES) {
      for (const target of ["redis", "embedded"] as const) {
        const child = spawn(
          process.execPath,
          [...startFlags(), import.meta.filename, "--one", String(leads), target],
          { env: { ...process.env, BENCH_REDIS_URL: redis.url }, stdio: "inherit" },
        );
        const [code] = await once(child, "exit");
        if (code !== 0) throw new Error(`the ${leads}-lead run on ${target} failed (${code})`);
      }
    }
  } finally {
    await redis.stop();
  }
}

if (ONE) await runOne(process.argv[4] === "redis" ? "redis" : "embedded");
else await main();
