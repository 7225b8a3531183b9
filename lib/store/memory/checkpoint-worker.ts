// The embedded store's checkpointer thread: folds the WAL back into store.db on a connection of
// its own, so the writer thread's commits never wait on a checkpoint. sqlite's automatic
// checkpoint ran inside the commit that crossed 1,000 WAL pages: under 1,000 approvals/s (about
// 50 KB of WAL each) that was a 12–18 ms stall several times a second, and every request waiting
// for its commit waited that long. Here, every `intervalMs`, a PASSIVE checkpoint copies what the
// WAL holds while the writer goes on committing; once the WAL is longer than `restartPages`, a
// RESTART checkpoint copies the few pages committed meanwhile (holding the writer back for that
// long only) so the next commit starts the WAL over. The writer keeps a far higher automatic
// checkpoint of its own, so the WAL stays bounded should this thread ever stop.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";
import type { SyncMode } from "./sqlite-schema.ts";

/** What the main thread sends. */
export type CheckpointRequest = { kind: "close" };
/** What this thread tells it: closed, or stopped by an error (the writer's own checkpoints go on). */
export type CheckpointReply = { kind: "closed" } | { kind: "stopped"; message: string };

export type CheckpointOptions = {
  synchronous?: SyncMode;
  intervalMs: number;
  restartPages: number;
};

const { path, options } = workerData as { path: string; options: CheckpointOptions };
const port = parentPort;

/** Frames in the WAL and frames copied, as `PRAGMA wal_checkpoint` answers. */
type CheckpointRow = { busy: number; log: number; checkpointed: number };

let db: DatabaseSync | undefined;
let timer: NodeJS.Timeout | undefined;

function checkpoint(mode: "PASSIVE" | "RESTART"): CheckpointRow | undefined {
  return db?.prepare(`PRAGMA wal_checkpoint(${mode})`).get() as CheckpointRow | undefined;
}

/** Frames a RESTART may have left to copy: it holds the writer back while it copies them. */
const RESTART_TAIL_FRAMES = 256;

function tick(): void {
  let row = checkpoint("PASSIVE");
  if (!row || row.log <= options.restartPages) return;
  // Catch up with what was committed during the copy before holding the writer back.
  for (let i = 0; i < 3 && row && row.log - row.checkpointed > RESTART_TAIL_FRAMES; i++) {
    row = checkpoint("PASSIVE");
  }
  checkpoint("RESTART");
}

/** Stops the timer and closes the connection (once). */
function release(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
  const open = db;
  db = undefined;
  open?.close();
}

function stop(message: string): void {
  try {
    release();
  } catch {
    // Closing after a failure: nothing more to do.
  }
  port?.postMessage({ kind: "stopped", message } satisfies CheckpointReply);
}

/**
 * Lowers this thread's scheduling priority where the OS lets a thread have its own (Linux: a
 * thread's id is a pid to setpriority): checkpoints can wait, the event loop and the writer's
 * commits, which requests wait on, cannot. Elsewhere it runs at the process's priority.
 */
function yieldToOtherThreads(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, BACKGROUND_NICE);
  } catch {
    // Not Linux, or not allowed: the default priority only costs the event loop some CPU.
  }
}

/** The nice value the checkpointer runs at (0 is normal, 19 the lowest). */
const BACKGROUND_NICE = 10;

try {
  yieldToOtherThreads();
  // A checkpoint syncs the database as the writer's commits are synced; a RESTART waits a little
  // for the writer's commit in flight, never long (it holds the writer back meanwhile).
  db = new DatabaseSync(path, { timeout: 50 });
  db.exec(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
  timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      stop(error instanceof Error ? error.message : String(error));
    }
  }, options.intervalMs);
} catch (error) {
  stop(error instanceof Error ? error.message : String(error));
}

port?.on("message", (request: CheckpointRequest) => {
  if (request.kind !== "close") return;
  release();
  port.postMessage({ kind: "closed" } satisfies CheckpointReply);
});
