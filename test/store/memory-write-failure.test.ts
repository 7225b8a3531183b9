// Writes the embedded store cannot save (database full, database locked by another process): the
// request rejects with StoreUnavailableError and neither memory nor disk holds any part of it.
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "../../lib/store/index.ts";
import { CommitThread } from "../../lib/store/memory/commit-thread.ts";
import { Engine } from "../../lib/store/memory/engine.ts";
import { cleanUp, closeLater, openDir, tempDir } from "./fixtures/temp-stores.ts";

afterEach(cleanUp);

const big = "x".repeat(200_000);

async function seed(redis: Redis): Promise<void> {
  await redis.set("s", "before");
  await redis.hset("h", { f: "1" });
  await redis.rpush("l", "a", "b");
  await redis.zadd("z", { score: 1, member: "m" });
  await redis.sadd("set", "m");
}

async function state(redis: Redis): Promise<unknown> {
  return {
    keys: (await redis.keys("*")).sort(),
    s: await redis.get("s"),
    h: await redis.hgetall("h"),
    l: await redis.lrange("l", 0, -1),
    z: await redis.exec(["zrange", "z", "0", "-1", "withscores"]),
    set: await redis.smembers("set"),
    ttl: await redis.pttl("s"),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the write was accepted");
}

describe("embedded store writes that cannot be saved", () => {
  it("leave a MULTI block unapplied in memory and on disk, and later writes still work", async () => {
    const dir = tempDir();
    const store = openDir(dir, { maxBytes: 128 * 1024 });
    await seed(store.redis);
    const before = await state(store.redis);
    const tx = store.redis.multi();
    tx.set("s", "after")
      .hset("h", { f: "2", g: "3" })
      .lpush("l", "new")
      .rpop("l")
      .zadd("z", { score: 5, member: "m" })
      .srem("set", "m")
      .flushdb()
      .set("huge", big);
    const error = await rejection(tx.exec());
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).name).toBe("StoreUnavailableError");
    expect((error as Error).message).toMatch(/could not save a write.*database or disk is full/);
    expect((error as Error).message).not.toContain("before");
    expect(await state(store.redis)).toEqual(before);

    await store.redis.set("s", "small");
    await store.close();
    const reopened = openDir(dir, { maxBytes: 128 * 1024 });
    expect(await state(reopened.redis)).toEqual({ ...(before as object), s: "small" });
  });

  it("leave a pipeline unapplied", async () => {
    const store = openDir(tempDir(), { maxBytes: 128 * 1024 });
    await seed(store.redis);
    const before = await state(store.redis);
    const pipeline = store.redis.pipeline();
    pipeline.set("s", "after").hset("h", { f: "2" }).del("l").set("huge", big);
    expect(await rejection(pipeline.exec())).toBeInstanceOf(StoreUnavailableError);
    expect(await state(store.redis)).toEqual(before);
  });

  it("leave a single write unapplied, a new key included", async () => {
    const store = openDir(tempDir(), { maxBytes: 128 * 1024 });
    await seed(store.redis);
    const before = await state(store.redis);
    expect(await rejection(store.redis.set("huge", big))).toBeInstanceOf(StoreUnavailableError);
    expect(await rejection(store.redis.set("s", big))).toBeInstanceOf(StoreUnavailableError);
    expect(await rejection(store.redis.hset("h", { f: big }))).toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(await state(store.redis)).toEqual(before);
    expect(await store.redis.exists("huge")).toBe(0);
  });

  it("fail while another process holds the database's write lock, and recover after", async () => {
    const dir = tempDir();
    const store = openDir(dir);
    await seed(store.redis);
    const before = await state(store.redis);
    const intruder = new DatabaseSync(join(dir, "store.db"));
    intruder.exec("BEGIN IMMEDIATE");
    try {
      const error = await rejection(store.redis.multi().set("s", "after").del("h").exec());
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/database is locked/);
      expect(await state(store.redis)).toEqual(before);
    } finally {
      intruder.exec("ROLLBACK");
      intruder.close();
    }
    await store.redis.set("s", "after");
    await store.close();
    expect(await openDir(dir).redis.get("s")).toBe("after");
  });
});

