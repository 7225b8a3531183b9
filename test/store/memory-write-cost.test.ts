// The embedded store's cost per write does not grow with the data: one HSET, ZADD, SADD, RPUSH or
// LPOP writes the same few rows into a 50,000-element collection as into a small one.
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../lib/store/memory/engine.ts";
import { cleanUp, closeLater, tempDir } from "./fixtures/temp-stores.ts";

afterEach(cleanUp);

const SIZES = [10, 1_000, 50_000];

/** Fills each collection kind with `size` elements, in batches of 1,000 per command. */
async function fill(engine: Engine, suffix: string, size: number): Promise<void> {
  for (let start = 0; start < size; start += 1_000) {
    const indexes = Array.from({ length: Math.min(1_000, size - start) }, (_, i) => start + i);
    await engine.pipeline([
      ["hset", `h:${suffix}`, ...indexes.flatMap((i) => [`f${i}`, `v${i}`])],
      ["zadd", `z:${suffix}`, ...indexes.flatMap((i) => [String(i), `m${i}`])],
      ["sadd", `s:${suffix}`, ...indexes.map((i) => `m${i}`)],
      ["rpush", `l:${suffix}`, ...indexes.map((i) => `e${i}`)],
    ]);
  }
}

/** Rows written by one request. */
async function rowsFor(engine: Engine, command: string[]): Promise<number> {
  const before = engine.rowsWritten;
  await engine.pipeline([command]);
  return engine.rowsWritten - before;
}

describe("embedded store write cost", () => {
  it("writes the same rows per command whatever the collection's size", async () => {
    const engine = closeLater(new Engine({ dataDir: tempDir(), now: Date.now }));
    const costs = [];
    for (const size of SIZES) {
      const suffix = String(size);
      await fill(engine, suffix, size);
      costs.push({
        hsetNew: await rowsFor(engine, ["hset", `h:${suffix}`, "new", "1"]),
        hsetOld: await rowsFor(engine, ["hset", `h:${suffix}`, "f1", "changed"]),
        hdel: await rowsFor(engine, ["hdel", `h:${suffix}`, "f2"]),
        zadd: await rowsFor(engine, ["zadd", `z:${suffix}`, "7.5", "m3"]),
        sadd: await rowsFor(engine, ["sadd", `s:${suffix}`, "new"]),
        rpush: await rowsFor(engine, ["rpush", `l:${suffix}`, "new"]),
        lpush: await rowsFor(engine, ["lpush", `l:${suffix}`, "new"]),
        lpop: await rowsFor(engine, ["lpop", `l:${suffix}`]),
        expire: await rowsFor(engine, ["pexpire", `h:${suffix}`, "600000"]),
      });
    }
    const flat = { hsetNew: 1, hsetOld: 1, hdel: 1, zadd: 1, sadd: 1, rpush: 1, lpush: 1 };
    expect(costs).toEqual(SIZES.map(() => ({ ...flat, lpop: 1, expire: 1 })));
  });

  it("writes the same rows per lead however many leads there are", async () => {
    const engine = closeLater(new Engine({ dataDir: tempDir(), now: Date.now }));
    const lead = (i: number) => [
      ["set", `lead:${i}`, JSON.stringify({ i, notes: "n".repeat(2_000) })],
      ["hset", `lead:${i}:meta`, "stage", "new", "score", "7", "owner", "a"],
      ["zadd", "leads:by-score", String(i % 97), `lead:${i}`],
    ];
    const perLead: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const before = engine.rowsWritten;
      await engine.pipeline(lead(i));
      if (i === 10 || i === 4_999) perLead.push(engine.rowsWritten - before);
    }
    expect(perLead).toEqual([6, 6]);
  });

  it("writes 1 row for an HSET of one field on a 50,000-field hash that was reloaded", async () => {
    const dataDir = tempDir();
    const first = new Engine({ dataDir, now: Date.now });
    await fill(first, "big", 50_000);
    await first.close();
    const engine = closeLater(new Engine({ dataDir, now: Date.now }));
    expect(await engine.pipeline([["hlen", "h:big"]])).toEqual([{ result: 50_000 }]);
    expect(await rowsFor(engine, ["hset", "h:big", "f49999", "changed"])).toBe(1);
    expect(await rowsFor(engine, ["lpop", "l:big"])).toBe(1);
    expect(await engine.pipeline([["lindex", "l:big", "0"]])).toEqual([{ result: "e1" }]);
  });
});
