// The process's runtime, for Inngest functions: function objects are module-level (one set for all
// three engines), so they reach the store, config and providers through this seam.
import type { Runtime } from "./runtime.ts";

let current: Runtime | undefined;

/** Makes `runtime` the one functions use; returns the previous one (tests restore it). */
export function setCurrentRuntime(runtime: Runtime | undefined): Runtime | undefined {
  const previous = current;
  current = runtime;
  return previous;
}

/** The runtime functions run against; throws if the app has not been started. */
export function currentRuntime(): Runtime {
  if (!current) throw new Error("The runtime is not started: call createRuntime() first");
  return current;
}
