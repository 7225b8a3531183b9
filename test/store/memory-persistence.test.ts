// Durability of the embedded store: reopen after close, crash copies of the directory, torn and
// corrupt log lines, snapshot compaction, absolute TTLs and the single-process lock.
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMemoryRequester,
  type MemoryRequesterOptions,
} from "../../lib/store/memory-requester.ts";

const dirs: string[] = [];
const open: { close(): Promise<void> }[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "as-store-"));
  dirs.push(dir);
  return dir;
}

function openStore(dataDir: string, options: Omit<MemoryRequesterOptions, "dataDir"> = {}) {
  const memory = createMemoryRequester({ dataDir, ...options });
  open.push(memory);
  return { redis: new Redis(memory.requester), close: memory.close };
}

/** A copy of the directory as it is on disk right now: what a process killed now would leave. */
function crashCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, "LOCK"), { force: true });
  return copy;
}

const logLines = (dir: string) =>
  readFileSync(join(dir, "log.jsonl"), "utf8").split("\n").filter(Boolean);

afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function writeEveryType(redis: Redis): Promise<void> {
  await redis.set("s", "text");
  await redis.set("json", { a: [1, 2], b: "x" });
  await redis.incrby("n", 41);
  await redis.hset("h", { f1: "v1", f2: 2 });
  await redis.sadd("set", "a", "b");
  await redis.zadd("z", { score: 1.5, member: "m1" }, { score: -2, member: "m2" });
  await redis.exec(["zadd", "z", "+inf", "top"]);
  await redis.rpush("l", "x", "y", "z");
  await redis.multi().incr("n").lpush("l", "w").exec();
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
  expect(await redis.lrange("l", 0, -1)).toEqual(["w", "x", "y", "z"]);
}

