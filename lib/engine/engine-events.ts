// The events the engine makes and names: Inngest's reserved `inngest/` events, an app event as
// stored (JSON data, an id, a timestamp), the deterministic id of the run an event starts, and
// the lifecycle events of a finished run.
import { hash, randomUUID } from "node:crypto";
import type { RegisteredFunction } from "./function-registry.ts";
import { roundTrip } from "./json.ts";
import type { RunRecord } from "./run-record.ts";
import type { EngineEvent, EventInput } from "./types.ts";

export const RESERVED_PREFIX = "inngest/";
export const FUNCTION_FAILED = "inngest/function.failed";
export const FUNCTION_FINISHED = "inngest/function.finished";
export const FUNCTION_CANCELLED = "inngest/function.cancelled";
export const FUNCTION_INVOKED = "inngest/function.invoked";
export const SCHEDULED_TIMER = "inngest/scheduled.timer";
const LIFECYCLE = new Set([FUNCTION_FAILED, FUNCTION_FINISHED, FUNCTION_CANCELLED]);

/** An event as stored: JSON data, its id (a new one when it has none) and its time. */
export const toEvent = (input: EventInput, now: number): EngineEvent => {
  const event: EngineEvent = {
    name: input.name,
    data: (roundTrip(input.data ?? {}) ?? {}) as Record<string, unknown>,
    id: input.id ?? randomUUID(),
    ts: input.ts ?? now,
  };
  if (input.v !== undefined) event.v = input.v;
  return event;
};

/** The run of a batch of events (`batchEvents`), named after the batch, not any one event. */
export const batchRunIdFor = (fullId: string, batchId: string): string =>
  hash("sha256", `${fullId}\u0000batch\u0000${batchId}`, "hex").slice(0, 32);

/** The id of the run `event` starts for a function: the same however often it is handled. */
export const runIdFor = (fullId: string, event: EngineEvent): string =>
  hash("sha256", `${fullId}\u0000${event.id}\u0000${event.ts}`, "hex").slice(0, 32);

/**
 * Inngest's lifecycle events for a finished run: `function.finished` (with its result or error),
 * `function.failed` for a main handler that failed, `function.cancelled`. Runs started by
 * lifecycle events raise none themselves, so they can never feed each other.
 */
export const lifecycleEvents = (
  run: RunRecord,
  reg: RegisteredFunction,
  now: number,
): EngineEvent[] => {
  if (LIFECYCLE.has(run.event.name)) return [];
  const base = { function_id: reg.fullId, run_id: run.id, event: run.event };
  const events: EventInput[] = [];
  if (run.status === "cancelled") events.push({ name: FUNCTION_CANCELLED, data: base });
  else {
    const outcome = run.status === "failed" ? { error: run.error } : { result: run.output };
    events.push({ name: FUNCTION_FINISHED, data: { ...base, ...outcome } });
    if (run.status === "failed" && reg.handlerKind === "main") {
      events.push({ name: FUNCTION_FAILED, data: { ...base, error: run.error } });
    }
  }
  return events.map((input) => toEvent(input, now));
};
