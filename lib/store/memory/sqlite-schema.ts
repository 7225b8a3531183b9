// Opens the embedded store's sqlite database: WAL journal, the chosen sync level, and one table per
// kind of row (keys, hash fields, set members, sorted-set members, list items, meta).
import { DatabaseSync } from "node:sqlite";

/**
 * When sqlite forces commits to disk. "normal" (the default): a commit is in the WAL before it is
 * acknowledged, so it survives the process being killed; an OS crash or power cut may lose the
 * last commits, never the database's integrity. "full": fsync on every commit as well.
 */
export type SyncMode = "normal" | "full";

/** How the database file is opened. */
export type DatabaseOptions = {
  synchronous?: SyncMode;
  /** Largest size the database may grow to; a write needing more fails as on a full disk. */
  maxBytes?: number;
  /**
   * WAL pages after which a commit checkpoints the WAL itself (sqlite's default is 1,000); the
   * writer thread sets it far higher, its checkpoints being made by the checkpointer thread.
   */
  walAutocheckpointPages?: number;
};

const SCHEMA_VERSION = 1;

/** Element table of each collection type; strings live in `keys.value`. */
export const ELEMENT_TABLES = {
  hash: "hash_fields",
  set: "set_members",
  zset: "zset_members",
  list: "list_items",
} as const;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS keys (
    key TEXT PRIMARY KEY, type TEXT NOT NULL, value TEXT, expires_at REAL
  );
  CREATE TABLE IF NOT EXISTS hash_fields (
    key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, field)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS set_members (
    key TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (key, member)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS zset_members (
    key TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (key, member)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS list_items (
    key TEXT NOT NULL, pos INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, pos)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) the database at `path`. The busy timeout is short: the directory
 * lock means no other writer should exist, and a wait blocks the event loop.
 */
export function openDatabase(path: string, options: DatabaseOptions = {}): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: 200 });
  try {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.exec("PRAGMA journal_size_limit = 67108864");
    if (options.walAutocheckpointPages !== undefined) {
      db.exec(
        `PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages))}`,
      );
    }
    if (options.maxBytes !== undefined) {
      const { page_size: pageSize } = db.prepare("PRAGMA page_size").get() as { page_size: number };
      db.exec(`PRAGMA max_page_count = ${Math.max(Math.floor(options.maxBytes / pageSize), 1)}`);
    }
    const { user_version: version } = db.prepare("PRAGMA user_version").get() as {
      user_version: number;
    };
    if (version > SCHEMA_VERSION) {
      throw new Error(`store database ${path} was written by a newer version (${version})`);
    }
    db.exec(`BEGIN; ${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
