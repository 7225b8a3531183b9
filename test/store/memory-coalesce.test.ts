// The embedded store's group commits fold repeated writes of a row (coalesce.ts): applied to
// sqlite, the folded changes must leave every table exactly as the changes as made do, drops and
// flushes included; and the folding must actually drop the superseded writes.
import { describe, expect, it } from "vitest";
import { coalesce } from "../../lib/store/memory/coalesce.ts";
import type { Change } from "../../lib/store/memory/journal.ts";
import { openDatabase } from "../../lib/store/memory/sqlite-schema.ts";
import { RowWriter } from "../../lib/store/memory/sqlite-writer.ts";

const TABLES = ["keys", "hash_fields", "set_members", "zset_members", "list_items", "meta"];

/** Every row of every table after applying `changes` to an empty database. */
function rowsAfter(changes: readonly Change[]): Record<string, unknown[]> {
  const db = openDatabase(":memory:");
  const writer = new RowWriter(db);
  for (const change of changes) writer.apply(change);
  const rows = Object.fromEntries(
    TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()]),
  );
  db.close();
  return rows;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random change over a few keys and members, so rows are written again and again. */
function randomChange(next: () => number, step: number): Change {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const key = pick(["a", "b", "c"]);
  const member = pick(["x", "y"]);
  const value = `v${step}`;
  const op = pick([
    "key",
    "key",
    "expire",
    "drop",
    "hset",
    "hset",
    "hdel",
    "sadd",
    "srem",
    "zadd",
    "zrem",
    "lset",
    "ldel",
    "meta",
    "flush",
  ] as const);
  switch (op) {
    case "key": {
      const type = pick(["string", "hash", "set", "zset", "list"] as const);
      const expiresAt = next() < 0.3 ? step : null;
      return { op, key, type, value: type === "string" ? value : null, expiresAt };
    }
    case "expire":
      return { op, key, expiresAt: next() < 0.5 ? step : null };
    case "drop":
      return { op, key };
    case "flush":
      return { op };
    case "hset":
      return { op, key, field: member, value };
    case "hdel":
      return { op, key, field: member };
    case "sadd":
    case "srem":
      return { op, key, member };
    case "zadd":
      return { op, key, member, score: step };
    case "zrem":
      return { op, key, member };
    case "lset":
      return { op, key, pos: member === "x" ? 0 : 1, value };
    case "ldel":
      return { op, key, pos: member === "x" ? 0 : 1 };
    case "meta":
      return { op, name: member, value };
  }
}

describe("coalescing a group commit's changes", () => {
  it("leaves sqlite exactly as the changes as made do, over 400 random groups", () => {
    let folded = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const changes = Array.from({ length: 5 + Math.floor(next() * 40) }, (_, i) =>
        randomChange(next, i),
      );
      const kept = coalesce(changes);
      folded += changes.length - kept.length;
      expect(rowsAfter(kept), `seed ${seed}`).toEqual(rowsAfter(changes));
    }
    // The groups do repeat rows: a coalescing that folded nothing would pass the check above.
    expect(folded).toBeGreaterThan(1000);
  });

  it("writes a counter bumped by every request of a group once, with its last value", () => {
    const changes: Change[] = [
      { op: "hset", key: "stats", field: "approved", value: "1" },
      { op: "key", key: "version", type: "string", value: "7", expiresAt: null },
      { op: "hset", key: "stats", field: "approved", value: "2" },
      { op: "sadd", key: "outbox", member: "card_1" },
      { op: "key", key: "version", type: "string", value: "8", expiresAt: null },
      { op: "hset", key: "stats", field: "approved", value: "3" },
    ];
    expect(coalesce(changes)).toEqual([
      { op: "sadd", key: "outbox", member: "card_1" },
      { op: "key", key: "version", type: "string", value: "8", expiresAt: null },
      { op: "hset", key: "stats", field: "approved", value: "3" },
    ]);
  });

  it("never folds a write across a drop of its key or a flush", () => {
    const changes: Change[] = [
      { op: "key", key: "h", type: "hash", value: null, expiresAt: null },
      { op: "hset", key: "h", field: "f", value: "1" },
      { op: "drop", key: "h" },
      { op: "key", key: "h", type: "hash", value: null, expiresAt: null },
      { op: "hset", key: "h", field: "g", value: "2" },
      { op: "flush" },
      { op: "hset", key: "h", field: "g", value: "3" },
    ];
    expect(coalesce(changes)).toEqual(changes);
  });

  it("hands back the same array when nothing repeats", () => {
    const changes: Change[] = [
      { op: "sadd", key: "s", member: "a" },
      { op: "sadd", key: "s", member: "b" },
    ];
    expect(coalesce(changes)).toBe(changes);
  });
});