describe("embedded store group commit", () => {
  it("saves the requests of one turn of the event loop in one sqlite transaction", async () => {
    const dir = tempDir();
    const store = openDir(dir);
    const commits = vi.spyOn(CommitThread.prototype, "commit");
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.redis.set(`k${i}`, `v${i}`)));
      expect(commits.mock.calls.length).toBeLessThan(5);
    } finally {
      commits.mockRestore();
    }
    await store.close();
    const again = openDir(dir);
    expect(await again.redis.mget("k0", "k49")).toEqual(["v0", "v49"]);
  });

  it("undoes and rejects every request of a group whose commit fails, reads included", async () => {
    const dir = tempDir();
    const store = openDir(dir, { maxBytes: 128 * 1024 });
    await seed(store.redis);
    const before = await state(store.redis);
    const outcomes = await Promise.allSettled([
      store.redis.set("s", "changed"),
      store.redis.get("s"),
      store.redis.set("huge", big),
      store.redis.hset("h", { g: "9" }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected")
        expect(outcome.reason).toBeInstanceOf(StoreUnavailableError);
    }
    expect(await state(store.redis)).toEqual(before);
    await store.redis.set("s", "later");
    expect(await store.redis.get("s")).toBe("later");
    await store.close();
    const again = openDir(dir);
    expect(await again.redis.get("s")).toBe("later");
    expect(await again.redis.exists("huge")).toBe(0);
  });

  it("answers a read of keys no pending write touched at once; a failed commit takes the requests that ran on top of it", async () => {
    const dir = tempDir();
    const store = openDir(dir, { maxBytes: 128 * 1024 });
    await seed(store.redis);
    const before = await state(store.redis);
    const failing = store.redis.set("huge", big);
    const untouched = store.redis.get("s");
    const sawIt = store.redis.exists("huge");
    // Let the failing group go to the writer thread, then write while its commit is in flight.
    await new Promise((resolve) => setImmediate(resolve));
    const onTop = store.redis.set("x", "1");
    const outcomes = await Promise.allSettled([failing, untouched, sawIt, onTop]);
    expect(outcomes.map((o) => o.status)).toEqual([
      "rejected",
      "fulfilled",
      "rejected",
      "rejected",
    ]);
    expect(outcomes[1]).toEqual({ status: "fulfilled", value: "before" });
    expect(await state(store.redis)).toEqual(before);
    expect(await store.redis.exists("huge", "x")).toBe(0);
    await store.close();
    expect(await openDir(dir).redis.exists("huge", "x")).toBe(0);
  });

  it("brings back a key whose uncommitted TTL ran out before its commit failed, as sqlite has it", async () => {
    const dir = tempDir();
    const engine = closeLater(new Engine({ dataDir: dir, now: Date.now }));
    await engine.pipeline([["SET", "k", "v"]]);
    const commit = vi
      .spyOn(CommitThread.prototype, "commit")
      .mockImplementation(
        () => new Promise((_, reject) => setTimeout(() => reject(new Error("disk full")), 30)),
      );
    try {
      const expire = engine.pipeline([["PEXPIRE", "k", "5"]]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      // Read after the TTL ran out, while the commit that set it is still in flight.
      const during = engine.pipeline([["GET", "k"]]);
      expect((await Promise.allSettled([expire, during])).map((o) => o.status)).toEqual([
        "rejected",
        "rejected",
      ]);
    } finally {
      commit.mockRestore();
    }
    expect(
      await engine.pipeline([
        ["GET", "k"],
        ["PTTL", "k"],
      ]),
    ).toEqual([{ result: "v" }, { result: -1 }]);
  });
});
