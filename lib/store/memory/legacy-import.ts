// One-time import of a data directory written by the old embedded store (snapshot.json plus
// log.jsonl) into the sqlite database; the old files are then renamed `*.imported`.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readLog } from "./append-log.ts";
import { Interpreter } from "./interpreter.ts";
import type { Change } from "./journal.ts";
import { type KeyRecord, Keyspace } from "./keyspace.ts";
import { decodeSnapshot } from "./snapshot.ts";
import type { SqliteStore } from "./sqlite-store.ts";

const SNAPSHOT = "snapshot.json";
const LOG = "log.jsonl";
const MARKER = "legacy_import";

/** The rows that hold one key. */
function recordChanges({ key, stored, expiresAt }: KeyRecord): Change[] {
  const value = stored.type === "string" ? stored.value : null;
  const changes: Change[] = [
    { op: "key", key, type: stored.type, value, expiresAt: expiresAt ?? null },
  ];
  switch (stored.type) {
    case "hash":
      for (const [field, v] of stored.value) changes.push({ op: "hset", key, field, value: v });
      break;
    case "set":
      for (const member of stored.value) changes.push({ op: "sadd", key, member });
      break;
    case "zset":
      for (const { member, score } of stored.value.sorted()) {
        changes.push({ op: "zadd", key, member, score });
      }
      break;
    case "list":
      stored.value.values().forEach((v, i) => {
        changes.push({ op: "lset", key, pos: stored.value.head + i, value: v });
      });
      break;
  }
  return changes;
}

/** The old files' keys as of `now`: the snapshot, then the log entries newer than it. */
function readOldFiles(dir: string, now: () => number): KeyRecord[] {
  const keyspace = new Keyspace();
  const interpreter = new Interpreter(keyspace, { now });
  let seq = 0;
  if (existsSync(join(dir, SNAPSHOT))) {
    const snapshot = decodeSnapshot(readFileSync(join(dir, SNAPSHOT), "utf8"));
    for (const record of snapshot.records) keyspace.restore(record);
    seq = snapshot.seq;
  }
  for (const entry of readLog(join(dir, LOG)).entries) {
    if (entry.seq > seq) interpreter.replay({ time: entry.time, commands: entry.commands });
  }
  keyspace.time = now();
  return [...keyspace.records()];
}

/**
 * Imports old-format files found in `dir` into `store` in one transaction (marked in the meta
 * table, so a crash before the renames does not import twice), then renames them. Refuses a
 * directory whose database already holds other data.
 */
export function importOldFormat(dir: string, store: SqliteStore, now: () => number): void {
  const found = [SNAPSHOT, LOG].filter((name) => existsSync(join(dir, name)));
  if (found.length === 0) return;
  if (store.meta(MARKER) === undefined) {
    if (store.hasKeys()) {
      throw new Error(
        `embedded store ${dir} holds both store.db and old-format files (${found.join(", ")}); ` +
          "move the old files away",
      );
    }
    const changes = readOldFiles(dir, now).flatMap(recordChanges);
    store.commit([...changes, { op: "meta", name: MARKER, value: new Date(now()).toISOString() }]);
  }
  for (const name of found) renameSync(join(dir, name), join(dir, `${name}.imported`));
  rmSync(join(dir, `${SNAPSHOT}.tmp`), { force: true });
}
