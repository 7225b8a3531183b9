// Reads the embedded store's tables back into key records at start; keys whose deadline has passed
// are skipped (never resurrected) and their rows deleted.
import type { DatabaseSync, SQLOutputValue } from "node:sqlite";
import { HashValue, SetValue } from "./collections.ts";
import type { KeyRecord, StoredValue } from "./keyspace.ts";
import { ListValue } from "./list-value.ts";
import { SortedSet } from "./sorted-set.ts";
import { ELEMENT_TABLES } from "./sqlite-schema.ts";

type Row = Record<string, SQLOutputValue>;

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new Error(`store database: ${column} is not text`);
  return value;
}

function number(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== "number") throw new Error(`store database: ${column} is not a number`);
  return value;
}

function emptyValue(type: string, value: SQLOutputValue): StoredValue {
  switch (type) {
    case "string":
      return { type: "string", value: typeof value === "string" ? value : "" };
    case "hash":
      return { type: "hash", value: new HashValue() };
    case "set":
      return { type: "set", value: new SetValue() };
    case "zset":
      return { type: "zset", value: new SortedSet() };
    case "list":
      return { type: "list", value: new ListValue() };
    default:
      throw new Error(`store database: unknown key type ${type}`);
  }
}

/**
 * Deletes the rows of keys whose deadline is before `now`. Best effort: if it fails (say, on a
 * full disk) the rows stay unread, and a later put of the same key drops them first.
 */
function purgeExpired(db: DatabaseSync, now: number): void {
  try {
    db.exec("BEGIN IMMEDIATE");
    for (const [type, table] of Object.entries(ELEMENT_TABLES)) {
      db.prepare(
        `DELETE FROM ${table} WHERE key IN
          (SELECT key FROM keys WHERE type = ? AND expires_at IS NOT NULL AND expires_at < ?)`,
      ).run(type, now);
    }
    db.prepare("DELETE FROM keys WHERE expires_at IS NOT NULL AND expires_at < ?").run(now);
    db.exec("COMMIT");
  } catch {
    if (db.isTransaction) db.exec("ROLLBACK");
  }
}

/** Every live key in the database as of `now`, with its elements. */
export function loadRecords(db: DatabaseSync, now: number): KeyRecord[] {
  purgeExpired(db, now);
  const records = new Map<string, KeyRecord>();
  const keys = db.prepare(
    "SELECT key, type, value, expires_at FROM keys WHERE expires_at IS NULL OR expires_at >= ?",
  );
  for (const row of keys.iterate(now)) {
    const expiresAt = row.expires_at === null ? undefined : number(row, "expires_at");
    const stored = emptyValue(text(row, "type"), row.value ?? null);
    records.set(text(row, "key"), { key: text(row, "key"), stored, expiresAt });
  }
  const storedOf = (row: Row) => records.get(text(row, "key"))?.stored;
  for (const row of db.prepare("SELECT key, field, value FROM hash_fields").iterate()) {
    const stored = storedOf(row);
    if (stored?.type === "hash") stored.value.set(text(row, "field"), text(row, "value"));
  }
  for (const row of db.prepare("SELECT key, member FROM set_members").iterate()) {
    const stored = storedOf(row);
    if (stored?.type === "set") stored.value.add(text(row, "member"));
  }
  for (const row of db.prepare("SELECT key, member, score FROM zset_members").iterate()) {
    const stored = storedOf(row);
    if (stored?.type === "zset") stored.value.set(text(row, "member"), number(row, "score"));
  }
  const lists = new Map<string, { head: number; items: string[] }>();
  for (const row of db
    .prepare("SELECT key, pos, value FROM list_items ORDER BY key, pos")
    .iterate()) {
    const key = text(row, "key");
    const list = lists.get(key) ?? { head: number(row, "pos"), items: [] };
    list.items.push(text(row, "value"));
    lists.set(key, list);
  }
  for (const [key, { head, items }] of lists) {
    const record = records.get(key);
    if (record?.stored.type === "list")
      record.stored = { type: "list", value: new ListValue(items, head) };
  }
  return [...records.values()];
}
