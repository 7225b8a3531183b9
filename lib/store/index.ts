// Public surface of the store module: open the store, build keys, and the transports themselves.

export { STORE_KEY_PREFIX, storeKey } from "./keys.ts";
export { SUPPORTED_COMMANDS as EMBEDDED_COMMANDS } from "./memory/command-table.ts";
export { StoreInUseError } from "./memory/lock.ts";
export type { SyncMode } from "./memory/sqlite-schema.ts";
export {
  createMemoryRequester,
  type MemoryRequester,
  type MemoryRequesterOptions,
} from "./memory-requester.ts";
export { type OpenStoreOptions, openStore, type Store } from "./open-store.ts";
export {
  DEFAULT_DATA_DIR,
  resolveStoreConfig,
  type StoreConfig,
  StoreConfigError,
  type StoreEnv,
} from "./store-env.ts";
export { STORE_RETRY_AFTER, StoreUnavailableError } from "./store-unavailable.ts";
export {
  createTcpRequester,
  type TcpRequester,
  type TcpRequesterOptions,
} from "./tcp-requester.ts";
