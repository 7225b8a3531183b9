// Writes journaled changes to the embedded store's tables, one prepared statement per change;
// a change touches the rows it names and no others, so its cost does not grow with the data.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Change } from "./journal.ts";
import { ELEMENT_TABLES } from "./sqlite-schema.ts";

const SQL = {
  dropKey: "DELETE FROM keys WHERE key = ? RETURNING type",
  putKey: `INSERT INTO keys (key, type, value, expires_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET
      type = excluded.type, value = excluded.value, expires_at = excluded.expires_at`,
  expire: "UPDATE keys SET expires_at = ? WHERE key = ?",
  hset: `INSERT INTO hash_fields (key, field, value) VALUES (?, ?, ?)
    ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
  hdel: "DELETE FROM hash_fields WHERE key = ? AND field = ?",
  sadd: "INSERT OR IGNORE INTO set_members (key, member) VALUES (?, ?)",
  srem: "DELETE FROM set_members WHERE key = ? AND member = ?",
  zadd: `INSERT INTO zset_members (key, member, score) VALUES (?, ?, ?)
    ON CONFLICT (key, member) DO UPDATE SET score = excluded.score`,
  zrem: "DELETE FROM zset_members WHERE key = ? AND member = ?",
  lset: `INSERT INTO list_items (key, pos, value) VALUES (?, ?, ?)
    ON CONFLICT (key, pos) DO UPDATE SET value = excluded.value`,
  ldel: "DELETE FROM list_items WHERE key = ? AND pos = ?",
  meta: `INSERT INTO meta (name, value) VALUES (?, ?)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
} as const;

type ElementType = keyof typeof ELEMENT_TABLES;

function isElementType(type: unknown): type is ElementType {
  return typeof type === "string" && Object.hasOwn(ELEMENT_TABLES, type);
}

/** Applies changes to the tables; the caller wraps them in a transaction. */
export class RowWriter {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...params: (string | number | null)[]): number {
    return Number(this.#statement(sql).run(...params).changes);
  }

  #dropKey(key: string): number {
    const row = this.#statement(SQL.dropKey).get(key);
    if (row === undefined) return 0;
    if (!isElementType(row.type)) return 1;
    return 1 + this.#run(`DELETE FROM ${ELEMENT_TABLES[row.type]} WHERE key = ?`, key);
  }

  #flush(): number {
    let rows = this.#run("DELETE FROM keys");
    for (const table of Object.values(ELEMENT_TABLES)) rows += this.#run(`DELETE FROM ${table}`);
    return rows;
  }

  /** Writes one change; returns the number of rows it inserted, updated or deleted. */
  apply(change: Change): number {
    switch (change.op) {
      case "drop":
        return this.#dropKey(change.key);
      case "key":
        return this.#run(SQL.putKey, change.key, change.type, change.value, change.expiresAt);
      case "expire":
        return this.#run(SQL.expire, change.expiresAt, change.key);
      case "flush":
        return this.#flush();
      case "hset":
        return this.#run(SQL.hset, change.key, change.field, change.value);
      case "hdel":
        return this.#run(SQL.hdel, change.key, change.field);
      case "sadd":
      case "srem":
        return this.#run(SQL[change.op], change.key, change.member);
      case "zadd":
        return this.#run(SQL.zadd, change.key, change.member, change.score);
      case "zrem":
        return this.#run(SQL.zrem, change.key, change.member);
      case "lset":
        return this.#run(SQL.lset, change.key, change.pos, change.value);
      case "ldel":
        return this.#run(SQL.ldel, change.key, change.pos);
      case "meta":
        return this.#run(SQL.meta, change.name, change.value);
    }
  }
}
