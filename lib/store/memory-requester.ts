// The embedded transport: an @upstash/redis Requester backed by the in-process Redis interpreter,
// optionally persisted to a data directory in a sqlite database (see memory/engine.ts).
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { Engine } from "./memory/engine.ts";
import type { SyncMode } from "./memory/sqlite-schema.ts";
import { decodeRequest, requestRejected } from "./upstash-request.ts";

/** Options of {@link createMemoryRequester}. */
export type MemoryRequesterOptions = {
  /** Directory to persist to; without it the data lives in memory only. */
  dataDir?: string;
  /** Clock in epoch milliseconds, for TTLs (default Date.now). */
  now?: () => number;
  /**
   * "normal" (default): a write is in sqlite's WAL before it is answered and survives the process
   * being killed; "full" also fsyncs each write, surviving a power cut too, at an fsync per write.
   */
  synchronous?: SyncMode;
  /** Largest size of the database; writes needing more fail as on a full disk (default: none). */
  maxBytes?: number;
  /** Told why the store's checkpointer thread stopped, should it (commits checkpoint instead). */
  onCheckpointerStopped?: (why: string) => void;
};

/** The embedded Requester; `close()` closes the database and releases the directory. */
export type MemoryRequester = {
  requester: Requester;
  durable: boolean;
  close(): Promise<void>;
};

/**
 * Creates the embedded transport. With `dataDir` the state is loaded from and persisted to that
 * directory, which one process at a time may open. Every request runs synchronously as a whole,
 * so a MULTI/EXEC block never interleaves with other commands, and its writes are saved in sqlite
 * (by a writer thread, in one transaction with the writes of the requests around it: group
 * commit) before it is answered: a write that cannot be saved changes nothing and rejects with a
 * StoreUnavailableError.
 */
export function createMemoryRequester(options: MemoryRequesterOptions = {}): MemoryRequester {
  const engine = new Engine({
    now: options.now ?? Date.now,
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.synchronous !== undefined && { synchronous: options.synchronous }),
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    ...(options.onCheckpointerStopped && { onCheckpointerStopped: options.onCheckpointerStopped }),
  });

  let closed = false;
  const requester: Requester = {
    request: async <TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> => {
      if (closed) throw new Error("the embedded store is closed");
      const decoded = decodeRequest(req);
      if (decoded.kind === "single") {
        return (await engine.pipeline([decoded.argv]))[0] as UpstashResponse<TResult>;
      }
      if (decoded.kind === "pipeline") {
        return (await engine.pipeline(decoded.commands)) as UpstashResponse<TResult>;
      }
      const outcome = await engine.transaction(decoded.commands);
      if ("aborted" in outcome) throw requestRejected(outcome.aborted, req.body);
      return outcome as UpstashResponse<TResult>;
    },
  };

  return {
    requester,
    durable: engine.durable,
    close: async () => {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
}
