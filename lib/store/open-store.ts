// Opens the app's store on the transport the environment selects: Upstash REST, Redis over TCP,
// or the embedded sqlite-backed interpreter; all three answer through @upstash/redis's client.
// The network transports fail a request that takes longer than STORE_TIMEOUT_MS (default 2 s)
// with a StoreUnavailableError, and reconnect by themselves.
import type { Redis } from "@upstash/redis";
import { createMemoryRequester } from "./memory-requester.ts";
import type { ReachabilityListener } from "./reachability.ts";
import { redactUrl } from "./redact.ts";
import { storeClient } from "./store-client.ts";
import { resolveStoreConfig, type StoreConfig, type StoreEnv } from "./store-env.ts";
import { createTcpRequester } from "./tcp-requester.ts";
import { createUpstashRequester } from "./upstash-requester.ts";

/** The store the app talks to, whatever carries it. */
export type Store = {
  /** The @upstash/redis client; the same API on every transport. */
  redis: Redis;
  transport: "upstash" | "redis" | "embedded";
  /** True when the data outlives this process. */
  durable: boolean;
  /** Human description without secrets, e.g. "embedded (file .data/store, single process)". */
  describe: string;
  /** Closes connections; the embedded store closes its database. */
  close(): Promise<void>;
};

/** Options of {@link openStore}. */
export type OpenStoreOptions = {
  /** Clock in epoch milliseconds for the embedded store's TTLs (default Date.now). */
  now?: () => number;
  /** Told when a network store becomes unreachable and when it answers again. */
  onReachability?: ReachabilityListener;
  /** Told why the embedded store's checkpointer thread stopped, should it. */
  onCheckpointerStopped?: (why: string) => void;
};

/**
 * Opens the store chosen by `env`: Upstash REST when UPSTASH_REDIS_REST_URL and _TOKEN are both
 * set, else Redis at REDIS_URL (checked with a PING), else the embedded store persisted in
 * DATA_DIR (default `.data/store`). Throws a StoreConfigError naming the variable at fault.
 */
export async function openStore(env: StoreEnv, opts: OpenStoreOptions = {}): Promise<Store> {
  const config = resolveStoreConfig(env);
  // A store that cannot be reached while opening is the caller's error to report, not an outage.
  let opened = false;
  const listener = opts.onReachability;
  const onReachability: ReachabilityListener = (change) => {
    if (opened) listener?.(change);
  };
  const store = await openTransport(config, { ...opts, onReachability });
  opened = true;
  return store;
}

async function openTransport(config: StoreConfig, opts: OpenStoreOptions): Promise<Store> {
  switch (config.transport) {
    case "upstash":
      return {
        redis: storeClient(
          createUpstashRequester(config.url, config.token, {
            timeoutMs: config.timeoutMs,
            ...(opts.onReachability && { onReachability: opts.onReachability }),
          }),
        ),
        transport: "upstash",
        durable: true,
        describe: `upstash (REST ${new URL(config.url).origin})`,
        close: async () => {},
      };
    case "redis": {
      const tcp = createTcpRequester(config.url, {
        timeoutMs: config.timeoutMs,
        ...(opts.onReachability && { onReachability: opts.onReachability }),
      });
      const redis = storeClient(tcp.requester);
      try {
        await redis.ping();
      } catch (error) {
        await tcp.close();
        throw error;
      }
      return {
        redis,
        transport: "redis",
        durable: true,
        describe: `redis (${redactUrl(config.url)})`,
        close: () => tcp.close(),
      };
    }
    case "embedded": {
      const memory = createMemoryRequester({
        dataDir: config.dataDir,
        ...(opts.now !== undefined && { now: opts.now }),
        ...(opts.onCheckpointerStopped && { onCheckpointerStopped: opts.onCheckpointerStopped }),
      });
      return {
        redis: storeClient(memory.requester),
        transport: "embedded",
        durable: memory.durable,
        describe: `embedded (file ${config.dataDir}, single process)`,
        close: () => memory.close(),
      };
    }
  }
}
