// The embedded store engine: the interpreter over an in-memory keyspace, made durable by writing
// each request's changes to sqlite, on a writer thread, before the request is answered.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { embeddedWriteFailed } from "../store-unavailable.ts";
import type { Argv } from "../upstash-request.ts";
import { coalesce } from "./coalesce.ts";
import { CommitThread } from "./commit-thread.ts";
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
  /** Told why the checkpointer thread stopped, should it (commits then checkpoint themselves). */
  onCheckpointerStopped?: (why: string) => void;
};

type Durable = { store: CommitThread; release: () => void; dir: string };

/**
 * Loads the directory's data into the keyspace on this thread, then hands the database to a
 * writer thread for the commits.
 */
function openDurable(options: EngineOptions & { dataDir: string }, keyspace: Keyspace): Durable {
  const dir = options.dataDir;
  mkdirSync(dir, { recursive: true });
  const release = acquireLock(dir);
  const path = join(dir, "store.db");
  const databaseOptions = {
    ...(options.synchronous !== undefined && { synchronous: options.synchronous }),
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
  };
  try {
    const loader = new SqliteStore(path, databaseOptions);
    try {
      importOldFormat(dir, loader, options.now);
      for (const record of loader.load(options.now())) keyspace.restore(record);
    } finally {
      loader.close();
    }
    const store = new CommitThread(path, databaseOptions, undefined, options.onCheckpointerStopped);
    return { store, release, dir };
  } catch (error) {
    release();
    throw error;
  }
}

/** A request that ran in memory and waits for its group's commit. */
type Waiting = { journal: Journal; done: () => void; failed: (error: unknown) => void };

/**
 * Runs requests synchronously, one whole request at a time. With a data directory, a request
 * runs against memory under a journal, and is answered once its changes are committed to sqlite
 * by the writer thread. Requests that run while a commit is in flight form the next group, sent
 * when it is answered (group commit: the busier the store, the more requests per sqlite
 * transaction). A request that only reads is answered at once unless it read a key that a request
 * not yet committed changed; then it waits with that request, as it saw its change. When a
 * commit fails, its group and every request that ran after it are undone in memory, newest
 * first, and rejected with a StoreUnavailableError, so memory is exactly as sqlite has it; an
 * unexpected error while running is undone the same way and rethrown.
 */
export class Engine {
  readonly #keyspace = new Keyspace();
  readonly #interpreter: Interpreter;
  readonly #durable: Durable | undefined;
  /** Requests waiting for the next commit. */
  #group: Waiting[] = [];
  /** The commit in flight: settles (never rejects) once it is answered. */
  #inFlight: Promise<void> | undefined;
  #scheduled = false;
  /** Keys changed by requests not yet committed, with how many changes each; and FLUSHes. */
  readonly #uncommitted = new Map<string, number>();
  #uncommittedFlushes = 0;

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
    if (journal.changes.length === 0 && !this.#sawUncommitted(journal)) {
      return Promise.resolve(result);
    }
    this.#track(journal, 1);
    return new Promise<T>((resolve, reject) => {
      this.#group.push({ journal, done: () => resolve(result), failed: reject });
      this.#scheduleCommit();
    });
  }

  /** Counts (or, with -1, uncounts) a request's changes as not yet committed. */
  #track(journal: Journal, delta: 1 | -1): void {
    for (const change of journal.changes) {
      if (change.op === "flush") this.#uncommittedFlushes += delta;
      else if (change.op !== "meta") {
        const count = (this.#uncommitted.get(change.key) ?? 0) + delta;
        if (count === 0) this.#uncommitted.delete(change.key);
        else this.#uncommitted.set(change.key, count);
      }
    }
  }

  /** True when a request read something a request not yet committed changed. */
  #sawUncommitted(journal: Journal): boolean {
    if (this.#uncommittedFlushes > 0) return true;
    if (this.#uncommitted.size === 0) return false;
    if (journal.readAll) return true;
    for (const key of journal.reads) if (this.#uncommitted.has(key)) return true;
    return false;
  }

  /** Sends the waiting group at the end of this turn of the event loop, unless one is in flight. */
  #scheduleCommit(): void {
    if (this.#scheduled || this.#inFlight !== undefined) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#commitGroup();
    });
  }

  /** Sends the waiting group to the writer thread and answers it when it is committed. */
  #commitGroup(): void {
    const durable = this.#durable;
    const group = this.#group;
    if (durable === undefined || group.length === 0 || this.#inFlight !== undefined) return;
    this.#group = [];
    // A row several requests of the group wrote is written once, as the last of them left it.
    const changes = coalesce(group.flatMap((waiting) => waiting.journal.changes));
    const committed = changes.length > 0 ? durable.store.commit(changes) : Promise.resolve(0);
    this.#inFlight = committed.then(
      () => {
        this.#inFlight = undefined;
        for (const waiting of group) this.#track(waiting.journal, -1);
        for (const waiting of group) waiting.done();
        if (this.#group.length > 0) this.#scheduleCommit();
      },
      (error: unknown) => {
        this.#inFlight = undefined;
        // Everything that ran after this group ran on top of it: undo it too, newest first.
        const all = [...group, ...this.#group];
        this.#group = [];
        for (const waiting of all) this.#track(waiting.journal, -1);
        for (let i = all.length - 1; i >= 0; i--) all[i]?.journal.undo();
        const failure = embeddedWriteFailed(durable.dir, error);
        for (const waiting of all) waiting.failed(failure);
      },
    );
  }

  /** Runs commands in order, each on its own (a pipeline); saved as one transaction. */
  pipeline(commands: Argv[]): Promise<Outcome[]> {
    return this.#grouped(() => this.#interpreter.pipeline(commands));
  }

  /** Runs commands as MULTI/EXEC; saved as one transaction. */
  transaction(commands: Argv[]): Promise<Outcome[] | Aborted> {
    return this.#grouped(() => this.#interpreter.transaction(commands));
  }

  /** Resolves once every request run so far is committed (or rejected). */
  async #settled(): Promise<void> {
    while (this.#inFlight !== undefined || this.#group.length > 0) {
      if (this.#inFlight === undefined) this.#commitGroup();
      await this.#inFlight;
    }
  }

  /** Commits what is waiting, closes the database (folding its WAL in), releases the directory. */
  async close(): Promise<void> {
    const durable = this.#durable;
    if (durable === undefined) return;
    await this.#settled();
    try {
      await durable.store.close();
    } finally {
      durable.release();
    }
  }
}
