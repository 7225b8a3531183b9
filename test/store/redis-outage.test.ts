// The Redis transport when its server hangs or dies (a private redis-server, frozen with SIGSTOP
// and killed with SIGKILL): requests fail with StoreUnavailableError within the command timeout,
// fail at once while the reconnection backs off, and succeed again by themselves once it is back.
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../lib/store/index.ts";
import { createTcpRequester, type TcpRequester } from "../../lib/store/tcp-requester.ts";
import { hasRedisServer, type RedisProcess, startRedisServer } from "../support/redis-process.ts";

const TIMEOUT_MS = 300;

const timed = async (work: Promise<unknown>) => {
  const started = Date.now();
  const outcome = await work.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as Error }),
  );
  return { ...outcome, ms: Date.now() - started };
};

/** Retries `work` until it succeeds or `ms` pass; the time it took. */
const recovers = async (work: () => Promise<unknown>, ms = 5000): Promise<number> => {
  const started = Date.now();
  for (;;) {
    try {
      await work();
      return Date.now() - started;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (Date.now() - started > ms) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
};

describe.skipIf(!hasRedisServer())("a Redis that hangs or dies", () => {
  let server: RedisProcess;
  let tcp: TcpRequester;
  let redis: Redis;
  const reported: string[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    tcp = createTcpRequester(server.url, {
      timeoutMs: TIMEOUT_MS,
      onReachability: (change) => reported.push(`${change.state}: ${change.reason}`),
    });
    redis = new Redis(tcp.requester);
    await redis.set("before", "1");
  });
  afterAll(async () => {
    await tcp.close();
    await server.stop();
  });

  it("fails requests within the timeout while frozen, then resumes by itself", async () => {
    server.freeze();
    try {
      const first = await timed(redis.get("before"));
      expect(first.error).toBeInstanceOf(StoreUnavailableError);
      expect(first.error?.message).toBe(
        `Redis at ${server.url}: did not answer within ${TIMEOUT_MS} ms`,
      );
      expect(first.ms).toBeLessThan(TIMEOUT_MS + 700);
      // While the reconnection backs off, requests fail at once, saying why.
      const next = await timed(redis.pipeline().get("before").incr("n").exec());
      expect(next.error).toBeInstanceOf(StoreUnavailableError);
      expect(next.error?.message).toMatch(
        /: unreachable \(did not answer within 300 ms\); next connection attempt in \d+ ms$/,
      );
      expect(next.ms).toBeLessThan(TIMEOUT_MS + 700);
      // Many concurrent requests all end within the timeout.
      const many = await timed(
        Promise.allSettled(Array.from({ length: 50 }, () => redis.get("x"))),
      );
      expect(many.ms).toBeLessThan(TIMEOUT_MS + 700);
      for (const result of many.value as PromiseSettledResult<unknown>[]) {
        expect(result.status).toBe("rejected");
      }
    } finally {
      server.thaw();
    }
    expect(await recovers(() => redis.get("before"))).toBeLessThan(3000);
    expect(await redis.get("before")).toBe(1);
    expect(reported).toEqual([
      `unreachable: did not answer within ${TIMEOUT_MS} ms`,
      "reachable: answering again",
    ]);
  });

  it("fails fast while dead, and reconnects by itself once it is back", async () => {
    await server.kill();
    const dead = await timed(redis.set("k", "v"));
    expect(dead.error).toBeInstanceOf(StoreUnavailableError);
    expect(dead.error?.message).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+: /);
    expect(dead.ms).toBeLessThan(TIMEOUT_MS + 700);
    const transaction = await timed(redis.multi().incr("n").incr("n").exec());
    expect(transaction.error).toBeInstanceOf(StoreUnavailableError);
    await server.restart();
    expect(await recovers(() => redis.set("k", "v"))).toBeLessThan(3000);
    expect(await redis.get("k")).toBe("v");
    expect(await redis.multi().incr("n").incr("n").exec()).toEqual([1, 2]);
  });
});
