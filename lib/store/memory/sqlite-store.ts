// The embedded store's durable side: one sqlite database (store.db) that receives each request's
// changes in one transaction, and gives all keys back at start.
import type { DatabaseSync } from "node:sqlite";
import type { Change } from "./journal.ts";
import type { KeyRecord } from "./keyspace.ts";
import { loadRecords } from "./sqlite-loader.ts";
import { type DatabaseOptions, openDatabase } from "./sqlite-schema.ts";
import { RowWriter } from "./sqlite-writer.ts";

/** The database of one embedded store directory. */
export class SqliteStore {
  readonly #db: DatabaseSync;
  readonly #writer: RowWriter;
  #rowsWritten = 0;

  constructor(path: string, options: DatabaseOptions = {}) {
    this.#db = openDatabase(path, options);
    this.#writer = new RowWriter(this.#db);
  }

  /** Rows inserted, updated or deleted by committed transactions since opening. */
  get rowsWritten(): number {
    return this.#rowsWritten;
  }

  /** Every live key as of `now`. */
  load(now: number): KeyRecord[] {
    return loadRecords(this.#db, now);
  }

  /** A value of the meta table, or undefined. */
  meta(name: string): string | undefined {
    const row = this.#db.prepare("SELECT value FROM meta WHERE name = ?").get(name);
    return typeof row?.value === "string" ? row.value : undefined;
  }

  /** True when the database holds at least one key. */
  hasKeys(): boolean {
    return this.#db.prepare("SELECT 1 FROM keys LIMIT 1").get() !== undefined;
  }

  /**
   * Writes `changes` in one transaction: all of them or, when this throws, none (sqlite rolls
   * back a failed statement's transaction; any still open is rolled back here).
   */
  commit(changes: readonly Change[]): void {
    const db = this.#db;
    if (db.isTransaction) db.exec("ROLLBACK");
    db.exec("BEGIN IMMEDIATE");
    try {
      let rows = 0;
      for (const change of changes) rows += this.#writer.apply(change);
      db.exec("COMMIT");
      this.#rowsWritten += rows;
    } catch (error) {
      try {
        if (db.isTransaction) db.exec("ROLLBACK");
      } catch {
        // The original error is the one to report; the next commit rolls back first.
      }
      throw error;
    }
  }

  /** Folds the WAL into the database file and closes it; the connection closes even on error. */
  close(): void {
    if (!this.#db.isOpen) return;
    try {
      this.#db.exec("PRAGMA optimize");
      this.#db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } finally {
      this.#db.close();
    }
  }
}
