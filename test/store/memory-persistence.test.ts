// Durability of the embedded store in sqlite: every type and TTL across restarts, writes on disk
// before they are answered, crash images of the directory, and the single-process lock.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { cleanUp, openDir, tempDir } from "./fixtures/temp-stores.ts";

afterEach(cleanUp);

/** A copy of the directory as it is on disk right now: what a process killed now would leave. */
function crashCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, "LOCK"), { force: true });
  return copy;
}

/** Reads the database file through a second, read-only connection. */
function query(dir: string, sql: string, ...params: string[]): unknown[] {
  const db = new DatabaseSync(join(dir, "store.db"), { readOnly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

async function writeEveryType(redis: Redis): Promise<void> {
  await redis.set("s", "text");
  await redis.set("json", { a: [1, 2], b: "x" });
  await redis.incrby("n", 41);
  await redis.hset("h", { f1: "v1", f2: 2, gone: "x" });
  await redis.hdel("h", "gone");
  await redis.sadd("set", "a", "b", "c");
  await redis.srem("set", "c");
  await redis.zadd("z", { score: 1.5, member: "m1" }, { score: -2, member: "m2" });
  await redis.zadd("z", { score: 0, member: "dropped" });
  await redis.zrem("z", "dropped");
  await redis.exec(["zadd", "z", "+inf", "top"]);
  await redis.rpush("l", "x", "y", "z", "tail");
  await redis.lpush("l", "b", "a");
  await redis.lpop("l");
  await redis.rpop("l");
  await redis.multi().incr("n").lpush("l", "w").exec();
  await redis.rpush("trimmed", "1", "2", "3", "4", "5");
  await redis.ltrim("trimmed", 1, 2);
  await redis.rpush("removed", "q", "a", "q", "b", "c", "q");
  await redis.lrem("removed", 1, "q");
  await redis.lrem("removed", 1, "b");
  await redis.lrem("removed", -1, "q");
  await redis.lpush("removed", "head");
  await redis.set("replaced", "was a string");
  await redis.del("replaced");
  await redis.sadd("replaced", "now a set");
}

async function expectEveryType(redis: Redis): Promise<void> {
  expect(await redis.get("s")).toBe("text");
  expect(await redis.get("json")).toEqual({ a: [1, 2], b: "x" });
  expect(await redis.get("n")).toBe(42);
  expect(await redis.hgetall("h")).toEqual({ f1: "v1", f2: 2 });
  expect((await redis.smembers("set")).sort()).toEqual(["a", "b"]);
  expect(await redis.exec(["zrange", "z", "0", "-1", "withscores"])).toEqual([
    "m2",
    -2,
    "m1",
    1.5,
    "top",
    "inf",
  ]);
  expect(await redis.lrange("l", 0, -1)).toEqual(["w", "b", "x", "y", "z"]);
  expect(await redis.lrange("removed", 0, -1)).toEqual(["head", "a", "q", "c"]);
  expect(await redis.lrange("trimmed", 0, -1)).toEqual([2, 3]);
  expect(await redis.smembers("replaced")).toEqual(["now a set"]);
  expect(await redis.dbsize()).toBe(10);
}

describe("embedded store persistence", () => {
  it("keeps every data type across close and reopen, in one database file", async () => {
    const dir = tempDir();
    const first = openDir(dir);
    await writeEveryType(first.redis);
    await expectEveryType(first.redis);
    await first.close();
    expect(readdirSync(dir).sort()).toEqual(["store.db"]);
    const second = openDir(dir);
    await expectEveryType(second.redis);
    await second.redis.rpush("l", "after");
    await second.redis.lpush("l", "before");
    await second.close();
    expect(await openDir(dir).redis.lrange("l", 0, -1)).toEqual([
      "before",
      "w",
      "b",
      "x",
      "y",
      "z",
      "after",
    ]);
  });

  it("has each write in the database before it is answered", async () => {
    const dir = tempDir();
    const { redis } = openDir(dir);
    await redis.set("k", "v1");
    await redis.hset("h", { f: "1" });
    expect(query(dir, "SELECT key, type, value FROM keys ORDER BY key")).toEqual([
      { key: "h", type: "hash", value: null },
      { key: "k", type: "string", value: "v1" },
    ]);
    expect(query(dir, "SELECT field, value FROM hash_fields WHERE key = ?", "h")).toEqual([
      { field: "f", value: "1" },
    ]);
    await redis.multi().del("k").hset("h", { g: "2" }).exec();
    expect(query(dir, "SELECT key FROM keys")).toEqual([{ key: "h" }]);
    expect(query(dir, "SELECT count(*) AS n FROM hash_fields")).toEqual([{ n: 2 }]);
  });

  it("recovers every answered write from a crash image of the directory", async () => {
    const dir = tempDir();
    const { redis } = openDir(dir);
    await writeEveryType(redis);
    const crashed = crashCopy(dir);
    expect(readdirSync(crashed)).toContain("store.db-wal");
    await expectEveryType(openDir(crashed).redis);
  });

  it("writes nothing for reads and no-op writes", async () => {
    const dir = tempDir();
    const { redis } = openDir(dir);
    await redis.set("a", "1");
    const size = readFileSync(join(dir, "store.db-wal")).length;
    await redis.get("a");
    await redis.del("missing");
    await redis.srem("missing", "x");
    await redis.multi().get("a").exists("a").exec();
    expect(readFileSync(join(dir, "store.db-wal")).length).toBe(size);
  });

  it("stores TTL deadlines as absolute times and never resurrects expired keys", async () => {
    const dir = tempDir();
    let time = Date.UTC(2026, 0, 1);
    const now = () => time;
    const first = openDir(dir, { now });
    await first.redis.set("session", "abc", { ex: 100 });
    await first.redis.set("lock", "me", { nx: true, px: 30_000 });
    await first.redis.hset("h", { f: "1" });
    await first.redis.expire("h", 50);
    await first.redis.set("kept", "1", { ex: 10 });
    await first.redis.persist("kept");
    const crashed = crashCopy(dir);
    await first.close();
    expect(query(dir, "SELECT expires_at FROM keys WHERE key = ?", "session")).toEqual([
      { expires_at: time + 100_000 },
    ]);

    time += 60_000;
    for (const source of [dir, crashed]) {
      const store = openDir(source, { now });
      expect(await store.redis.ttl("session")).toBe(40);
      expect(await store.redis.get("lock")).toBeNull();
      expect(await store.redis.exists("h")).toBe(0);
      expect(await store.redis.ttl("kept")).toBe(-1);
      await store.close();
    }
    expect(query(dir, "SELECT key FROM keys ORDER BY key")).toEqual([
      { key: "kept" },
      { key: "session" },
    ]);
    expect(query(dir, "SELECT count(*) AS n FROM hash_fields")).toEqual([{ n: 0 }]);
    time += 41_000;
    expect(await openDir(dir, { now }).redis.get("session")).toBeNull();
  });

  it("does not bring back the fields of an expired hash when the key is written again", async () => {
    const dir = tempDir();
    let time = Date.UTC(2026, 0, 1);
    const store = openDir(dir, { now: () => time });
    await store.redis.hset("h", { old: "1" });
    await store.redis.pexpire("h", 10);
    time += 20;
    await store.redis.hset("h", { new: "2" });
    await store.close();
    expect(await openDir(dir, { now: () => time }).redis.hgetall("h")).toEqual({ new: 2 });
  });

  it("keeps FLUSHDB across restarts", async () => {
    const dir = tempDir();
    const first = openDir(dir);
    await writeEveryType(first.redis);
    await first.redis.flushdb();
    await first.redis.set("only", "1");
    await first.close();
    const second = openDir(dir);
    expect(await second.redis.keys("*")).toEqual(["only"]);
  });

  it("lets one store at a time open a directory", async () => {
    const dir = tempDir();
    const first = openDir(dir);
    expect(() => createMemoryRequester({ dataDir: dir })).toThrow(/already open in this process/);
    await first.close();
    const second = openDir(dir);
    expect(await second.redis.ping()).toBe("PONG");
  });

  it("refuses a second process with a clear error", async () => {
    const dir = tempDir();
    openDir(dir);
    const module = join(import.meta.dirname, "../../lib/store/memory-requester.ts");
    const script = `import { createMemoryRequester } from ${JSON.stringify(module)};
      try { createMemoryRequester({ dataDir: ${JSON.stringify(dir)} }); }
      catch (error) { console.log(error.message); process.exit(3); }`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(child.status).toBe(3);
    expect(child.stdout).toContain(`is in use by process ${process.pid}`);
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), "2147483646");
    const store = openDir(dir);
    expect(await store.redis.set("k", "v")).toBe("OK");
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(String(process.pid));
  });

  it("takes over a lock left by a process that has exited but is not reaped yet", async () => {
    // `sleep 0.1` runs in the background of a shell that then becomes `sleep 5`, which never
    // reaps it: for a few seconds it is a zombie, as a CLI killed with its parent (timeout -s KILL).
    const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 5"], { stdio: "pipe" });
    try {
      const [line] = (await once(parent.stdout, "data")) as [Buffer];
      const zombie = Number(String(line).trim());
      const state = () => {
        const stat = readFileSync(`/proc/${zombie}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      };
      for (let i = 0; i < 100 && state() !== "Z"; i++) await new Promise((r) => setTimeout(r, 20));
      expect(state()).toBe("Z");
      const dir = tempDir();
      writeFileSync(join(dir, "LOCK"), String(zombie));
      const store = openDir(dir);
      expect(await store.redis.set("k", "v")).toBe("OK");
      expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(String(process.pid));
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
