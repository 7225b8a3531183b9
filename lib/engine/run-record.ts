// The server-side state of one run, as the engine keeps it in memory and in the store: the trigger
// event, memoised step results in completion order, pending work (planned steps, sleeps, waits),
// retry state and the outcome. Parsed by zod whenever it is read back from the store.
import { z } from "zod";
import type { SerializedError } from "./errors.ts";
import type { EngineEvent, RunStatus, StepOp } from "./types.ts";

const ZSerializedError = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  cause: z.unknown().optional(),
});

export const ZEngineEvent = z.object({
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  id: z.string(),
  ts: z.number(),
  v: z.string().optional(),
});

/** A memoised step: its hashed id, the user's id (with `:n` for repeats), and data or error. */
export const ZStepRecord = z.object({
  id: z.string(),
  name: z.string(),
  op: z.enum(["run", "sendEvent", "sleep", "waitForEvent", "invoke"]),
  data: z.unknown().optional(),
  error: ZSerializedError.optional(),
});
export type TStepRecord = {
  id: string;
  name: string;
  op: StepOp;
  data?: unknown;
  error?: SerializedError;
};

/** Work a run waits on: a step to execute (maybe after a retry delay), a sleep, or a wait. */
export const ZPending = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("planned"),
    id: z.string(),
    name: z.string(),
    op: z.enum(["run", "sendEvent"]),
    attempt: z.number().int().nonnegative(),
    retryAt: z.number().optional(),
  }),
  z.object({ kind: z.literal("sleep"), id: z.string(), name: z.string(), at: z.number() }),
  z.object({
    kind: z.literal("wait"),
    id: z.string(),
    name: z.string(),
    event: z.string(),
    if: z.string().optional(),
    deadline: z.number(),
  }),
  z.object({
    kind: z.literal("invoke"),
    id: z.string(),
    name: z.string(),
    function: z.string(),
    child: z.string(),
    deadline: z.number().optional(),
  }),
]);
export type TPending = z.infer<typeof ZPending>;

/** The run record without its step results (those are stored one field per step). */
export const ZRunHead = z.object({
  id: z.string(),
  fn: z.string(),
  event: ZEngineEvent,
  batch: z.array(ZEngineEvent).optional(),
  status: z.enum(["running", "sleeping", "waiting", "completed", "failed", "cancelled"]),
  attempt: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  stack: z.array(z.string()),
  pending: z.array(ZPending),
  discover: z.boolean(),
  retryAt: z.number().optional(),
  output: z.unknown().optional(),
  error: ZSerializedError.optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});
export type TRunHead = {
  id: string;
  /** Full id of the registered function. */
  fn: string;
  event: EngineEvent;
  /** Every event of a batched run (`batchEvents`), the first of them also `event`. */
  batch?: EngineEvent[];
  status: RunStatus;
  /** Attempt of the discovery request (the handler's `attempt` when no step is retried). */
  attempt: number;
  /** Requests made to the SDK for this run so far. */
  attempts: number;
  /** Hashed ids of memoised steps in completion order (Inngest's stack). */
  stack: string[];
  pending: TPending[];
  /** The handler must be invoked again to find out what comes next. */
  discover: boolean;
  retryAt?: number;
  output?: unknown;
  error?: SerializedError;
  startedAt: number;
  endedAt?: number;
};

/** A run as the engine drives it: its head plus memoised steps by hashed id. */
export type RunRecord = TRunHead & { steps: Map<string, TStepRecord> };

export const FINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);

export const isFinal = (run: { status: RunStatus }): boolean => FINAL_STATUSES.has(run.status);

/** The head of a run, for storing (steps are stored separately, once each). */
export const headOf = (run: RunRecord): TRunHead => {
  const { steps: _steps, ...head } = run;
  return head;
};
