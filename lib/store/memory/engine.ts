// The embedded store engine: the interpreter over an in-memory keyspace, made durable by writing
// each request's changes to sqlite in one transaction before the request is answered.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { embeddedWriteFailed } from "../store-unavailable.ts";
import type { Argv } from "../upstash-request.ts";
import { type Aborted, Interpreter, type Outcome } from "./interpreter.ts";
import { Keyspace } from "./keyspace.ts";
import { importOldFormat } from "./legacy-import.ts";
import { acquireLock } from "./lock.ts";
import type { SyncMode } from "./sqlite-schema.ts";
import { SqliteStore } from "./sqlite-store.ts";

/** Where and how the engine keeps its data. */
export type EngineOptions = {
  /** Directory to persist to; without it the data lives in memory only. */
  dataDir?: string;
  now: () => number;
  synchronous?: SyncMode;
  /** Largest size of the database file; writes needing more fail with StoreUnavailableError. */
  maxBytes?: number;
};

type Durable = { store: SqliteStore; release: () => void; dir: string };

function openDurable(options: EngineOptions & { dataDir: string }, keyspace: Keyspace): Durable {
  const dir = options.dataDir;
  mkdirSync(dir, { recursive: true });
  const release = acquireLock(dir);
  let store: SqliteStore | undefined;
  try {
    store = new SqliteStore(join(dir, "store.db"), {
      ...(options.synchronous !== undefined && { synchronous: options.synchronous }),
      ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    });
    importOldFormat(dir, store, options.now);
    for (const record of store.load(options.now())) keyspace.restore(record);
    return { store, release, dir };
  } catch (error) {
    try {
      store?.close();
    } finally {
      release();
    }
    throw error;
  }
}

/**
 * Runs requests synchronously, one whole request at a time. With a data directory, a request
 * runs against memory under a journal; its changes are then committed to sqlite in one
 * transaction, and only then is it answered. When the commit fails, the journal is undone, so
 * memory is exactly as before the request, and a StoreUnavailableError is thrown (an unexpected
 * error while running is undone the same way and rethrown).
 */
export class Engine {
  readonly #keyspace = new Keyspace();
  readonly #interpreter: Interpreter;
  readonly #durable: Durable | undefined;

  constructor(options: EngineOptions) {
    this.#interpreter = new Interpreter(this.#keyspace, { now: options.now });
    if (options.dataDir !== undefined) {
      this.#durable = openDurable({ ...options, dataDir: options.dataDir }, this.#keyspace);
    }
  }

  /** True when the data outlives the process. */
  get durable(): boolean {
    return this.#durable !== undefined;
  }

  /** Rows written to sqlite since opening (0 in memory only). */
  get rowsWritten(): number {
    return this.#durable?.store.rowsWritten ?? 0;
  }

  #writeThrough<T>(run: () => T): T {
    const durable = this.#durable;
    if (durable === undefined) return run();
    const journal = this.#keyspace.beginJournal();
    let result: T;
    try {
      result = run();
    } catch (error) {
      this.#keyspace.endJournal();
      journal.undo();
      throw error;
    }
    this.#keyspace.endJournal();
    if (journal.changes.length === 0) return result;
    try {
      durable.store.commit(journal.changes);
    } catch (error) {
      journal.undo();
      throw embeddedWriteFailed(durable.dir, error);
    }
    return result;
  }

  /** Runs commands in order, each on its own (a pipeline); saved as one transaction. */
  pipeline(commands: Argv[]): Outcome[] {
    return this.#writeThrough(() => this.#interpreter.pipeline(commands));
  }

  /** Runs commands as MULTI/EXEC; saved as one transaction. */
  transaction(commands: Argv[]): Outcome[] | Aborted {
    return this.#writeThrough(() => this.#interpreter.transaction(commands));
  }

  /** Closes the database (folding its WAL in) and releases the directory. */
  close(): void {
    const durable = this.#durable;
    if (durable === undefined) return;
    try {
      durable.store.close();
    } finally {
      durable.release();
    }
  }
}
