// Flow control of the pipeline's functions (Inngest's `concurrency`, honoured by the embedded
// engine too): how many batches of one run a stage works on at once, and how many calls to each
// provider are in flight across every run and stage, so a 50,000-lead run queues its 100 batches
// instead of starting them all against the store and the providers at once.

/** Steps of one run's batches a stage has in progress at once. */
export const BATCHES_PER_RUN_AT_ONCE = 4;

/** At most this many of one run's batches in progress in the stage. */
export const perRun = { key: "event.data.runId", limit: BATCHES_PER_RUN_AT_ONCE } as const;

/** Steps calling a provider in progress at once, shared by every function that calls it. */
export const PROVIDER_CALLS_AT_ONCE = { apollo: 4, zerobounce: 2 } as const;

/** A limit shared by every function calling `provider` (Inngest's env-scoped concurrency key). */
export function perProvider(provider: keyof typeof PROVIDER_CALLS_AT_ONCE) {
  return {
    scope: "env",
    key: `"provider-${provider}"`,
    limit: PROVIDER_CALLS_AT_ONCE[provider],
  } as const;
}
