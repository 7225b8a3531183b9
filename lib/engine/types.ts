// Public data shapes of the embedded engine: events in and out, and the views of runs and steps.
import type { SerializedError } from "./errors.ts";

/** An event as given to `send`; `data` defaults to `{}`, `id` and `ts` are assigned when absent. */
export type EventInput = {
  name: string;
  data?: unknown;
  id?: string;
  ts?: number;
  v?: string;
};

/** An event as stored and handed to functions: JSON data, an id and a timestamp (epoch ms). */
export type EngineEvent = {
  name: string;
  data: Record<string, unknown>;
  id: string;
  ts: number;
  v?: string;
};

/**
 * `running` covers executing and waiting out a retry backoff; `sleeping` / `waiting` are runs
 * blocked on `step.sleep*` / `step.waitForEvent`; the last three are final.
 */
export type RunStatus = "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

/** Which step tool produced a step. */
export type StepOp = "run" | "sendEvent" | "sleep" | "waitForEvent" | "invoke";

/** A finished step of a run: its (suffixed) id and its JSON result, or its final error. */
export type StepView = {
  id: string;
  op: StepOp;
  result?: unknown;
  error?: SerializedError;
};

/** A snapshot of one run. */
export type RunView = {
  id: string;
  functionId: string;
  event: EngineEvent;
  status: RunStatus;
  /** JSON of the handler's return value once `completed`. */
  output?: unknown;
  /** The error that ended the run once `failed`. */
  error?: SerializedError;
  /** Zero-based attempt of the current step, as the handler's `attempt` (resets on progress). */
  attempt: number;
  /** How many times the handler has been executed for this run (first try plus retries). */
  attempts: number;
  /** When a retry is scheduled, its time (ms since the epoch). */
  retryAt?: number;
  steps: StepView[];
  startedAt: number;
  endedAt?: number;
};
