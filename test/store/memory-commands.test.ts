// Embedded interpreter behaviour that needs a controllable clock or internal access: expiry on an
// injected clock, SCAN under churn, FLUSH, glob patterns, and request decoding.
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { EMBEDDED_COMMANDS } from "../../lib/store/index.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { RENEW_LEASE_LUA } from "../../lib/store/scripts/renew-lease.ts";

function embedded(start = Date.UTC(2026, 0, 1)) {
  let time = start;
  const memory = createMemoryRequester({ now: () => time });
  const run = async (...argv: string[]) => memory.requester.request({ body: argv });
  return {
    redis: new Redis(memory.requester),
    run,
    advance: (ms: number) => {
      time += ms;
    },
    memory,
  };
}

describe("embedded interpreter", () => {
  it("runs the app's own scripts and refuses any other Lua, naming why", async () => {
    const { run } = embedded();
    expect(await run("EVAL", "return 1", "0")).toEqual({
      error: "ERR the embedded store runs only the app's own scripts (it has no Lua interpreter)",
    });
    expect(await run("EVALSHA", "0".repeat(40), "0")).toEqual({
      error: "NOSCRIPT No matching script. Please use EVAL.",
    });
    expect(await run("EVAL", RENEW_LEASE_LUA, "2", "k")).toEqual({
      error: "ERR Number of keys can't be greater than number of args",
    });
    expect(await run("EVAL", RENEW_LEASE_LUA, "-1")).toEqual({
      error: "ERR Number of keys can't be negative",
    });
    await run("SET", "lease", "me");
    expect(await run("EVAL", RENEW_LEASE_LUA, "1", "lease", "me", "5000")).toEqual({ result: 1 });
    expect(await run("EVAL", RENEW_LEASE_LUA, "1", "lease", "other", "5000")).toEqual({
      result: 0,
    });
  });

  it("expires keys on the injected clock, exactly at the deadline's end", async () => {
    const { redis, advance } = embedded();
    await redis.set("k", "v", { ex: 10 });
    await redis.set("p", "v", { px: 1500 });
    advance(9_400);
    expect(await redis.ttl("k")).toBe(1);
    expect(await redis.pttl("k")).toBe(600);
    advance(600);
    expect(await redis.get("k")).toBe("v");
    expect(await redis.pttl("k")).toBe(0);
    advance(1);
    expect(await redis.get("k")).toBeNull();
    expect(await redis.ttl("k")).toBe(-2);
    expect(await redis.exists("p")).toBe(0);
  });

  it("hides expired keys from KEYS, SCAN, DBSIZE and EXISTS", async () => {
    const { redis, advance } = embedded();
    await redis.set("live", "1");
    await redis.set("dying", "1", { px: 100 });
    await redis.hset("h", { f: "1" });
    await redis.pexpire("h", 50);
    expect(await redis.dbsize()).toBe(3);
    advance(101);
    expect(await redis.keys("*")).toEqual(["live"]);
    expect(await redis.scan(0)).toEqual(["0", ["live"]]);
    expect(await redis.dbsize()).toBe(1);
    expect(await redis.exists("dying", "h", "live")).toBe(1);
  });

  it("keeps the deadline through INCR and removes it on SET, as Redis does", async () => {
    const { redis } = embedded();
    await redis.set("n", "1", { ex: 100 });
    await redis.incr("n");
    expect(await redis.ttl("n")).toBe(100);
    await redis.set("n", "5");
    expect(await redis.ttl("n")).toBe(-1);
  });

  it("deletes a key given a deadline in the past", async () => {
    const { redis, run } = embedded();
    await redis.set("k", "v");
    expect(await redis.expire("k", -1)).toBe(1);
    expect(await redis.exists("k")).toBe(0);
    await redis.set("k", "v", { pxat: 1 });
    expect(await redis.exists("k")).toBe(0);
    await redis.set("k", "v");
    expect(await run("PEXPIREAT", "k", "1")).toEqual({ result: 1 });
    expect(await redis.exists("k")).toBe(0);
  });

  it("SCAN returns every key that lives through the whole scan exactly once", async () => {
    const { redis } = embedded();
    const stable = Array.from({ length: 60 }, (_, i) => `stable:${i}`);
    for (const key of stable) await redis.set(key, "1");
    const seen: string[] = [];
    let cursor = "0";
    let round = 0;
    do {
      const [next, keys] = await redis.scan(cursor, { count: 7 });
      seen.push(...keys);
      await redis.set(`churn:${round}`, "1");
      await redis.del(`churn:${round - 1}`);
      cursor = next;
      round++;
    } while (cursor !== "0");
    const stableSeen = seen.filter((key) => key.startsWith("stable:"));
    expect(stableSeen.sort()).toEqual([...stable].sort());
    expect(new Set(stableSeen).size).toBe(stableSeen.length);
  });

  it("SCAN filters by MATCH and TYPE", async () => {
    const { redis } = embedded();
    await redis.set("user:1", "a");
    await redis.hset("user:2", { f: "1" });
    await redis.set("other", "b");
    const [, matched] = await redis.scan(0, { match: "user:*", count: 100 });
    expect(matched.sort()).toEqual(["user:1", "user:2"]);
    const [, hashes] = await redis.scan(0, { match: "user:*", type: "hash", count: 100 });
    expect(hashes).toEqual(["user:2"]);
  });

  it("matches glob patterns like Redis (*, ?, classes, ranges, escapes)", async () => {
    const { redis } = embedded();
    const keys = ["hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h-llo"];
    for (const key of keys) await redis.set(key, "1");
    const match = async (pattern: string) => (await redis.keys(pattern)).sort();
    expect(await match("h?llo")).toEqual(["h*llo", "h-llo", "hallo", "hello", "hxllo"]);
    expect(await match("h*llo")).toEqual([...keys].sort());
    expect(await match("h[ae]llo")).toEqual(["hallo", "hello"]);
    expect(await match("h[^e]llo")).toEqual(["h*llo", "h-llo", "hallo", "hxllo"]);
    expect(await match("h[a-f]llo")).toEqual(["hallo", "hello"]);
    expect(await match("h\\*llo")).toEqual(["h*llo"]);
    expect(await match("h[-]llo")).toEqual(["h-llo"]);
  });

  it("FLUSHDB and FLUSHALL empty the store", async () => {
    const { redis } = embedded();
    await redis.set("a", "1");
    await redis.sadd("b", "x");
    expect(await redis.flushdb()).toBe("OK");
    expect(await redis.dbsize()).toBe(0);
    await redis.set("a", "1");
    expect(await redis.flushall([{ async: true }])).toBe("OK");
    expect(await redis.keys("*")).toEqual([]);
  });

  it("orders sorted-set ties by member bytes and keeps ±inf scores", async () => {
    const { redis } = embedded();
    await redis.zadd("z", { score: 1, member: "b" }, { score: 1, member: "a" });
    await redis.zadd("z", { score: 1, member: "é" }, { score: 1, member: "z" });
    await redis.exec(["zadd", "z", "-inf", "low", "+inf", "high"]);
    expect(await redis.zrange("z", 0, -1)).toEqual(["low", "a", "b", "z", "é", "high"]);
    expect(await redis.exec(["zscore", "z", "high"])).toBe("inf");
    expect(await redis.zrange("z", 0, 0, { withScores: true })).toEqual(["low", "-inf"]);
  });

  it("refuses requests it cannot serve instead of guessing", async () => {
    const { memory } = embedded();
    await expect(memory.requester.request({ path: ["json"], body: ["GET", "x"] })).rejects.toThrow(
      "unsupported request path /json",
    );
    await expect(memory.requester.request({ body: [] })).rejects.toThrow(/non-empty array/);
    await expect(memory.requester.request({ body: ["SET", "k", { a: 1 }] })).rejects.toThrow(
      /not a string or number/,
    );
    await memory.close();
    await expect(memory.requester.request({ body: ["PING"] })).rejects.toThrow(/closed/);
  });

  it("sends numbers and booleans as their text, as the REST API does", async () => {
    const { run } = embedded();
    expect(await run("SET", "k", 1.5 as unknown as string)).toEqual({ result: "OK" });
    expect(await run("GET", "k")).toEqual({ result: "1.5" });
    await run("SET", "b", true as unknown as string);
    expect(await run("GET", "b")).toEqual({ result: "true" });
  });

  it("lists the commands it supports", () => {
    for (const name of ["get", "set", "zadd", "zrange", "hincrby", "scan", "lpop", "smismember"]) {
      expect(EMBEDDED_COMMANDS).toContain(name);
    }
  });
});
