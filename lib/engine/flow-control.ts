// Flow control when a run would start, as Inngest applies it: `singleton` (skip the new run, or
// cancel the running one, per key), `rateLimit` (skip runs beyond the limit in the period) and
// `throttle` (start later, when a slot in the period frees). Windows live in the store.
import type { Logger } from "inngest";
import type { EngineStore } from "./engine-store.ts";
import type { RegisteredFunction } from "./function-registry.ts";
import type { CompiledKey } from "./key-expression.ts";
import type { RunDriver } from "./run-driver.ts";
import type { EngineEvent } from "./types.ts";

type FlowDeps = { store: EngineStore; driver: RunDriver; logger: Logger };

const keyOf = (key: CompiledKey | undefined, event: EngineEvent): string =>
  key ? (key.evaluate({ event }) ?? "") : "";

/**
 * Whether the run `runId` of `reg` for `event` may start: false when it must not, a time when it
 * must wait until then, undefined to start now.
 */
export async function admitRun(
  { store, driver, logger }: FlowDeps,
  reg: RegisteredFunction,
  event: EngineEvent,
  runId: string,
  now: number,
): Promise<false | number | undefined> {
  if (reg.singleton) {
    const { mode, key } = reg.singleton;
    const mine = keyOf(key, event);
    const running = driver.runsOf(reg.fullId).filter((r) => keyOf(key, r.event) === mine);
    if (running.length > 0 && mode === "skip") {
      logger.info(`Function "${reg.id}": singleton run in progress; event ${event.id} skipped`);
      return false;
    }
    await Promise.all(running.map((r) => driver.cancel(r.id)));
  }
  if (reg.rateLimit) {
    const { limit, periodMs, key } = reg.rateLimit;
    const flowKey = keyOf(key, event);
    const starts = await store.starts("rate", reg.fullId, flowKey, now, periodMs);
    if (starts.length >= limit) {
      logger.info(`Function "${reg.id}": rate limit reached; event ${event.id} skipped`);
      return false;
    }
    await store.addStart("rate", reg.fullId, flowKey, runId, now, now, periodMs);
  }
  if (!reg.throttle) return undefined;
  const { limit, periodMs, key } = reg.throttle;
  const flowKey = keyOf(key, event);
  const starts = await store.starts("throttle", reg.fullId, flowKey, now, periodMs);
  const at = starts.length >= limit ? Math.max(now, (starts.at(-limit) ?? now) + periodMs) : now;
  await store.addStart("throttle", reg.fullId, flowKey, runId, at, now, periodMs);
  return at > now ? at : undefined;
}
