// The embedded transport: an @upstash/redis Requester backed by the in-process Redis interpreter,
// optionally persisted to a data directory (append-only log plus compacted snapshots).
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { Interpreter } from "./memory/interpreter.ts";
import { Keyspace } from "./memory/keyspace.ts";
import { type FsyncPolicy, Persistence } from "./memory/persistence.ts";
import { decodeRequest, requestRejected } from "./upstash-request.ts";

/** Options of {@link createMemoryRequester}. */
export type MemoryRequesterOptions = {
  /** Directory to persist to; without it the data lives in memory only. */
  dataDir?: string;
  /** Clock in epoch milliseconds, for TTLs (default Date.now). */
  now?: () => number;
  /** Log entries between compacting snapshots (default 1000). */
  compactEvery?: number;
  /** Milliseconds between background snapshots while the log has entries (default 60000). */
  snapshotIntervalMs?: number;
  /** "everysec" (default) fsyncs the log once a second, "always" after every write. */
  fsync?: FsyncPolicy;
};

/** The embedded Requester; `close()` writes a final snapshot and releases the directory. */
export type MemoryRequester = {
  requester: Requester;
  durable: boolean;
  close(): Promise<void>;
};

/**
 * Creates the embedded transport. With `dataDir` the state is loaded from and persisted to that
 * directory, which one process at a time may open. Every request runs synchronously as a whole,
 * so a MULTI/EXEC block never interleaves with other commands.
 */
export function createMemoryRequester(options: MemoryRequesterOptions = {}): MemoryRequester {
  const now = options.now ?? Date.now;
  const keyspace = new Keyspace();
  let persistence: Persistence | undefined;
  const interpreter = new Interpreter(keyspace, {
    now,
    onWrite: (records) => persistence?.append(records),
  });
  if (options.dataDir !== undefined) {
    persistence = new Persistence(
      {
        dir: options.dataDir,
        ...(options.compactEvery !== undefined && { compactEvery: options.compactEvery }),
        ...(options.snapshotIntervalMs !== undefined && {
          snapshotIntervalMs: options.snapshotIntervalMs,
        }),
        ...(options.fsync !== undefined && { fsync: options.fsync }),
      },
      {
        restore: (record) => keyspace.restore(record),
        replay: (record) => interpreter.replay(record),
        records: () => {
          keyspace.time = now();
          return keyspace.records();
        },
      },
    );
  }

  let closed = false;
  const requester: Requester = {
    request: async <TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> => {
      if (closed) throw new Error("the embedded store is closed");
      const decoded = decodeRequest(req);
      if (decoded.kind === "single") {
        return interpreter.run(decoded.argv) as UpstashResponse<TResult>;
      }
      if (decoded.kind === "pipeline") {
        return interpreter.pipeline(decoded.commands) as UpstashResponse<TResult>;
      }
      const outcome = interpreter.transaction(decoded.commands);
      if ("aborted" in outcome) throw requestRejected(outcome.aborted, req.body);
      return outcome as UpstashResponse<TResult>;
    },
  };

  return {
    requester,
    durable: persistence !== undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      persistence?.close();
    },
  };
}
