// The embedded store's writer thread: owns the sqlite connection that commits the journaled
// changes, so the main thread's event loop never waits on a disk write (commit-thread.ts). Each
// message is one group commit, answered in order with the rows written or the error's text.
import { parentPort, workerData } from "node:worker_threads";
import type { Change } from "./journal.ts";
import type { DatabaseOptions } from "./sqlite-schema.ts";
import { SqliteStore } from "./sqlite-store.ts";

/** What the main thread sends. */
export type CommitRequest = { kind: "commit"; id: number; changes: Change[] } | { kind: "close" };
/** What this thread answers. */
export type CommitReply =
  | { kind: "committed"; id: number; rows: number }
  | { kind: "failed"; id: number; message: string }
  | { kind: "closed"; message?: string };

const { path, options } = workerData as { path: string; options: DatabaseOptions };
const port = parentPort;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

let store: SqliteStore | undefined;
let openFailure: string | undefined;
try {
  store = new SqliteStore(path, options);
} catch (error) {
  openFailure = messageOf(error);
}

port?.on("message", (request: CommitRequest) => {
  const reply = (message: CommitReply) => port.postMessage(message);
  if (request.kind === "close") {
    try {
      store?.close();
      reply({ kind: "closed" });
    } catch (error) {
      reply({ kind: "closed", message: messageOf(error) });
    }
    return;
  }
  if (!store) {
    reply({ kind: "failed", id: request.id, message: openFailure ?? "the database is not open" });
    return;
  }
  const before = store.rowsWritten;
  try {
    store.commit(request.changes);
    reply({ kind: "committed", id: request.id, rows: store.rowsWritten - before });
  } catch (error) {
    reply({ kind: "failed", id: request.id, message: messageOf(error) });
  }
});
