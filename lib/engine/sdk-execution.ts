// One request to a function, made the way Inngest's serve handler makes it: the SDK's own
// `createExecution` with the run's memoised steps, completion order, attempt and requested step.
// Everything on the function's side (re-invocation, hashed step ids, serialisation, StepError,
// nested steps, event-schema validation, onFailure payloads, middleware) is the SDK's; this file
// only translates its answer into the engine's terms.
import type { InngestFunction } from "inngest";
import { ServerTiming } from "inngest/internals";
import { StepMode, StepOpCode } from "inngest/types";
import { type SerializedError, serializeError } from "./errors.ts";
import type { HandlerKind } from "./function-registry.ts";
import { roundTrip } from "./json.ts";
import type { RunRecord } from "./run-record.ts";
import type { StepOp } from "./types.ts";

/** A step the SDK ran in this request. `final` errors are memoised; others are retried. */
export type RanStep = {
  id: string;
  name: string;
  op: StepOp;
  data?: unknown;
  error?: SerializedError;
  final: boolean;
  retriable?: boolean | string;
};

/** A step the handler reached that the engine must act on. */
export type FoundStep =
  | { kind: "planned"; id: string; name: string; op: "run" | "sendEvent" }
  | { kind: "sleep"; id: string; name: string; until: string }
  | { kind: "wait"; id: string; name: string; event: string; timeout: string; if?: string }
  | { kind: "invoke"; id: string; name: string; function: string; data: unknown; timeout?: string }
  | { kind: "resolved"; data: unknown }
  | { kind: "rejected"; error: SerializedError; final: boolean }
  | { kind: "unsupported"; id: string; name: string; opcode: string };

/** The SDK's answer to one request. */
export type ExecutionOutcome =
  | { type: "resolved"; data: unknown }
  | { type: "rejected"; error: SerializedError; retriable: boolean | string }
  | { type: "ran"; step: RanStep }
  | { type: "found"; steps: FoundStep[] }
  | { type: "not-found" };

/** What one request carries. */
export type ExecutionRequest = {
  fn: InngestFunction.Any;
  handlerKind: HandlerKind;
  run: RunRecord;
  /** Attempt of the edge being executed (the step's when one is requested). */
  attempt: number;
  maxAttempts: number;
  requestedStep?: string;
  disableImmediateExecution: boolean;
};

type RawOp = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  userland?: { id?: string; index?: number };
  data?: unknown;
  error?: unknown;
};

type RawResult =
  | { type: "function-resolved"; data: unknown }
  | { type: "function-rejected"; error: unknown; retriable: boolean | string }
  | { type: "step-ran"; step: RawOp; retriable?: boolean | string }
  | { type: "steps-found"; steps: RawOp[] }
  | { type: "step-not-found" }
  | { type: "change-mode" };

const quietTimer = () =>
  new ServerTiming.ServerTiming({
    info: () => {},
    warn: () => {},
    error: () => {},
    debug: () => {},
  } as never);

/** The user's step id, with Inngest's `:n` suffix for a repeated id. */
const stepName = (op: RawOp): string => {
  const base = op.userland?.id ?? op.displayName ?? op.name ?? op.id;
  return op.userland?.index ? `${base}:${op.userland.index}` : base;
};

const plannedOp = (op: RawOp): "run" | "sendEvent" =>
  op.opts?.type === "step.sendEvent" ? "sendEvent" : "run";

const RUN_COMPLETE = new Set<string>([StepOpCode.RunComplete]);

const toFound = (op: RawOp): FoundStep => {
  const id = op.id;
  const name = stepName(op);
  switch (op.op) {
    case StepOpCode.StepPlanned:
      return { kind: "planned", id, name, op: plannedOp(op) };
    case StepOpCode.Sleep:
      return { kind: "sleep", id, name, until: String(op.name) };
    case StepOpCode.WaitForEvent: {
      const found: FoundStep = {
        kind: "wait",
        id,
        name,
        event: String(op.name),
        timeout: String(op.opts?.timeout),
      };
      if (typeof op.opts?.if === "string") found.if = op.opts.if;
      return found;
    }
    case StepOpCode.InvokeFunction: {
      const opts = (op.opts ?? {}) as {
        function_id?: string;
        payload?: { data?: unknown };
        timeout?: string;
      };
      const found: FoundStep = {
        kind: "invoke",
        id,
        name,
        function: String(opts.function_id ?? ""),
        data: roundTrip(opts.payload?.data ?? {}),
      };
      if (typeof opts.timeout === "string") found.timeout = opts.timeout;
      return found;
    }
    case StepOpCode.StepError:
    case StepOpCode.StepFailed:
      return {
        kind: "rejected",
        error: serializeError(op.error),
        final: op.op === StepOpCode.StepFailed,
      };
    default:
      if (RUN_COMPLETE.has(op.op)) return { kind: "resolved", data: roundTrip(op.data) };
      return { kind: "unsupported", id, name, opcode: op.op };
  }
};

const toRan = (op: RawOp, retriable: boolean | string | undefined): RanStep => {
  const ran: RanStep = {
    id: op.id,
    name: stepName(op),
    op: plannedOp(op),
    final: op.op !== StepOpCode.StepError,
  };
  if (op.op === StepOpCode.StepRun || op.op === StepOpCode.Step) ran.data = roundTrip(op.data);
  else ran.error = serializeError(op.error);
  if (retriable !== undefined) ran.retriable = retriable;
  return ran;
};

/** Makes one request to the function through the SDK and returns its translated answer. */
export async function executeRequest(request: ExecutionRequest): Promise<ExecutionOutcome> {
  const { run } = request;
  const stepState: Record<string, { id: string; data?: unknown; error?: unknown }> = {};
  for (const [id, step] of run.steps) {
    stepState[id] = step.error ? { id, error: step.error } : { id, data: step.data ?? null };
  }
  const event = structuredClone(run.event);
  const execution = (
    request.fn as unknown as {
      createExecution(opts: { partialOptions: Record<string, unknown> }): {
        start(): Promise<RawResult>;
      };
    }
  ).createExecution({
    partialOptions: {
      client: (request.fn as unknown as { client: unknown }).client,
      runId: run.id,
      stepMode: StepMode.Async,
      data: {
        event,
        events: run.batch ? structuredClone(run.batch) : [event],
        runId: run.id,
        attempt: request.attempt,
        maxAttempts: request.maxAttempts,
      },
      stepState,
      stepCompletionOrder: [...run.stack],
      requestedRunStep: request.requestedStep,
      disableImmediateExecution: request.disableImmediateExecution,
      handlerKind: request.handlerKind,
      reqArgs: [],
      headers: {},
      timer: quietTimer(),
    },
  });
  const result = await execution.start();
  switch (result.type) {
    case "function-resolved":
      return { type: "resolved", data: roundTrip(result.data) };
    case "function-rejected":
      return { type: "rejected", error: serializeError(result.error), retriable: result.retriable };
    case "step-ran":
      return { type: "ran", step: toRan(result.step, result.retriable) };
    case "steps-found":
      return { type: "found", steps: result.steps.map(toFound) };
    case "step-not-found":
      return { type: "not-found" };
    default:
      return {
        type: "rejected",
        error: { name: "Error", message: `unexpected SDK result "${result.type}"` },
        retriable: false,
      };
  }
}
