// Opens the app's store on the transport the environment selects: Upstash REST, Redis over TCP,
// or the embedded sqlite-backed interpreter; all three answer through @upstash/redis's client.
import { Redis } from "@upstash/redis";
import { createMemoryRequester } from "./memory-requester.ts";
import { redactUrl } from "./redact.ts";
import { resolveStoreConfig, type StoreEnv } from "./store-env.ts";
import { createTcpRequester } from "./tcp-requester.ts";

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
};

/**
 * Opens the store chosen by `env`: Upstash REST when UPSTASH_REDIS_REST_URL and _TOKEN are both
 * set, else Redis at REDIS_URL (checked with a PING), else the embedded store persisted in
 * DATA_DIR (default `.data/store`). Throws a StoreConfigError naming the variable at fault.
 */
export async function openStore(env: StoreEnv, opts: OpenStoreOptions = {}): Promise<Store> {
  const config = resolveStoreConfig(env);
  switch (config.transport) {
    case "upstash":
      return {
        redis: new Redis({
          url: config.url,
          token: config.token,
          enableAutoPipelining: false,
          enableTelemetry: false,
        }),
        transport: "upstash",
        durable: true,
        describe: `upstash (REST ${new URL(config.url).origin})`,
        close: async () => {},
      };
    case "redis": {
      const tcp = createTcpRequester(config.url);
      const redis = new Redis(tcp.requester);
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
      });
      return {
        redis: new Redis(memory.requester),
        transport: "embedded",
        durable: memory.durable,
        describe: `embedded (file ${config.dataDir}, single process)`,
        close: () => memory.close(),
      };
    }
  }
}
