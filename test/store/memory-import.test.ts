// One-time import of a data directory written by the old embedded store (snapshot.json plus
// log.jsonl): its data moves into store.db once and the old files are renamed `*.imported`.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { cleanUp, openDir, tempDir } from "./fixtures/temp-stores.ts";

afterEach(cleanUp);

const T = Date.UTC(2026, 0, 1);

/** An old-format directory: a snapshot covering log entry 2, and log entries 1 to 4 plus a torn line. */
function writeOldFormat(dir: string): void {
  const keys = [
    { key: "s", type: "string", value: "from snapshot" },
    { key: "n", type: "string", value: "10" },
    { key: "h", type: "hash", value: [["f", "1"]] },
    { key: "set", type: "set", value: ["a", "b"] },
    {
      key: "z",
      type: "zset",
      value: [
        ["m", "1.5"],
        ["top", "inf"],
      ],
    },
    { key: "l", type: "list", value: ["x", "y"] },
    { key: "session", type: "string", value: "abc", expiresAt: T + 100_000 },
    { key: "stale", type: "string", value: "old", expiresAt: T - 1 },
  ];
  writeFileSync(
    join(dir, "snapshot.json"),
    JSON.stringify({ format: 1, seq: 2, savedAt: T, keys }),
  );
  const lines = [
    { seq: 1, t: T, cmds: [["set", "s", "overwritten by the snapshot"]] },
    { seq: 2, t: T, cmds: [["incr", "n"]] },
    {
      seq: 3,
      t: T,
      cmds: [
        ["incr", "n"],
        ["hset", "h", "g", "2"],
      ],
    },
    {
      seq: 4,
      t: T,
      cmds: [
        ["rpush", "l", "z"],
        ["sadd", "set", "c"],
      ],
    },
  ];
  writeFileSync(
    join(dir, "log.jsonl"),
    `${lines.map((line) => JSON.stringify(line)).join("\n")}\n{"seq":5,"t":1,"cmds":[["set","torn`,
  );
}

async function expectImported(dir: string): Promise<void> {
  const { redis, close } = openDir(dir, { now: () => T + 1_000 });
  expect(await redis.get("s")).toBe("from snapshot");
  expect(await redis.get("n")).toBe(11);
  expect(await redis.hgetall("h")).toEqual({ f: 1, g: 2 });
  expect((await redis.smembers("set")).sort()).toEqual(["a", "b", "c"]);
  expect(await redis.exec(["zrange", "z", "0", "-1", "withscores"])).toEqual([
    "m",
    1.5,
    "top",
    "inf",
  ]);
  expect(await redis.lrange("l", 0, -1)).toEqual(["x", "y", "z"]);
  expect(await redis.pttl("session")).toBe(99_000);
  expect(await redis.exists("stale", "torn")).toBe(0);
  await close();
}

describe("embedded store import of the old format", () => {
  it("imports snapshot and newer log entries once, then renames the old files", async () => {
    const dir = tempDir();
    writeOldFormat(dir);
    await expectImported(dir);
    expect(readdirSync(dir).sort()).toEqual([
      "log.jsonl.imported",
      "snapshot.json.imported",
      "store.db",
    ]);
    await expectImported(dir);
  });

  it("does not import twice when the process died before renaming the old files", async () => {
    const dir = tempDir();
    writeOldFormat(dir);
    const first = openDir(dir, { now: () => T + 1_000 });
    await first.redis.incr("n");
    await first.close();
    writeOldFormat(dir);
    const second = openDir(dir, { now: () => T + 1_000 });
    expect(await second.redis.get("n")).toBe(12);
    expect(existsSync(join(dir, "log.jsonl"))).toBe(false);
  });

  it("refuses old files next to a database that holds other data", async () => {
    const dir = tempDir();
    const store = openDir(dir);
    await store.redis.set("k", "v");
    await store.close();
    writeFileSync(
      join(dir, "log.jsonl"),
      `${JSON.stringify({ seq: 1, t: T, cmds: [["set", "a", "1"]] })}\n`,
    );
    expect(() => createMemoryRequester({ dataDir: dir })).toThrow(
      /holds both store.db and old-format files \(log.jsonl\)/,
    );
    expect(existsSync(join(dir, "LOCK"))).toBe(false);
  });

  it("refuses a corrupt line in the middle of an old log and leaves the files alone", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "log.jsonl"),
      '{"seq":1,"t":1,"cmds":[["set","a","1"]]}\nnot json\n{"seq":3,"t":1,"cmds":[["set","b","1"]]}\n',
    );
    expect(() => createMemoryRequester({ dataDir: dir })).toThrow(/corrupt at line 2/);
    expect(existsSync(join(dir, "log.jsonl"))).toBe(true);
    expect(existsSync(join(dir, "LOCK"))).toBe(false);
  });
});
