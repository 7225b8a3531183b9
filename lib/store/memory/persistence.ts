// Durability of the embedded store: load (snapshot + newer log entries), append writes, compact.
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { encodeLogEntries, type LogEntry, readLog } from "./append-log.ts";
import type { WriteRecord } from "./interpreter.ts";
import type { KeyRecord } from "./keyspace.ts";
import { acquireLock } from "./lock.ts";
import { decodeSnapshot, encodeSnapshot } from "./snapshot.ts";

/** When the log is forced to disk: after every write, or once a second (the default). */
export type FsyncPolicy = "always" | "everysec";

/** Where and how often the embedded store persists. */
export type PersistenceOptions = {
  dir: string;
  /** Log entries after which a snapshot is written and the log emptied (default 1000). */
  compactEvery?: number;
  /** Milliseconds between background snapshots while there are new log entries (default 60000). */
  snapshotIntervalMs?: number;
  fsync?: FsyncPolicy;
};

/** What persistence needs from the store: restore keys, replay entries, and list the keys. */
export type PersistenceTarget = {
  restore: (record: KeyRecord) => void;
  replay: (record: WriteRecord) => void;
  records: () => Iterable<KeyRecord>;
};

function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The files of one embedded store: `snapshot.json` (all keys as of log sequence `seq`, written
 * to a temp file, fsynced and renamed into place) and `log.jsonl` (one numbered line per write).
 * Loading takes the snapshot and replays only log entries with a higher sequence number.
 */
export class Persistence {
  readonly #dir: string;
  readonly #logPath: string;
  readonly #snapshotPath: string;
  readonly #target: PersistenceTarget;
  readonly #compactEvery: number;
  readonly #fsync: FsyncPolicy;
  readonly #release: () => void;
  readonly #timers: NodeJS.Timeout[] = [];
  #logFd: number;
  #seq = 0;
  #sinceSnapshot = 0;
  #unsynced = false;
  #closed = false;

  constructor(options: PersistenceOptions, target: PersistenceTarget) {
    this.#dir = options.dir;
    this.#logPath = join(options.dir, "log.jsonl");
    this.#snapshotPath = join(options.dir, "snapshot.json");
    this.#target = target;
    this.#compactEvery = options.compactEvery ?? 1000;
    this.#fsync = options.fsync ?? "everysec";
    mkdirSync(options.dir, { recursive: true });
    this.#release = acquireLock(options.dir);
    try {
      this.#load();
      this.#logFd = openSync(this.#logPath, "a");
    } catch (error) {
      this.#release();
      throw error;
    }
    if (this.#sinceSnapshot >= this.#compactEvery) this.compact();
    if (this.#fsync === "everysec") this.#every(1000, () => this.#sync());
    this.#every(options.snapshotIntervalMs ?? 60_000, () => {
      if (this.#sinceSnapshot > 0) this.compact();
    });
  }

  #every(ms: number, task: () => void): void {
    const timer = setInterval(task, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #load(): void {
    rmSync(`${this.#snapshotPath}.tmp`, { force: true });
    if (existsSync(this.#snapshotPath)) {
      const snapshot = decodeSnapshot(readFileSync(this.#snapshotPath, "utf8"));
      for (const record of snapshot.records) this.#target.restore(record);
      this.#seq = snapshot.seq;
    }
    const log = readLog(this.#logPath);
    for (const entry of log.entries) {
      if (entry.seq <= this.#seq) continue;
      this.#target.replay({ time: entry.time, commands: entry.commands });
      this.#seq = entry.seq;
      this.#sinceSnapshot++;
    }
    if (log.tornBytes > 0) truncateSync(this.#logPath, log.completeBytes);
  }

  #sync(): void {
    if (!this.#unsynced) return;
    fsyncSync(this.#logFd);
    this.#unsynced = false;
  }

  /** Appends writes to the log in one write call; a snapshot follows every `compactEvery` entries. */
  append(records: readonly WriteRecord[]): void {
    if (this.#closed) throw new Error(`embedded store ${this.#dir} is closed`);
    const entries: LogEntry[] = records.map((record) => ({
      seq: ++this.#seq,
      time: record.time,
      commands: record.commands,
    }));
    writeAll(this.#logFd, encodeLogEntries(entries));
    this.#unsynced = true;
    if (this.#fsync === "always") this.#sync();
    this.#sinceSnapshot += entries.length;
    if (this.#sinceSnapshot >= this.#compactEvery) this.compact();
  }

  /** Writes a snapshot of every key (temp file, fsync, atomic rename), then empties the log. */
  compact(): void {
    const temp = `${this.#snapshotPath}.tmp`;
    const fd = openSync(temp, "w");
    try {
      writeAll(fd, Buffer.from(encodeSnapshot(this.#target.records(), this.#seq, Date.now())));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.#snapshotPath);
    fsyncDirectory(this.#dir);
    ftruncateSync(this.#logFd, 0);
    fsyncSync(this.#logFd);
    this.#unsynced = false;
    this.#sinceSnapshot = 0;
  }

  /** Stops the timers, snapshots any new entries, flushes and releases the directory. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    try {
      if (this.#sinceSnapshot > 0) this.compact();
      else this.#sync();
    } finally {
      closeSync(this.#logFd);
      this.#release();
    }
  }
}
