// Differential test: the embedded interpreter must answer raw commands exactly as real Redis does
// (same result types, same error texts), compared entry by entry through both Requesters.
import type { Requester } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryRequester, type MemoryRequester } from "../../lib/store/memory-requester.ts";
import { COMPARE_AND_WRITE_LUA, digestOf } from "../../lib/store/scripts/compare-and-write.ts";
import { RENEW_LEASE_LUA } from "../../lib/store/scripts/renew-lease.ts";
import { createTcpRequester, type TcpRequester } from "../../lib/store/tcp-requester.ts";
import { NO_REDIS_REASON, testRedisUrl, uniquePrefix } from "../support/redis.ts";

/** Commands run in order on both sides; `{p}` becomes the test's key prefix. */
const SCRIPT: string[][] = [
  ["PING"],
  ["PING", "hi"],
  ["PING", "a", "b"],
  ["ECHO", "hi"],
  ["FOO", "a", "b"],
  ["foo"],
  ["GET"],
  ["get", "a", "b"],
  ["SET", "{p}str", "text"],
  ["SET", "{p}s", "v"],
  ["GET", "{p}s"],
  ["GET", "{p}none"],
  ["SET", "{p}s", "w", "GET"],
  ["SET", "{p}s", "x", "NX"],
  ["SET", "{p}s", "x", "XX", "GET"],
  ["SET", "{p}none", "x", "XX", "GET"],
  ["SET", "{p}s", "v", "NX", "XX"],
  ["SET", "{p}s", "v", "EX", "0"],
  ["SET", "{p}s", "v", "EX", "abc"],
  ["SET", "{p}s", "v", "EX", "10", "PX", "100"],
  ["SET", "{p}s", "v", "KEEPTTL", "EX", "10"],
  ["SET", "{p}s", "v", "foo"],
  ["SET", "{p}s", "v", "EX"],
  ["SET", "{p}s"],
  ["SET", "{p}e", "v", "PXAT", "1"],
  ["EXISTS", "{p}e"],
  ["SET", "{p}s", "v", "EX", "100"],
  ["TTL", "{p}s"],
  ["SET", "{p}s", "v2", "KEEPTTL"],
  ["TTL", "{p}s"],
  ["SET", "{p}s", "v3"],
  ["TTL", "{p}s"],
  ["SET", "{p}h", "v", "GET"],
  ["MSET", "{p}a", "1", "{p}b"],
  ["MSET", "{p}a", "1", "{p}b", "2"],
  ["MSETNX", "{p}a", "1", "{p}b"],
  ["MSETNX", "{p}a", "9", "{p}nx1", "1"],
  ["EXISTS", "{p}nx1"],
  ["MSETNX", "{p}nx1", "1", "{p}nx2", "2"],
  ["MGET", "{p}nx1", "{p}nx2", "{p}a"],
  ["MSETNX", "{p}h", "x"],
  ["MGET", "{p}a", "{p}none", "{p}b"],
  ["SETNX", "{p}a", "x"],
  ["GETDEL", "{p}a"],
  ["GETDEL", "{p}a"],
  ["INCR", "{p}b"],
  ["INCRBY", "{p}b", "10"],
  ["INCRBY", "{p}b", "x"],
  ["INCRBY", "{p}b", "1.5"],
  ["INCRBY", "{p}b", "+1"],
  ["INCRBY", "{p}b", "01"],
  ["DECRBY", "{p}b", "-5"],
  ["DECR", "{p}b"],
  ["INCR", "{p}str"],
  ["SET", "{p}big", "9223372036854775807"],
  ["INCR", "{p}big"],
  ["DECRBY", "{p}big", "-9223372036854775808"],
  ["SET", "{p}small", "-9223372036854775808"],
  ["DECR", "{p}small"],
  ["GET", "{p}b"],
  ["DEL", "{p}b", "{p}none", "{p}big"],
  ["UNLINK", "{p}none"],
  ["TYPE", "{p}s"],
  ["TYPE", "{p}none"],
  ["EXPIRE", "{p}s", "100"],
  ["TTL", "{p}s"],
  ["EXPIRE", "{p}s", "100", "NX"],
  ["EXPIRE", "{p}s", "200", "XX"],
  ["EXPIRE", "{p}s", "50", "GT"],
  ["EXPIRE", "{p}s", "50", "LT"],
  ["TTL", "{p}s"],
  ["EXPIRE", "{p}s", "10", "NX", "XX"],
  ["EXPIRE", "{p}s", "10", "GT", "LT"],
  ["EXPIRE", "{p}s", "10", "FOO"],
  ["EXPIRE", "{p}s", "x"],
  ["EXPIRE", "{p}s", "9223372036854775807"],
  ["PEXPIRE", "{p}s", "9223372036854775807"],
  ["EXPIRE", "{p}none", "10"],
  ["PERSIST", "{p}s"],
  ["PERSIST", "{p}s"],
  ["TTL", "{p}s"],
  ["TTL", "{p}none"],
  ["PTTL", "{p}none"],
  ["EXPIRE", "{p}s", "-1"],
  ["EXISTS", "{p}s"],
  ["HSET", "{p}h", "f1", "v1", "f2", "2"],
  ["HSET", "{p}h", "f1"],
  ["HSET", "{p}h"],
  ["HGET", "{p}h", "f1"],
  ["HMGET", "{p}h", "f1", "nope"],
  ["HGETALL", "{p}h"],
  ["HSETNX", "{p}h", "f1", "x"],
  ["HSETNX", "{p}h", "f3", "x"],
  ["HINCRBY", "{p}h", "f2", "5"],
  ["HINCRBY", "{p}h", "f1", "1"],
  ["HINCRBY", "{p}h", "f2", "x"],
  ["HINCRBY", "{p}h", "new", "-3"],
  ["HINCRBY", "{p}h", "new", "-0"],
  ["HINCRBY", "{p}h", "short", "999999999999999"],
  ["HINCRBY", "{p}h", "short", "999999999999999"],
  ["HINCRBY", "{p}h", "short", "9007199254740993"],
  ["HINCRBY", "{p}h", "huge", "9223372036854775806"],
  ["HINCRBY", "{p}h", "huge", "1"],
  ["HINCRBY", "{p}h", "huge", "1"],
  ["HINCRBY", "{p}h", "huge", "-9223372036854775808"],
  ["HGET", "{p}h", "huge"],
  ["INCRBY", "{p}n", "999999999999999"],
  ["INCRBY", "{p}n", "-1999999999999998"],
  ["INCRBY", "{p}n", "9223372036854775807"],
  ["GET", "{p}n"],
  ["HEXISTS", "{p}h", "f3"],
  ["HEXISTS", "{p}h", "nope"],
  ["HLEN", "{p}h"],
  ["HKEYS", "{p}h"],
  ["HVALS", "{p}h"],
  ["HDEL", "{p}h", "f1", "nope"],
  ["HGETALL", "{p}h"],
  ["HGET", "{p}str", "x"],
  ["HGETALL", "{p}none"],
  ["HKEYS", "{p}none"],
  ["HLEN", "{p}none"],
  ["SADD", "{p}set", "a"],
  ["SADD", "{p}set", "a", "b"],
  ["SISMEMBER", "{p}set", "a"],
  ["SMISMEMBER", "{p}set", "a", "z"],
  ["SCARD", "{p}set"],
  ["SREM", "{p}set", "a", "z"],
  ["SMEMBERS", "{p}set"],
  ["SREM", "{p}set", "b"],
  ["EXISTS", "{p}set"],
  ["SMEMBERS", "{p}none"],
  ["SADD", "{p}str", "x"],
  ["SCARD", "{p}str"],
  ["ZADD", "{p}z", "1", "a", "2.5", "b", "3", "c"],
  ["ZADD", "{p}z", "x", "a"],
  ["ZADD", "{p}z", "1"],
  ["ZADD", "{p}z", "1", "a", "2"],
  ["ZADD", "{p}z", "NX", "XX", "1", "a"],
  ["ZADD", "{p}z", "GT", "LT", "1", "a"],
  ["ZADD", "{p}z", "NX", "GT", "1", "a"],
  ["ZADD", "{p}z", "INCR", "1", "a", "2", "b"],
  ["ZADD", "{p}z", "INCR", "2", "a"],
  ["ZADD", "{p}z", "INCR", "NX", "2", "a"],
  ["ZADD", "{p}z", "XX", "CH", "5", "a", "9", "new"],
  ["ZADD", "{p}z", "GT", "CH", "1", "a"],
  ["ZADD", "{p}z", "LT", "CH", "1", "a"],
  ["ZADD", "{p}z", "nan", "a"],
  ["ZADD", "{p}z", "inf", "top", "-inf", "bottom"],
  ["ZADD", "{p}zx", "XX", "1", "a"],
  ["EXISTS", "{p}zx"],
  ["ZSCORE", "{p}z", "top"],
  ["ZSCORE", "{p}z", "bottom"],
  ["ZSCORE", "{p}z", "a"],
  ["ZSCORE", "{p}z", "nope"],
  ["ZMSCORE", "{p}z", "a", "nope", "b"],
  ["ZINCRBY", "{p}z", "-inf", "top"],
  ["ZINCRBY", "{p}z", "x", "a"],
  ["ZINCRBY", "{p}z", "1.5", "a"],
  ["ZCARD", "{p}z"],
  ["ZCOUNT", "{p}z", "-inf", "+inf"],
  ["ZCOUNT", "{p}z", "(1", "3"],
  ["ZCOUNT", "{p}z", "a", "b"],
  ["ZRANGE", "{p}z", "0", "-1"],
  ["ZRANGE", "{p}z", "0", "-1", "WITHSCORES"],
  ["ZRANGE", "{p}z", "-2", "-1"],
  ["ZRANGE", "{p}z", "5", "1"],
  ["ZRANGE", "{p}z", "1", "x"],
  ["ZRANGE", "{p}z", "0", "-1", "LIMIT", "0", "1"],
  ["ZRANGE", "{p}z", "(1", "+inf", "BYSCORE"],
  ["ZRANGE", "{p}z", "+inf", "(1", "BYSCORE", "REV"],
  ["ZRANGE", "{p}z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2", "WITHSCORES"],
  ["ZRANGE", "{p}z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"],
  ["ZRANGE", "{p}z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"],
  ["ZRANGE", "{p}z", "a", "b", "BYSCORE"],
  ["ZRANGE", "{p}z", "0", "-1", "FOO"],
  ["ZRANGE", "{p}z", "0", "-1", "REV", "REV"],
  ["ZRANGE", "{p}z", "0", "-1", "REV"],
  ["ZADD", "{p}lex", "0", "a", "0", "b", "0", "c"],
  ["ZRANGE", "{p}lex", "[a", "(c", "BYLEX"],
  ["ZRANGE", "{p}lex", "-", "+", "BYLEX", "LIMIT", "1", "1"],
  ["ZRANGE", "{p}lex", "+", "-", "BYLEX", "REV"],
  ["ZRANGE", "{p}lex", "x", "+", "BYLEX"],
  ["ZRANGE", "{p}lex", "-", "+", "BYLEX", "WITHSCORES"],
  ["ZRANGEBYSCORE", "{p}z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "2"],
  ["ZRANGEBYSCORE", "{p}z", "-inf", "+inf", "BYSCORE"],
  ["ZREVRANGEBYSCORE", "{p}z", "+inf", "-inf", "LIMIT", "0", "2"],
  ["ZREVRANGE", "{p}z", "0", "1", "WITHSCORES"],
  ["ZRANK", "{p}z", "a"],
  ["ZRANK", "{p}z", "nope"],
  ["ZREVRANK", "{p}z", "a"],
  ["ZREM", "{p}z", "a", "nope"],
  ["ZREMRANGEBYSCORE", "{p}z", "-inf", "(3"],
  ["ZRANGE", "{p}z", "0", "-1", "WITHSCORES"],
  ["ZRANGE", "{p}none", "0", "-1"],
  ["ZSCORE", "{p}str", "a"],
  ["ZREM", "{p}lex", "a", "b", "c"],
  ["EXISTS", "{p}lex"],
  ["RPUSH", "{p}l", "a", "b", "c"],
  ["LPUSH", "{p}l", "x", "y"],
  ["LRANGE", "{p}l", "0", "-1"],
  ["LRANGE", "{p}l", "-2", "100"],
  ["LRANGE", "{p}l", "5", "1"],
  ["LRANGE", "{p}l", "a", "1"],
  ["LLEN", "{p}l"],
  ["LINDEX", "{p}l", "0"],
  ["LINDEX", "{p}l", "-1"],
  ["LINDEX", "{p}l", "99"],
  ["LINDEX", "{p}l", "x"],
  ["LINDEX", "{p}none", "x"],
  ["LPOP", "{p}l"],
  ["RPOP", "{p}l"],
  ["LPOP", "{p}l", "0"],
  ["LPOP", "{p}l", "-1"],
  ["LPOP", "{p}l", "x"],
  ["LPOP", "{p}l", "1", "2"],
  ["RPOP", "{p}l", "2"],
  ["LPOP", "{p}none", "2"],
  ["LPOP", "{p}none"],
  ["LLEN", "{p}none"],
  ["RPUSH", "{p}l", "m", "n", "o"],
  ["LTRIM", "{p}l", "1", "-1"],
  ["LRANGE", "{p}l", "0", "-1"],
  ["LTRIM", "{p}l", "x", "1"],
  ["LTRIM", "{p}l", "5", "1"],
  ["EXISTS", "{p}l"],
  ["LPUSH", "{p}str", "x"],
  ["KEYS", "{p}z*"],
  ["KEYS", "{p}[hs]tr"],
  ["KEYS", "{p}st?"],
  ["SCAN", "x"],
  ["SCAN", "0", "FOO", "bar"],
  ["SCAN", "0", "COUNT"],
  ["SCAN", "0", "COUNT", "x"],
  ["SCAN", "0", "COUNT", "0"],
  // The app's scripts: the embedded store runs their JS twins (store/scripts/).
  ["SET", "{p}cw", "v1"],
  [
    "EVAL",
    COMPARE_AND_WRITE_LUA,
    "4",
    "{p}cw",
    "{p}cw-claim",
    "{p}cw-version",
    "{p}cw-log",
    "2",
    digestOf("v1"),
    "",
    "set",
    "1",
    "1",
    "v2",
    "incr",
    "3",
    "0",
    "rpush",
    "4",
    "2",
    "a",
    "b",
  ],
  ["MGET", "{p}cw", "{p}cw-version"],
  ["LRANGE", "{p}cw-log", "0", "-1"],
  [
    "EVAL",
    COMPARE_AND_WRITE_LUA,
    "1",
    "{p}cw",
    "1",
    digestOf("v1"),
    "incr",
    "2",
    "0",
    "{p}cw-version",
  ],
  [
    "EVAL",
    COMPARE_AND_WRITE_LUA,
    "1",
    "{p}cw-claim",
    "1",
    digestOf("x"),
    "incr",
    "2",
    "0",
    "{p}cw-version",
  ],
  ["GET", "{p}cw-version"],
  ["EVAL", RENEW_LEASE_LUA, "1", "{p}cw", "v2", "5000"],
  ["EVAL", RENEW_LEASE_LUA, "1", "{p}cw", "other", "5000"],
  ["EVAL", RENEW_LEASE_LUA, "2", "{p}cw"],
  ["EVAL", RENEW_LEASE_LUA, "-1"],
  ["EVAL", RENEW_LEASE_LUA, "x"],
];

const withPrefix = (argv: string[], prefix: string) =>
  argv.map((arg) => arg.replaceAll("{p}", prefix));

async function answer(requester: Requester, path: string[] | undefined, body: unknown) {
  try {
    return await requester.request(path === undefined ? { body } : { path, body });
  } catch (error) {
    return { thrown: (error as Error).message };
  }
}

const redisUrl = testRedisUrl();

describe.skipIf(redisUrl === undefined)(
  `embedded interpreter vs real Redis (${redisUrl === undefined ? NO_REDIS_REASON : "redis-server"})`,
  () => {
    let tcp: TcpRequester;
    let memory: MemoryRequester;
    const prefix = uniquePrefix("differential");

    beforeAll(() => {
      tcp = createTcpRequester(redisUrl ?? "");
      memory = createMemoryRequester();
    });
    afterAll(async () => {
      const keys = (await tcp.requester.request({ body: ["KEYS", `${prefix}*`] })).result;
      if (Array.isArray(keys) && keys.length > 0) {
        await tcp.requester.request({ body: ["DEL", ...keys] });
      }
      await tcp.close();
      await memory.close();
    });

    it("gives the same reply to every command of the script, in order", async () => {
      const mismatches: string[] = [];
      for (const template of SCRIPT) {
        const argv = withPrefix(template, prefix);
        const expected = await answer(tcp.requester, undefined, argv);
        const actual = await answer(memory.requester, undefined, argv);
        try {
          expect(actual).toEqual(expected);
        } catch {
          mismatches.push(
            `${JSON.stringify(template)}: redis ${JSON.stringify(expected)}, embedded ${JSON.stringify(actual)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    });

    it("answers pipelines and transactions the same way", async () => {
      const batches: [string[], string[][]][] = [
        [
          ["pipeline"],
          [["SET", "{p}pp", "1"], ["INCR", "{p}pp"], ["HGET", "{p}pp", "f"], ["NOPE"]],
        ],
        [
          ["multi-exec"],
          [
            ["SET", "{p}m", "1"],
            ["INCR", "{p}m"],
            ["HGET", "{p}m", "f"],
          ],
        ],
        [["multi-exec"], [["SET", "{p}m", "7"], ["GET"], ["INCR", "{p}m"]]],
        [
          ["multi-exec"],
          [
            ["SET", "{p}m", "8"],
            ["NOPE", "x"],
          ],
        ],
        [
          ["pipeline"],
          [
            ["GET", "{p}m"],
            ["GET", "{p}pp"],
          ],
        ],
      ];
      for (const [path, commands] of batches) {
        const body = commands.map((argv) => withPrefix(argv, prefix));
        expect(await answer(memory.requester, path, body)).toEqual(
          await answer(tcp.requester, path, body),
        );
      }
    });
  },
);
