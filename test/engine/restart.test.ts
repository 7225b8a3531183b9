// Durability across a real kill: a child process drives the engine until a run is asleep, waiting,
// backing off or between cron ticks, is killed with SIGKILL, and a new engine over the same store
// (the embedded store's directory, or real Redis) resumes the work as if nothing had happened.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { createTcpRequester } from "../../lib/store/tcp-requester.ts";
import { testRedisUrl } from "../support/redis.ts";
import { counters, DAY, restartFunctions } from "./restart/functions.ts";
import { recordingLogger } from "./support.ts";

const child = join(import.meta.dirname, "restart", "child.ts");
const START = Date.UTC(2026, 2, 2, 9, 0, 0);
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs the child until it prints READY, then kills it without warning. */
const runThenKill = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("READY")) proc.kill("SIGKILL");
    });
    proc.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    proc.on("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve(out.trim()) : reject(new Error(`child exited: ${err}`)),
    );
  });

type Target = { name: string; target: () => Promise<string>; open: (target: string) => Redis };

const redisUrl = testRedisUrl();
const targets: Target[] = [
  {
    name: "embedded store",
    target: async () => {
      const dir = mkdtempSync(join(tmpdir(), "as-restart-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    open: (dir) => {
      const memory = createMemoryRequester({ dataDir: dir });
      cleanups.push(() => memory.close());
      return storeClient(memory.requester);
    },
  },
];
if (redisUrl) {
  targets.push({
    name: "real Redis",
    target: async () => {
      const url = `${redisUrl}/12`;
      const tcp = createTcpRequester(url);
      await storeClient(tcp.requester).flushdb();
      await tcp.close();
      return url;
    },
    open: (url) => {
      const tcp = createTcpRequester(url);
      cleanups.push(() => tcp.close());
      return storeClient(tcp.requester);
    },
  });
}

/** A fresh engine over the store the child used, on a virtual clock at `at`. */
const restart = async (target: Target, where: string, at: number) => {
  const redis = target.open(where);
  counters.redis = redis;
  const clock = new VirtualClock(at);
  const engine = createEmbeddedEngine({
    functions: restartFunctions,
    store: redis,
    clock,
    logger: recordingLogger(),
    leaseTtlMs: 1000,
  });
  cleanups.push(() => engine.close());
  // The killed holder's lease lapses after its TTL; on Redis that is real time.
  engine.start({ crons: true });
  await engine.ready;
  for (let tries = 0; !engine.isLeader() && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { engine, clock, redis };
};

const counter = async (redis: Redis, name: string) =>
  Number((await redis.get(`restart-test:count:${name}`)) ?? 0);

describe.each(targets)("the engine after a kill -9 ($name)", (target) => {
  it("wakes a run asleep until day 17 on day 17, having run its first step once", async () => {
    const where = await target.target();
    const ready = await runThenKill(["sleep", where, String(START), String(DAY)]);
    expect(ready).toContain('["sleeper","sleeping"]');
    const { engine, redis } = await restart(target, where, START + DAY);
    expect(engine.isLeader()).toBe(true);
    expect(engine.runs({ functionId: "sleeper" })[0]?.status).toBe("sleeping");
    await engine.runUntilIdle({ until: START + 16 * DAY });
    expect(await counter(redis, "sleeper:after")).toBe(0);
    await engine.runUntilIdle({ until: START + 18 * DAY });
    const [run] = engine.runs({ functionId: "sleeper" });
    expect(run?.status).toBe("completed");
    expect(run?.endedAt).toBe(START + 17 * DAY);
    expect(await counter(redis, "sleeper:before")).toBe(1);
    expect(await counter(redis, "sleeper:after")).toBe(1);
  });

  it("still matches a waitForEvent after the restart", async () => {
    const where = await target.target();
    const ready = await runThenKill(["wait", where, String(START), String(DAY)]);
    expect(ready).toContain('["waiter","waiting"]');
    const { engine, redis } = await restart(target, where, START + DAY);
    await engine.send({ name: "restart/lead.replied", data: { lead: "lead-other" } });
    await engine.runUntilIdle({ until: START + 2 * DAY });
    expect(engine.runs({ functionId: "waiter" })[0]?.status).toBe("waiting");
    await engine.send({ name: "restart/lead.replied", data: { lead: "lead-7", text: "yes" } });
    await engine.runUntilIdle({ until: START + 3 * DAY });
    const [run] = engine.runs({ functionId: "waiter" });
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ replied: { lead: "lead-7", text: "yes" }, lead: "lead-7" });
    expect(await counter(redis, "waiter:before")).toBe(1);
  });

  it("fires a retry scheduled before the kill", async () => {
    const where = await target.target();
    const ready = await runThenKill(["retry", where, String(START), String(10 * 60 * 1000)]);
    expect(ready).toContain('["retrier","running"]');
    const { engine, redis } = await restart(target, where, START + 20 * 60 * 1000);
    await engine.runUntilIdle({ until: START + DAY });
    const [run] = engine.runs({ functionId: "retrier" });
    expect(run?.status).toBe("completed");
    expect(run?.output).toBe(2);
    expect(run?.endedAt).toBe(START + 60 * 60 * 1000);
    expect(await counter(redis, "retrier:flaky")).toBe(2);
  });

  it("resumes a cron: a tick missed while down fires once, then the schedule goes on", async () => {
    const where = await target.target();
    await runThenKill(["cron", where, String(START), String(2 * 60 * 60 * 1000)]);
    const { engine, redis } = await restart(target, where, START + 2 * DAY);
    expect(await counter(redis, "ticker:tick")).toBeGreaterThanOrEqual(1);
    await engine.runUntilIdle({ until: START + 2 * DAY + 60 * 1000 });
    expect(await counter(redis, "ticker:tick")).toBe(2);
    await engine.runUntilIdle({ until: START + 2 * DAY + 61 * 60 * 1000 });
    expect(await counter(redis, "ticker:tick")).toBe(3);
    await engine.runUntilIdle({ until: START + 3 * DAY + 2 * 60 * 60 * 1000 });
    expect(await counter(redis, "ticker:tick")).toBe(4);
  });
});
