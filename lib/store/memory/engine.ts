// The embedded store engine: the interpreter over an in-memory keyspace, made durable by writing
// each request's changes to sqlite in one transaction before the request is answered.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { embeddedWriteFailed } from "../store-unavailable.ts";
import type { Argv } from "../upstash-request.ts";
import { type Aborted, Interpreter, type Outcome } from "./interpreter.ts";
import type { Journal } from "./journal.ts";
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

/** A request that ran in memory and waits for its group's commit. */
type Waiting = { journal: Journal; done: () => void; failed: (error: unknown) => void };

/**
 * Runs requests synchronously, one whole request at a time. With a data directory, a request
 * runs against memory under a journal; its changes are then committed to sqlite, and only then
 * is it answered. When the commit fails, the journal is undone, so memory is exactly as before
 * the request, and a StoreUnavailableError is thrown (an unexpected error while running is undone
 * the same way and rethrown).
 *
 * The grouped forms (`pipelineGrouped`, `transactionGrouped`) commit together the requests that
 * run in one turn of the event loop: one sqlite transaction for all of them, answered once it is
 * written (group commit). A read that runs while writes wait for their commit waits with them,
 * as it may have seen them; when a group's commit fails, every request of the group is undone,
 * newest first, and rejected.
 */
export class Engine {
  readonly #keyspace = new Keyspace();
  readonly #interpreter: Interpreter;
  readonly #durable: Durable | undefined;
  #group: Waiting[] = [];

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

  /** Runs `run` in memory under a journal; on an error its changes are undone and it rethrows. */
  #journaled<T>(run: () => T): { result: T; journal: Journal } {
    const journal = this.#keyspace.beginJournal();
    let result: T;
    try {
      result = run();
    } catch (error) {
      // The journal ends before the undo, so undoing records nothing into it.
      this.#keyspace.endJournal();
      journal.undo();
      throw error;
    }
    this.#keyspace.endJournal();
    return { result, journal };
  }

  #writeThrough<T>(run: () => T): T {
    const durable = this.#durable;
    if (durable === undefined) return run();
    // Requests waiting for a group commit reach sqlite first, in the order they ran.
    this.#commitGroup();
    const { result, journal } = this.#journaled(run);
    if (journal.changes.length === 0) return result;
    try {
      durable.store.commit(journal.changes);
    } catch (error) {
      journal.undo();
      throw embeddedWriteFailed(durable.dir, error);
    }
    return result;
  }

  /** Runs `run` in memory now; resolves once its changes are committed with its group's. */
  #grouped<T>(run: () => T): Promise<T> {
    const durable = this.#durable;
    if (durable === undefined) return Promise.resolve(run());
    let ran: { result: T; journal: Journal };
    try {
      ran = this.#journaled(run);
    } catch (error) {
      return Promise.reject(error);
    }
    const { result, journal } = ran;
    if (journal.changes.length === 0 && this.#group.length === 0) return Promise.resolve(result);
    return new Promise<T>((resolve, reject) => {
      this.#group.push({ journal, done: () => resolve(result), failed: reject });
      if (this.#group.length === 1) setImmediate(() => this.#commitGroup());
    });
  }

  /** Commits the waiting group in one transaction and answers it (or undoes and rejects it). */
  #commitGroup(): void {
    const durable = this.#durable;
    const group = this.#group;
    if (durable === undefined || group.length === 0) return;
    this.#group = [];
    const changes = group.flatMap((waiting) => waiting.journal.changes);
    try {
      if (changes.length > 0) durable.store.commit(changes);
    } catch (error) {
      for (let i = group.length - 1; i >= 0; i--) group[i]?.journal.undo();
      const failure = embeddedWriteFailed(durable.dir, error);
      for (const waiting of group) waiting.failed(failure);
      return;
    }
    for (const waiting of group) waiting.done();
  }

  /** {@link pipeline}, committed with the other requests of this turn of the event loop. */
  pipelineGrouped(commands: Argv[]): Promise<Outcome[]> {
    return this.#grouped(() => this.#interpreter.pipeline(commands));
  }

  /** {@link transaction}, committed with the other requests of this turn of the event loop. */
  transactionGrouped(commands: Argv[]): Promise<Outcome[] | Aborted> {
    return this.#grouped(() => this.#interpreter.transaction(commands));
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
    this.#commitGroup();
    try {
      durable.store.close();
    } finally {
      durable.release();
    }
  }
}
