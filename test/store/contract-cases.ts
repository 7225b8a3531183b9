// The store contract: one set of cases every transport must pass, driven through @upstash/redis's
// client so its automatic deserialization is part of what is checked.
import type { Redis } from "@upstash/redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compareAndWrite, Writes } from "../../lib/store/scripts/compare-and-write.ts";
import { RENEW_LEASE_LUA } from "../../lib/store/scripts/renew-lease.ts";
import { runScript, scriptSha } from "../../lib/store/scripts/run-script.ts";
import { deleteByPrefix, uniquePrefix } from "../support/redis.ts";

/** A store under test: a client and the way to close what backs it. */
export type ContractTarget = { redis: Redis; close(): Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers the contract suite for one transport. `open` runs once before the cases; every case
 * uses keys under its own prefix and deletes them afterwards.
 */
export function describeStoreContract(
  name: string,
  open: () => Promise<ContractTarget>,
  skip = false,
): void {
  describe.skipIf(skip)(`store contract: ${name}`, () => {
    let target: ContractTarget;
    let redis: Redis;
    let prefix: string;
    const key = (suffix: string) => `${prefix}${suffix}`;

    beforeAll(async () => {
      target = await open();
      redis = target.redis;
    });
    afterAll(async () => {
      await target?.close();
    });
    beforeEach(() => {
      prefix = uniquePrefix("contract");
    });
    afterEach(async () => {
      await deleteByPrefix(redis, prefix);
      expect(await redis.keys(`${prefix}*`)).toEqual([]);
    });

    it("stores and reads strings, with Upstash's deserialization of numbers", async () => {
      expect(await redis.get(key("missing"))).toBeNull();
      expect(await redis.set(key("s"), "hello")).toBe("OK");
      expect(await redis.get(key("s"))).toBe("hello");
      await redis.set(key("n"), "42");
      expect(await redis.get(key("n"))).toBe(42);
      expect(await redis.mset({ [key("a")]: "x", [key("b")]: "y" })).toBe("OK");
      expect(await redis.mget(key("a"), key("missing"), key("b"))).toEqual(["x", null, "y"]);
      expect(await redis.setnx(key("a"), "z")).toBe(0);
      expect(await redis.setnx(key("c"), "z")).toBe(1);
      expect(await redis.set(key("a"), "x2", { get: true })).toBe("x");
      expect(await redis.getdel(key("c"))).toBe("z");
      expect(await redis.getdel(key("c"))).toBeNull();
      expect(await redis.exists(key("a"), key("b"), key("missing"))).toBe(2);
      expect(await redis.type(key("a"))).toBe("string");
      expect(await redis.type(key("missing"))).toBe("none");
      expect(await redis.del(key("a"), key("missing"))).toBe(1);
      expect(await redis.unlink(key("b"))).toBe(1);
    });

    it("counts with INCR, INCRBY, DECR and DECRBY", async () => {
      expect(await redis.incr(key("c"))).toBe(1);
      expect(await redis.incrby(key("c"), 10)).toBe(11);
      expect(await redis.decr(key("c"))).toBe(10);
      expect(await redis.decrby(key("c"), 15)).toBe(-5);
      expect(await redis.get(key("c"))).toBe(-5);
    });

    it("expires keys and reports TTLs", async () => {
      await redis.set(key("t"), "v", { ex: 100 });
      const ttl = await redis.ttl(key("t"));
      expect(ttl).toBeGreaterThan(95);
      expect(ttl).toBeLessThanOrEqual(100);
      expect(await redis.pttl(key("t"))).toBeGreaterThan(95_000);
      expect(await redis.persist(key("t"))).toBe(1);
      expect(await redis.ttl(key("t"))).toBe(-1);
      expect(await redis.ttl(key("missing"))).toBe(-2);
      expect(await redis.expire(key("missing"), 10)).toBe(0);
      expect(await redis.expire(key("t"), 50)).toBe(1);
      expect(await redis.ttl(key("t"))).toBeGreaterThan(45);
      expect(await redis.pexpire(key("t"), 60)).toBe(1);
      await sleep(150);
      expect(await redis.get(key("t"))).toBeNull();
      expect(await redis.exists(key("t"))).toBe(0);
      await redis.set(key("k"), "v", { px: 5000 });
      await redis.set(key("k"), "v2", { keepTtl: true });
      expect(await redis.pttl(key("k"))).toBeGreaterThan(4000);
      await redis.set(key("k"), "v3");
      expect(await redis.ttl(key("k"))).toBe(-1);
    });

    it("takes a lock with SET NX PX and frees it on expiry", async () => {
      expect(await redis.set(key("lock"), "owner-1", { nx: true, px: 100 })).toBe("OK");
      expect(await redis.set(key("lock"), "owner-2", { nx: true, px: 100 })).toBeNull();
      expect(await redis.get(key("lock"))).toBe("owner-1");
      await sleep(200);
      expect(await redis.set(key("lock"), "owner-2", { nx: true, px: 100 })).toBe("OK");
      expect(await redis.get(key("lock"))).toBe("owner-2");
      expect(await redis.set(key("absent"), "v", { xx: true })).toBeNull();
    });

    it("keeps hashes", async () => {
      expect(await redis.hset(key("h"), { name: "Ada", visits: 3 })).toBe(2);
      expect(await redis.hset(key("h"), { visits: 4, city: "London" })).toBe(1);
      expect(await redis.hget(key("h"), "name")).toBe("Ada");
      expect(await redis.hget(key("h"), "nope")).toBeNull();
      expect(await redis.hgetall(key("h"))).toEqual({ name: "Ada", visits: 4, city: "London" });
      expect(await redis.hgetall(key("missing"))).toBeNull();
      expect(await redis.hmget(key("h"), "name", "nope")).toEqual({ name: "Ada", nope: null });
      expect(await redis.hsetnx(key("h"), "name", "Bob")).toBe(0);
      expect(await redis.hsetnx(key("h"), "role", "admin")).toBe(1);
      expect(await redis.hexists(key("h"), "role")).toBe(1);
      expect(await redis.hincrby(key("h"), "visits", 5)).toBe(9);
      expect(await redis.hlen(key("h"))).toBe(4);
      expect((await redis.hkeys(key("h"))).sort()).toEqual(["city", "name", "role", "visits"]);
      expect(await redis.hvals(key("h"))).toHaveLength(4);
      expect(await redis.hdel(key("h"), "city", "role", "nope")).toBe(2);
      expect(await redis.hdel(key("h"), "name", "visits")).toBe(2);
      expect(await redis.exists(key("h"))).toBe(0);
    });

    it("keeps sets", async () => {
      expect(await redis.sadd(key("s"), "a", "b", "c")).toBe(3);
      expect(await redis.sadd(key("s"), "c", "d")).toBe(1);
      expect((await redis.smembers(key("s"))).sort()).toEqual(["a", "b", "c", "d"]);
      expect(await redis.sismember(key("s"), "a")).toBe(1);
      expect(await redis.sismember(key("s"), "z")).toBe(0);
      expect(await redis.smismember(key("s"), ["a", "z"])).toEqual([1, 0]);
      expect(await redis.scard(key("s"))).toBe(4);
      expect(await redis.srem(key("s"), "a", "z")).toBe(1);
      expect(await redis.smembers(key("missing"))).toEqual([]);
    });

    it("keeps sorted sets with scores and ranges", async () => {
      const z = key("z");
      expect(
        await redis.zadd(
          z,
          { score: 1, member: "a" },
          { score: 2.5, member: "b" },
          { score: 3, member: "c" },
          { score: 10, member: "d" },
        ),
      ).toBe(4);
      expect(await redis.zscore(z, "b")).toBe(2.5);
      expect(await redis.zscore(z, "nope")).toBeNull();
      expect(await redis.zcard(z)).toBe(4);
      expect(await redis.zrange(z, 0, -1)).toEqual(["a", "b", "c", "d"]);
      expect(await redis.zrange(z, 0, 1, { withScores: true })).toEqual(["a", 1, "b", 2.5]);
      expect(await redis.zrange(z, 0, 0, { rev: true })).toEqual(["d"]);
      expect(await redis.zrange(z, 2, 5, { byScore: true })).toEqual(["b", "c"]);
      expect(await redis.zrange(z, 10, 2, { byScore: true, rev: true })).toEqual(["d", "c", "b"]);
      expect(
        await redis.zrange(z, 0, 100, { byScore: true, offset: 1, count: 2, withScores: true }),
      ).toEqual(["b", 2.5, "c", 3]);
      expect(await redis.exec(["zrange", z, "(1", "+inf", "byscore"])).toEqual(["b", "c", "d"]);
      expect(await redis.exec(["zrange", z, "-inf", "(3", "byscore"])).toEqual(["a", "b"]);
      expect(await redis.exec(["zrangebyscore", z, "(2.5", "10", "withscores"])).toEqual([
        "c",
        3,
        "d",
        10,
      ]);
      expect(await redis.exec(["zrevrange", z, "0", "1"])).toEqual(["d", "c"]);
      expect(await redis.zcount(z, "(1", "+inf")).toBe(3);
      expect(await redis.zincrby(z, 2, "a")).toBe(3);
      expect(await redis.zrank(z, "a")).toBe(1);
      expect(await redis.zrank(z, "nope")).toBeNull();
      expect(await redis.zadd(z, { nx: true }, { score: 99, member: "a" })).toBe(0);
      expect(await redis.zadd(z, { xx: true, ch: true }, { score: 4, member: "a" })).toBe(1);
      expect(await redis.zadd(z, { gt: true, ch: true }, { score: 1, member: "a" })).toBe(0);
      expect(await redis.zadd(z, { incr: true }, { score: 1.5, member: "a" })).toBe(5.5);
      expect(await redis.zscore(z, "a")).toBe(5.5);
      expect(await redis.zrem(z, "a", "nope")).toBe(1);
      expect(await redis.zremrangebyscore(z, 3, 10)).toBe(2);
      expect(await redis.zrange(z, 0, -1, { withScores: true })).toEqual(["b", 2.5]);
    });

    it("keeps lists", async () => {
      const l = key("l");
      expect(await redis.rpush(l, "b", "c")).toBe(2);
      expect(await redis.lpush(l, "a", "z")).toBe(4);
      expect(await redis.lrange(l, 0, -1)).toEqual(["z", "a", "b", "c"]);
      expect(await redis.llen(l)).toBe(4);
      expect(await redis.lindex(l, -1)).toBe("c");
      expect(await redis.lindex(l, 10)).toBeNull();
      expect(await redis.lpop(l)).toBe("z");
      expect(await redis.rpop(l)).toBe("c");
      expect(await redis.rpush(l, "d", "e", "f")).toBe(5);
      expect(await redis.lpop(l, 2)).toEqual(["a", "b"]);
      expect(await redis.ltrim(l, 0, 1)).toBe("OK");
      expect(await redis.lrange(l, 0, -1)).toEqual(["d", "e"]);
      expect(await redis.lpop(key("missing"))).toBeNull();
    });

    it("removes list elements by value from the head, the tail, the middle or everywhere", async () => {
      const l = key("lrem");
      await redis.rpush(l, "x", "a", "x", "b", "x", "c", "x");
      expect(await redis.lrem(l, 1, "x")).toBe(1);
      expect(await redis.lrange(l, 0, -1)).toEqual(["a", "x", "b", "x", "c", "x"]);
      expect(await redis.lrem(l, -1, "x")).toBe(1);
      expect(await redis.lrange(l, 0, -1)).toEqual(["a", "x", "b", "x", "c"]);
      expect(await redis.lrem(l, 1, "b")).toBe(1);
      expect(await redis.lrange(l, 0, -1)).toEqual(["a", "x", "x", "c"]);
      expect(await redis.lrem(l, 0, "x")).toBe(2);
      expect(await redis.lrem(l, 0, "nope")).toBe(0);
      expect(await redis.rpush(l, "d")).toBe(3);
      expect(await redis.lrange(l, 0, -1)).toEqual(["a", "c", "d"]);
      expect(await redis.lrem(l, 0, "a")).toBe(1);
      expect(await redis.lrem(l, 0, "c")).toBe(1);
      expect(await redis.lrem(l, 0, "d")).toBe(1);
      expect(await redis.exists(l)).toBe(0);
      expect(await redis.lrem(l, 1, "x")).toBe(0);
    });

    it("scans every key under a prefix exactly once", async () => {
      const expected = Array.from({ length: 35 }, (_, i) => key(`scan-${i}`));
      for (const name of expected) await redis.set(name, "1");
      await redis.set(`${prefix.slice(0, -1)}-other`, "outside");
      const seen: string[] = [];
      let cursor = "0";
      let rounds = 0;
      do {
        const [next, keys] = await redis.scan(cursor, { match: `${prefix}scan-*`, count: 5 });
        seen.push(...keys);
        cursor = String(next);
        rounds++;
      } while (cursor !== "0" && rounds < 1000);
      expect(new Set(seen)).toEqual(new Set(expected));
      expect((await redis.keys(`${prefix}scan-1*`)).sort()).toEqual(
        expected.filter((name) => name.startsWith(key("scan-1"))).sort(),
      );
      await redis.del(`${prefix.slice(0, -1)}-other`);
    });

    it("answers WRONGTYPE, not-an-integer and unknown-command errors as Redis words them", async () => {
      await redis.set(key("s"), "text");
      await expect(redis.hget(key("s"), "f")).rejects.toThrow(
        "WRONGTYPE Operation against a key holding the wrong kind of value",
      );
      await expect(redis.lpush(key("s"), "x")).rejects.toThrow(/^WRONGTYPE/);
      await expect(redis.incr(key("s"))).rejects.toThrow(
        "ERR value is not an integer or out of range",
      );
      await redis.hset(key("h"), { f: "x" });
      await expect(redis.get(key("h"))).rejects.toThrow(/^WRONGTYPE/);
      await expect(redis.hincrby(key("h"), "f", 1)).rejects.toThrow(
        "ERR hash value is not an integer",
      );
      await expect(redis.exec(["nosuchcommand", "a"])).rejects.toThrow(
        /^ERR unknown command 'nosuchcommand', with args beginning with: 'a'/,
      );
      await expect(redis.exec(["get"])).rejects.toThrow(
        "ERR wrong number of arguments for 'get' command",
      );
      expect(await redis.get(key("s"))).toBe("text");
    });

    it("round-trips JSON objects through set and get", async () => {
      const lead = {
        id: "lead_1",
        score: 87.5,
        tags: ["warm", "saas"],
        contact: { email: "ada@example.com", optedOut: false, phone: null },
      };
      await redis.set(key("json"), lead);
      expect(await redis.get(key("json"))).toEqual(lead);
      await redis.hset(key("jh"), { lead });
      expect(await redis.hget(key("jh"), "lead")).toEqual(lead);
      await redis.set(key("arr"), [1, "two", { three: 3 }]);
      expect(await redis.get(key("arr"))).toEqual([1, "two", { three: 3 }]);
    });

    it("runs pipelines in order and reports each command's error", async () => {
      const results = await redis
        .pipeline()
        .set(key("p"), "1")
        .incr(key("p"))
        .get(key("p"))
        .hset(key("ph"), { a: 1 })
        .exec();
      expect(results).toEqual(["OK", 2, 2, 1]);
      await expect(
        redis.pipeline().set(key("q"), "v").hget(key("q"), "f").incr(key("n")).exec(),
      ).rejects.toThrow(/Command 2 \[ hget \] failed: WRONGTYPE/);
      expect(await redis.get(key("n"))).toBe(1);
      const kept = await redis.pipeline().get(key("q")).incr(key("q")).exec({ keepErrors: true });
      expect(kept[0]).toEqual({ error: undefined, result: "v" });
      expect(kept[1]?.error).toBe("ERR value is not an integer or out of range");
    });

    it("runs MULTI/EXEC transactions as one unit", async () => {
      const results = await redis
        .multi()
        .set(key("m"), "a")
        .sadd(key("ms"), "x", "y")
        .get(key("m"))
        .scard(key("ms"))
        .exec();
      expect(results).toEqual(["OK", 2, "a", 2]);
      const kept = await redis
        .multi()
        .set(key("m2"), "v")
        .lpush(key("m2"), "x")
        .incr(key("m3"))
        .exec({ keepErrors: true });
      expect(kept.map((entry) => entry.error)).toEqual([
        undefined,
        "WRONGTYPE Operation against a key holding the wrong kind of value",
        undefined,
      ]);
      expect(await redis.get(key("m3"))).toBe(1);
    });

    it("discards a whole transaction when a command is refused before it runs", async () => {
      await expect(redis.multi().set(key("x"), "1").mset({}).incr(key("y")).exec()).rejects.toThrow(
        /^EXECABORT Transaction discarded because of previous errors\..*wrong number of arguments for 'mset'/,
      );
      expect(await redis.exists(key("x"), key("y"))).toBe(0);
    });

    it("never lets another command see half a transaction", async () => {
      await redis.mset({ [key("a")]: 0, [key("b")]: 0 });
      const transfers = Array.from({ length: 40 }, () =>
        redis.multi().incr(key("a")).incr(key("b")).exec(),
      );
      const reads = Array.from({ length: 40 }, () =>
        redis.multi().get(key("a")).get(key("b")).exec(),
      );
      const snapshots = (await Promise.all([...transfers, ...reads])).slice(40);
      for (const [a, b] of snapshots) expect(a).toBe(b);
      expect(await redis.mget(key("a"), key("b"))).toEqual([40, 40]);
    });

    it("compare-and-write lands its writes only while every watched key holds what was read", async () => {
      await redis.set(key("body"), "v1");
      const read = [
        { key: key("body"), read: "v1" },
        { key: key("claim"), read: null },
      ];
      const writes = () =>
        new Writes()
          .set(key("body"), "v2")
          .set(key("first"), "t1", { nx: true })
          .rpush(key("log"), { a: 1 }, "two")
          .sadd(key("set"), "m")
          .zrem(key("zset"), "gone")
          .incr(key("version"));
      await redis.zadd(key("zset"), { score: 1, member: "gone" }, { score: 2, member: "kept" });
      expect(await compareAndWrite(redis, read, writes())).toEqual({ applied: true });
      expect(await redis.mget(key("body"), key("first"), key("version"))).toEqual(["v2", "t1", 1]);
      expect(await redis.lrange(key("log"), 0, -1)).toEqual([{ a: 1 }, "two"]);
      expect(await redis.smembers(key("set"))).toEqual(["m"]);
      expect(await redis.zrange(key("zset"), 0, -1)).toEqual(["kept"]);
      // The same read again: the body changed, so nothing lands, and the changed key is named.
      expect(await compareAndWrite(redis, read, writes())).toEqual({
        applied: false,
        changed: key("body"),
      });
      // A key read as absent that now exists, and one read as present that is now gone.
      await redis.set(key("claim"), "taken");
      const absentNowPresent = [{ key: key("body"), read: "v2" }, ...read.slice(1)];
      expect(await compareAndWrite(redis, absentNowPresent, writes())).toEqual({
        applied: false,
        changed: key("claim"),
      });
      await redis.del(key("body"));
      expect(
        await compareAndWrite(
          redis,
          [{ key: key("body"), read: "v2" }],
          new Writes().incr(key("version")),
        ),
      ).toEqual({ applied: false, changed: key("body") });
      expect(await redis.get(key("version"))).toBe(1);
      expect(await redis.llen(key("log"))).toBe(2);
    });

    it("compare-and-write has exactly one winner among writers racing on one read", async () => {
      await redis.set(key("state"), "pending");
      const racers = Array.from({ length: 30 }, (_, i) =>
        compareAndWrite(
          redis,
          [{ key: key("state"), read: "pending" }],
          new Writes().set(key("state"), `decided by ${i}`).rpush(key("log"), `${i}`),
        ),
      );
      const outcomes = await Promise.all(racers);
      expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
      expect(await redis.llen(key("log"))).toBe(1);
    });

    it("runs the app's scripts by SHA-1, and by text when the store does not know the SHA yet", async () => {
      await redis.set(key("lease"), "me");
      // Redis forgets scripts on SCRIPT FLUSH (or a restart); the embedded store has no such command.
      await redis.scriptFlush().catch(() => {});
      expect(await runScript(redis, RENEW_LEASE_LUA, [key("lease")], ["me", "5000"])).toBe(1);
      const sha = scriptSha(RENEW_LEASE_LUA);
      expect(await redis.evalsha(sha, [key("lease")], ["me", "6000"])).toBe(1);
      expect(await redis.evalsha(sha, [key("lease")], ["someone else", "5000"])).toBe(0);
      expect(await redis.pttl(key("lease"))).toBeGreaterThan(5000);
    });
  });
}
