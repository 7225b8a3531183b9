// `npm run bench` (third part): the Head of Sales' API under load over loopback, with ~10,000
// pending cards, once on a throwaway redis-server and once on the embedded store. The server runs
// in its own process (test/bench/http-server.ts); autocannon drives it from this one. Prints:
// - GET /api/emails/pending (a page of 25) req/s beside a bare Hono route answering the same
//   bytes, and their ratio (target ≥ 25%);
// - approvals of distinct cards at a fixed 1,000 req/s, open loop (fixed-rate.ts), after 1,000
//   approvals at 500 req/s that warm the server up (a server that has been up a while has compiled
//   its approval path; these are not counted), in three rounds of 3,000 (a shared machine's noise
//   differs from one to the next; the median round's p99 is the figure): latency p50/p90/p99 from
//   when each request was due (target p99 < 50 ms), and the server's CPU per approval, split by
//   thread (main thread, the embedded store's writer and checkpointer, V8's GC helpers), and how
//   busy the machine was and how much CPU its host stole meanwhile (shared machines).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { benchRedis } from "../support/redis-process.ts";
import { fixedRate } from "./fixed-rate.ts";
import { startFlags } from "./start-flags.ts";

const TOKEN = "bench-dashboard-token-0123456789abcdef";
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const print = (line: string) => process.stdout.write(`${line}\n`);
/** Approvals that warm the server up before the measured ones, and their rate. */
const WARM_UP = { total: 1000, rate: 500 };
/** Rounds of approvals measured at 1,000 req/s (a shared machine's noise varies from one to the next). */
const ROUNDS = 3;
const APPROVALS_PER_ROUND = 3000;

type Ready = { appPort: number; barePort: number; pageBytes: number; ids: string[]; store: string };

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(
    process.execPath,
    [...startFlags(), "--expose-gc", join(import.meta.dirname, "http-server.ts")],
    {
      env: {
        PATH: process.env.PATH ?? "",
        DASHBOARD_AUTH_TOKEN: TOKEN,
        LOG_LEVEL: "error",
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith("{")) return { child, ready: JSON.parse(line) as Ready };
  }
  throw new Error("the benchmark server exited before it was ready");
}

/** CPU time (user + system, ms) the process has used, from /proc; null where there is none. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** CPU time (ms) per kind of thread of the process (main, store writer and checkpointer, V8's helpers), from /proc. */
function threadCpuOf(pid: number | undefined): Map<string, number> {
  const byKind = new Map<string, number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      byKind.set(name, (byKind.get(name) ?? 0) + ms);
    }
  } catch {
    // A thread that ended between the listing and the read, or no /proc: what was read stands.
  }
  return byKind;
}

/** The machine's CPU time counters (jiffies: user … steal) from /proc/stat; null where there is none. */
function machineTimes(): number[] | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    return line.trim().split(/\s+/).slice(1, 9).map(Number);
  } catch {
    return null;
  }
}

/**
 * How busy the machine was between two readings, and how much of its time the host gave to other
 * tenants (steal): a run with much steal measured the host, not the app.
 */
function machineLoad(before: number[] | null, after: number[] | null): string {
  if (!before || !after) return "";
  const d = after.map((value, i) => value - (before[i] ?? 0));
  const total = d.reduce((sum, value) => sum + value, 0) || 1;
  const idle = (d[3] ?? 0) + (d[4] ?? 0);
  return `; machine ${((100 * (total - idle)) / total).toFixed(0)}% busy, ${((100 * (d[7] ?? 0)) / total).toFixed(0)}% stolen by the host`;
}

/** Where the server's CPU went per request between two readings, by kind of thread. */
function threadSplit(before: Map<string, number>, after: Map<string, number>, requests: number) {
  const names: Record<string, string> = {
    MainThread: "main thread",
    WorkerThread: "store writer and checkpointer",
    V8Worker: "V8 helpers (GC)",
  };
  const parts = [...after]
    .map(
      ([name, ms]) => [names[name] ?? "other", (ms - (before.get(name) ?? 0)) / requests] as const,
    )
    .filter(([, ms]) => ms >= 0.005);
  const merged = new Map<string, number>();
  for (const [name, ms] of parts) merged.set(name, (merged.get(name) ?? 0) + ms);
  return [...merged].map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(", ");
}