describe("embedded store persistence", () => {
  it("keeps every data type across close and reopen", async () => {
    const dir = tempDir();
    const first = openStore(dir);
    await writeEveryType(first.redis);
    await first.close();
    const second = openStore(dir);
    await expectEveryType(second.redis);
  });

  it("recovers everything written before a crash from the log alone", async () => {
    const dir = tempDir();
    const store = openStore(dir, { compactEvery: 10_000 });
    await writeEveryType(store.redis);
    await store.redis.del("s");
    await store.redis.set("s", "text");
    const crashed = crashCopy(dir);
    expect(existsSync(join(crashed, "snapshot.json"))).toBe(false);
    expect(logLines(crashed).length).toBeGreaterThan(5);
    await expectEveryType(openStore(crashed).redis);
  });

  it("logs only writes, numbered, with MULTI/EXEC blocks on one line", async () => {
    const dir = tempDir();
    const { redis } = openStore(dir, { now: () => 1_000 });
    await redis.set("a", "1");
    await redis.get("a");
    await redis.del("missing");
    await redis.multi().incr("a").get("a").incr("b").exec();
    const entries = logLines(dir).map((line) => JSON.parse(line));
    expect(entries).toEqual([
      { seq: 1, t: 1_000, cmds: [["set", "a", "1"]] },
      {
        seq: 2,
        t: 1_000,
        cmds: [
          ["incr", "a"],
          ["incr", "b"],
        ],
      },
    ]);
  });

  it("ignores a torn last log line and keeps logging cleanly after it", async () => {
    const dir = tempDir();
    const store = openStore(dir, { compactEvery: 10_000 });
    await store.redis.set("kept", "yes");
    await store.redis.incr("counter");
    const crashed = crashCopy(dir);
    appendFileSync(join(crashed, "log.jsonl"), '{"seq":3,"t":1,"cmds":[["set","torn","x');
    const reopened = openStore(crashed, { compactEvery: 10_000 });
    expect(await reopened.redis.get("kept")).toBe("yes");
    expect(await reopened.redis.get("torn")).toBeNull();
    await reopened.redis.incr("counter");
    await reopened.redis.set("after", "ok");
    expect(logLines(crashed).map((line) => JSON.parse(line).seq)).toEqual([1, 2, 3, 4]);
    const again = openStore(crashCopy(crashed));
    expect(await again.redis.get("counter")).toBe(2);
    expect(await again.redis.get("after")).toBe("ok");
    expect(await again.redis.get("torn")).toBeNull();
  });

  it("refuses to start on a corrupt line in the middle of the log", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "log.jsonl"),
      '{"seq":1,"t":1,"cmds":[["set","a","1"]]}\nnot json\n{"seq":3,"t":1,"cmds":[["set","b","1"]]}\n',
    );
    expect(() => createMemoryRequester({ dataDir: dir })).toThrow(/corrupt at line 2/);
    expect(existsSync(join(dir, "LOCK"))).toBe(false);
  });

  it("compacts into a snapshot and replays only newer log entries", async () => {
    const dir = tempDir();
    const { redis } = openStore(dir, { compactEvery: 5 });
    for (let i = 0; i < 12; i++) await redis.incr("counter");
    const snapshot = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8"));
    expect(snapshot.seq).toBe(10);
    expect(snapshot.keys).toEqual([{ key: "counter", type: "string", value: "10" }]);
    expect(logLines(dir).map((line) => JSON.parse(line).seq)).toEqual([11, 12]);
    const crashed = crashCopy(dir);
    expect(await openStore(crashed).redis.get("counter")).toBe(12);
  });

  it("does not apply log entries twice when a crash hits between snapshot and log truncation", async () => {
    const dir = tempDir();
    const store = openStore(dir, { compactEvery: 10_000 });
    for (let i = 0; i < 3; i++) await store.redis.incr("counter");
    const oldLog = readFileSync(join(dir, "log.jsonl"));
    await store.close();
    expect(readFileSync(join(dir, "log.jsonl"), "utf8")).toBe("");
    writeFileSync(join(dir, "log.jsonl"), oldLog);
    writeFileSync(join(dir, "snapshot.json.tmp"), "half a snapsh");
    const reopened = openStore(dir);
    expect(await reopened.redis.get("counter")).toBe(3);
    expect(existsSync(join(dir, "snapshot.json.tmp"))).toBe(false);
  });

  it("stores TTL deadlines as absolute times that survive restarts", async () => {
    const dir = tempDir();
    let time = Date.UTC(2026, 0, 1);
    const now = () => time;
    const first = openStore(dir, { now, compactEvery: 10_000 });
    await first.redis.set("session", "abc", { ex: 100 });
    await first.redis.set("lock", "me", { nx: true, px: 30_000 });
    await first.redis.hset("h", { f: "1" });
    await first.redis.expire("h", 50);
    const fromLog = crashCopy(dir);
    await first.close();
    const snapshot = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8"));
    expect(snapshot.keys.find((k: { key: string }) => k.key === "session").expiresAt).toBe(
      time + 100_000,
    );

    time += 60_000;
    for (const source of [dir, fromLog]) {
      const store = openStore(source, { now });
      expect(await store.redis.ttl("session")).toBe(40);
      expect(await store.redis.get("lock")).toBeNull();
      expect(await store.redis.exists("h")).toBe(0);
      await store.close();
    }
    time += 41_000;
    expect(await openStore(dir, { now }).redis.get("session")).toBeNull();
  });

  it("lets one store at a time open a directory", async () => {
    const dir = tempDir();
    const first = openStore(dir);
    expect(() => createMemoryRequester({ dataDir: dir })).toThrow(/already open in this process/);
    await first.close();
    const second = openStore(dir);
    expect(await second.redis.ping()).toBe("PONG");
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "LOCK"), "2147483646");
    const store = openStore(dir);
    expect(await store.redis.set("k", "v")).toBe("OK");
    expect(readFileSync(join(dir, "LOCK"), "utf8")).toBe(String(process.pid));
  });
});
