// A throwaway redis-server on a free loopback port, for the test suites and the benchmark.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createConnection } from "node:net";
import { freePort } from "./free-port.ts";

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

export type RedisProcess = {
  url: string;
  stop: () => Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  freeze: () => void;
  /** Lets a frozen server run again (SIGCONT). */
  thaw: () => void;
  /** Kills the server (SIGKILL) and waits for it to be gone. */
  kill: () => Promise<void>;
  /** Starts a killed server again on the same port (empty: nothing is persisted); no-op if running. */
  restart: () => Promise<void>;
};

async function spawnOn(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--save", "", "--appendonly", "no", "--port", String(port), "--bind", "127.0.0.1"],
    { stdio: "ignore" },
  );
  try {
    await waitUntilReady(port, child);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return child;
}

/** Starts redis-server without persistence on a free port and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisProcess> {
  const port = await freePort();
  let child = await spawnOn(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGCONT");
      await stop(child);
    },
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
    restart: async () => {
      // Only a server that is gone is started again: a second one could not bind the port, and
      // the one already answering would be left behind.
      if (child.exitCode === null && child.signalCode === null) return;
      child = await spawnOn(port);
    },
  };
}

/**
 * The Redis a benchmark runs against: BENCH_REDIS_URL when set (a scratch Redis; stop does
 * nothing), else a throwaway redis-server started here.
 */
export async function benchRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.BENCH_REDIS_URL;
  if (given) return { url: given, stop: async () => {} };
  if (!hasRedisServer()) {
    throw new Error(
      "the benchmark needs redis-server on PATH (or BENCH_REDIS_URL to a scratch Redis)",
    );
  }
  const server = await startRedisServer();
  return { url: server.url, stop: server.stop };
}