const run = (options: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });

async function benchOn(label: string, env: Record<string, string>): Promise<void> {
  const { child, ready } = await startServer(env);
  try {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const page = await run({
      url: `http://127.0.0.1:${ready.appPort}/api/emails/pending`,
      headers: auth,
      connections: 10,
      duration: SECONDS,
    });
    const bare = await run({
      url: `http://127.0.0.1:${ready.barePort}/bare`,
      connections: 10,
      duration: SECONDS,
    });
    const ratio = page.requests.average / Math.max(1, bare.requests.average);
    print(`${label}: ${ready.ids.length} pending cards, server in its own process, loopback`);
    print(
      `  GET /api/emails/pending (25 slim cards, ${(ready.pageBytes / 1024).toFixed(1)} KiB): ${page.requests.average.toFixed(0)} req/s, p99 ${page.latency.p99} ms; bare Hono, same bytes: ${bare.requests.average.toFixed(0)} req/s; ratio ${(ratio * 100).toFixed(0)}% (target ≥ 25%)`,
    );
    /** Approves `total` distinct pending cards from the `from`-th on, at `rate` per second. */
    const approve = (from: number, total: number, rate: number) =>
      fixedRate({
        origin: `http://127.0.0.1:${ready.appPort}`,
        rate,
        total: Math.max(0, Math.min(ready.ids.length - from, total)),
        connections: 50,
        request: (i) => ({
          method: "POST",
          path: `/api/emails/${ready.ids[from + i]}/approve`,
          headers: { ...auth, "content-type": "application/json" },
          body: "{}",
        }),
      });
    const warmUp = await approve(0, WARM_UP.total, WARM_UP.rate);
    print(
      `  POST approve at a fixed 1,000 req/s, ${ROUNDS} rounds of ${APPROVALS_PER_ROUND} distinct cards after ${warmUp.ok} warm-up approvals at ${WARM_UP.rate}/s (latency from when each was due; target p99 < 50 ms):`,
    );
    const ms = (value: number) => value.toFixed(1);
    const p99s: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const cpuBefore = cpuMsOf(child.pid);
      const threadsBefore = threadCpuOf(child.pid);
      const machineBefore = machineTimes();
      const from = warmUp.sent + round * APPROVALS_PER_ROUND;
      const approvals = await approve(from, APPROVALS_PER_ROUND, 1000);
      if (approvals.sent === 0) break;
      const cpuAfter = cpuMsOf(child.pid);
      const load = machineLoad(machineBefore, machineTimes());
      const split = threadSplit(threadsBefore, threadCpuOf(child.pid), Math.max(1, approvals.ok));
      const cpu =
        cpuBefore === null || cpuAfter === null
          ? ""
          : `; server CPU ${((cpuAfter - cpuBefore) / Math.max(1, approvals.ok)).toFixed(2)} ms per approval (${split})`;
      p99s.push(approvals.p99);
      print(
        `    round ${round + 1}: ${approvals.achievedRate.toFixed(0)} req/s achieved, ${approvals.ok} ok, ${approvals.failed} not; p50 ${ms(approvals.p50)} ms, p90 ${ms(approvals.p90)} ms, p99 ${ms(approvals.p99)} ms, max ${ms(approvals.max)} ms${cpu}; load generator CPU ${approvals.clientCpuMs.toFixed(2)} ms per request${load}`,
      );
    }
    const median = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)];
    if (median !== undefined) {
      print(
        `    median p99 of the rounds: ${ms(median)} ms (target < 50 ms: ${median < 50 ? "met" : "not met"})`,
      );
    }
  } finally {
    child.kill("SIGKILL");
    await once(child, "exit");
  }
}

async function main(): Promise<void> {
  const redis = await benchRedis();
  const dataDir = mkdtempSync(join(tmpdir(), "as-bench-http-"));
  try {
    await benchOn("redis-server over TCP", {
      DATA_DIR: join(dataDir, "redis"),
      REDIS_URL: redis.url,
    });
    await benchOn("embedded store (sqlite)", { DATA_DIR: join(dataDir, "embedded") });
  } finally {
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
