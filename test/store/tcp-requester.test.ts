// The TCP transport: raw replies in Upstash REST's shape (no RESP3 maps), and connection errors
// that never show the URL's password.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toUpstashResult } from "../../lib/store/tcp-reply.ts";
import { createTcpRequester, type TcpRequester } from "../../lib/store/tcp-requester.ts";
import { NO_REDIS_REASON, testRedisUrl, uniquePrefix } from "../support/redis.ts";

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 1;
      server.close(() => resolve(port));
    });
  });
}

describe("toUpstashResult", () => {
  it("flattens RESP3 shapes the RESP2 way and keeps plain replies", () => {
    expect(toUpstashResult(new Map([["f", "v"]]))).toEqual(["f", "v"]);
    expect(toUpstashResult(new Set(["a", "b"]))).toEqual(["a", "b"]);
    expect(toUpstashResult({ f: 1 })).toEqual(["f", 1]);
    expect(toUpstashResult(Buffer.from("héllo"))).toBe("héllo");
    expect(toUpstashResult([1, null, ["x", new Map([["k", true]])]])).toEqual([
      1,
      null,
      ["x", ["k", 1]],
    ]);
    expect(toUpstashResult(10n)).toBe(10);
    expect(toUpstashResult(undefined)).toBeNull();
  });
});

describe("TCP requester connection errors", () => {
  it("reports an unreachable server without the password, and retries on the next request", async () => {
    const port = await closedPort();
    const reported: string[] = [];
    const tcp = createTcpRequester(`redis://app:hunter2-pw@127.0.0.1:${port}`, {
      onReachability: (change) => reported.push(`${change.state}: ${change.reason}`),
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await tcp.requester.request({ body: ["PING"] }).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );
      expect(error?.message).toMatch(
        /^Redis at redis:\/\/app:\*\*\*@127\.0\.0\.1:\d+: .*ECONNREFUSED/,
      );
      expect(String(error?.stack)).not.toContain("hunter2-pw");
    }
    expect(reported.length).toBeGreaterThan(0);
    for (const message of reported) expect(message).not.toContain("hunter2-pw");
    await tcp.close();
    await expect(tcp.requester.request({ body: ["PING"] })).rejects.toThrow(/closed/);
  });
});

const redisUrl = testRedisUrl();

describe.skipIf(redisUrl === undefined)(
  `TCP requester replies (${redisUrl === undefined ? NO_REDIS_REASON : "redis-server"})`,
  () => {
    let tcp: TcpRequester;
    const prefix = uniquePrefix("tcp");
    const request = (...argv: string[]) => tcp.requester.request({ body: argv });

    beforeAll(() => {
      tcp = createTcpRequester(redisUrl ?? "");
    });
    afterAll(async () => {
      await request("DEL", `${prefix}h`, `${prefix}n`, `${prefix}z`);
      await tcp.close();
    });

    it("answers with strings, integers, null and flat arrays, as Upstash REST does", async () => {
      expect(await request("HSET", `${prefix}h`, "a", "1", "b", "two")).toEqual({ result: 2 });
      expect(await request("HGETALL", `${prefix}h`)).toEqual({ result: ["a", "1", "b", "two"] });
      expect(await request("INCR", `${prefix}n`)).toEqual({ result: 1 });
      expect(await request("GET", `${prefix}missing`)).toEqual({ result: null });
      expect(await request("ZADD", `${prefix}z`, "1.5", "m")).toEqual({ result: 1 });
      expect(await request("ZSCORE", `${prefix}z`, "m")).toEqual({ result: "1.5" });
      expect(await request("SCAN", "0", "MATCH", `${prefix}h`, "COUNT", "1000")).toEqual({
        result: ["0", [`${prefix}h`]],
      });
      expect(await request("GET", `${prefix}h`)).toEqual({
        error: "WRONGTYPE Operation against a key holding the wrong kind of value",
      });
    });

    it("starts no timer per command: one shared deadline watches them all", async () => {
      const perCommand = vi.spyOn(AbortSignal, "timeout");
      const timers = vi.spyOn(globalThis, "setTimeout");
      try {
        await Promise.all(Array.from({ length: 200 }, (_, i) => request("GET", `${prefix}t${i}`)));
        expect(perCommand).not.toHaveBeenCalled();
        expect(timers.mock.calls.length).toBeLessThan(10);
      } finally {
        perCommand.mockRestore();
        timers.mockRestore();
      }
    });

    it("runs a transaction atomically and reports runtime errors per entry", async () => {
      const reply = await tcp.requester.request({
        path: ["multi-exec"],
        body: [
          ["INCR", `${prefix}n`],
          ["HGET", `${prefix}n`, "f"],
          ["INCR", `${prefix}n`],
        ],
      });
      expect(reply).toEqual([
        { result: 2 },
        { error: "WRONGTYPE Operation against a key holding the wrong kind of value" },
        { result: 3 },
      ]);
    });
  },
);
