// One function run: its executions (first try and retries), memoised steps, blocking steps
// (sleeps, waits for events), cancellation and its final outcome.
import type { Logger, StandardSchemaV1 } from "inngest";
import { StepError } from "inngest";
import type { CancelTimer } from "./clock.ts";
import { deadlineMs } from "./duration.ts";
import {
  isNonRetriable,
  retryAfterAt,
  type SerializedError,
  serializeError,
  unsupported,
} from "./errors.ts";
import type { FunctionSpec } from "./functions.ts";
import { fromJson, toJson } from "./json.ts";
import type { Listener } from "./listeners.ts";
import { type BlockRequest, createStepTools, type StepHost } from "./step-tools.ts";
import type { EngineEvent, EventInput, RunStatus, RunView, StepOp } from "./types.ts";

/** Engine services a run relies on. */
export type RunHost = {
  logger: Logger;
  now(): number;
  schedule(at: number, fire: () => void): CancelTimer;
  send(events: EventInput[]): Promise<{ ids: string[] }>;
  /** Listens for an event a `waitForEvent` step wants; the schema joins that event's contract. */
  waitFor(name: string, listener: Listener, schema?: StandardSchemaV1): () => void;
  /** Listens for an event a `cancelOn` rule names. */
  cancelOn(name: string, listener: Listener): () => void;
  /** Delay before retrying after the given zero-based attempt failed. */
  backoff(attempt: number): number;
  /** The run started or stopped executing (or running step bodies). */
  busyChanged(busy: boolean): void;
  /** The run reached a final status. */
  finished(run: Run): void;
};

type Memo = { op: StepOp; json?: string; error?: SerializedError };
type Outcome = { json: string } | { error: unknown };
type Pending = {
  kind: BlockRequest["kind"];
  gen: number;
  resolve?: (value: unknown) => void;
  cancel: () => void;
};

const FINAL: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);

// Handed to an execution that has been superseded, so its handler never continues.
const never = (): Promise<never> => new Promise(() => {});

/** A run of one function for one event. */
export class Run {
  readonly id: string;
  readonly spec: FunctionSpec;
  readonly event: EngineEvent;
  readonly startedAt: number;
  status: RunStatus = "running";
  endedAt: number | undefined;
  retryAt: number | undefined;
  /** Zero-based attempt of the current step; resets whenever the run makes progress. */
  attempt = 0;
  /** Executions of the handler so far. */
  attempts = 0;
  #host: RunHost;
  #output: string | undefined;
  #error: SerializedError | undefined;
  #memo = new Map<string, Memo>();
  #running = new Map<string, Promise<Outcome>>();
  #pending = new Map<string, Pending>();
  #stepErrors = new WeakSet<object>();
  #cleanups: (() => void)[] = [];
  #cancelRetry: CancelTimer | undefined;
  #gen = 0;
  #live = false;
  #active = false;
  #inflight = 0;
  #busy = false;
  #blockCheck = false;

  constructor(id: string, spec: FunctionSpec, event: EngineEvent, host: RunHost) {
    this.id = id;
    this.spec = spec;
    this.event = event;
    this.#host = host;
    this.startedAt = host.now();
  }

  get finished(): boolean {
    return FINAL.has(this.status);
  }

  /** Registers the cancelOn listeners and starts the first execution on the next microtask. */
  start(): void {
    for (const rule of this.spec.cancelOn) {
      const expiresAt =
        rule.timeout === undefined
          ? undefined
          : deadlineMs(rule.timeout, this.startedAt, "cancelOn timeout");
      const { condition } = rule;
      const listener: Listener = {
        matches: (incoming) =>
          (expiresAt === undefined || this.#host.now() <= expiresAt) &&
          (condition === undefined || condition(this.event, incoming)),
        fire: () => this.cancel(),
      };
      this.#cleanups.push(this.#host.cancelOn(rule.event, listener));
    }
    this.#setActive(true);
    queueMicrotask(() => this.#execute());
  }

  /** Cancels the run unless it already ended; blocked steps never resume. */
  cancel(): void {
    if (this.finished) return;
    this.#host.logger.info(`Function "${this.spec.id}" run ${this.id} cancelled`);
    this.#finish("cancelled");
  }

  view(): RunView {
    const view: RunView = {
      id: this.id,
      functionId: this.spec.id,
      event: this.event,
      status: this.status,
      attempt: this.attempt,
      attempts: this.attempts,
      steps: [...this.#memo].map(([id, memo]) => {
        if (memo.error) return { id, op: memo.op, error: memo.error };
        return { id, op: memo.op, result: memo.json === undefined ? null : fromJson(memo.json) };
      }),
      startedAt: this.startedAt,
    };
    if (this.#output !== undefined) view.output = fromJson(this.#output);
    if (this.#error) view.error = this.#error;
    if (this.retryAt !== undefined) view.retryAt = this.retryAt;
    if (this.endedAt !== undefined) view.endedAt = this.endedAt;
    return view;
  }

  #execute(): void {
    if (this.finished) return;
    const gen = ++this.#gen;
    this.#live = true;
    this.attempts += 1;
    this.status = "running";
    this.retryAt = undefined;
    this.#setActive(true);
    const { step, group } = createStepTools(this.#stepHost(gen));
    const ctx = {
      event: this.event,
      events: [this.event],
      runId: this.id,
      step,
      group,
      attempt: this.attempt,
      maxAttempts: this.spec.retries + 1,
      logger: this.#host.logger,
      defer: () => {
        throw unsupported("defer");
      },
    };
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(this.spec.handler(ctx));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => this.#completed(gen, value),
      (error: unknown) => {
        if (this.#isLive(gen)) this.#failAttempt(error, this.#stepErrors.has(error as object));
      },
    );
  }

  #isLive(gen: number): boolean {
    return this.#live && gen === this.#gen && !this.finished;
  }

  #completed(gen: number, value: unknown): void {
    if (!this.#isLive(gen)) return;
    try {
      this.#output = toJson(value);
    } catch (error) {
      this.#failAttempt(error, false);
      return;
    }
    this.#finish("completed");
  }

  // Ends the current execution: retries later, or fails the run when retries are used up.
  #failAttempt(error: unknown, final: boolean): void {
    this.#live = false;
    const now = this.#host.now();
    const message = error instanceof Error ? error.message : String(error);
    if (final || isNonRetriable(error) || this.attempt >= this.spec.retries) {
      this.#error = serializeError(error);
      this.#host.logger.error(
        `Function "${this.spec.id}" run ${this.id} failed after ${this.attempts} execution(s): ${message}`,
      );
      this.#finish("failed");
      return;
    }
    const at = retryAfterAt(error, now) ?? now + this.#host.backoff(this.attempt);
    this.attempt += 1;
    this.retryAt = at;
    this.#host.logger.warn(
      `Function "${this.spec.id}" run ${this.id} attempt ${this.attempt} failed: ${message}; retrying at ${new Date(at).toISOString()}`,
    );
    this.#cancelRetry = this.#host.schedule(at, () => {
      this.#cancelRetry = undefined;
      this.#execute();
    });
    this.#setActive(false);
  }

  #finish(status: "completed" | "failed" | "cancelled"): void {
    this.status = status;
    this.endedAt = this.#host.now();
    this.#live = false;
    this.retryAt = undefined;
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    for (const pending of this.#pending.values()) pending.cancel();
    this.#pending.clear();
    for (const cleanup of this.#cleanups) cleanup();
    this.#cleanups = [];
    this.#host.finished(this);
    this.#setActive(false);
  }

  #stepHost(gen: number): StepHost {
    return {
      now: () => this.#host.now(),
      send: (events) => this.#host.send(events),
      execute: (id, op, execute) => this.#executeStep(gen, id, op, execute),
      block: (id, request) => this.#block(gen, id, request),
    };
  }

  #replay(id: string, memo: Memo): Promise<unknown> {
    if (memo.error) return Promise.reject(this.#stepError(id, memo.error));
    return Promise.resolve(memo.json === undefined ? null : fromJson(memo.json));
  }

  #stepError(id: string, error: SerializedError): StepError {
    const stepError = new StepError(id, error);
    this.#stepErrors.add(stepError);
    return stepError;
  }

  #executeStep(
    gen: number,
    id: string,
    op: "run" | "sendEvent",
    execute: () => unknown,
  ): Promise<unknown> {
    if (!this.#isLive(gen)) return never();
    const memo = this.#memo.get(id);
    if (memo) return this.#replay(id, memo);
    const running = this.#running.get(id) ?? this.#startStep(id, op, execute);
    return running.then((outcome) => this.#afterStep(gen, id, op, outcome));
  }

  // Runs a step body once; an execution that replays while it is in flight shares its outcome.
  #startStep(id: string, op: "run" | "sendEvent", execute: () => unknown): Promise<Outcome> {
    this.#inflight += 1;
    this.#refreshBusy();
    const outcome = (async (): Promise<Outcome> => {
      try {
        return { json: toJson(await execute()) };
      } catch (error) {
        return { error };
      }
    })().then((result) => {
      this.#inflight -= 1;
      this.#running.delete(id);
      if ("json" in result && !this.finished) this.#memo.set(id, { op, json: result.json });
      this.#refreshBusy();
      return result;
    });
    this.#running.set(id, outcome);
    return outcome;
  }

  #afterStep(gen: number, id: string, op: StepOp, outcome: Outcome): Promise<unknown> {
    if (!this.#isLive(gen)) return never();
    if ("json" in outcome) {
      this.attempt = 0;
      this.#scheduleBlockCheck();
      return Promise.resolve(fromJson(outcome.json));
    }
    const { error } = outcome;
    if (!isNonRetriable(error) && this.attempt < this.spec.retries) {
      this.#failAttempt(error, false);
      return never();
    }
    const serialized = serializeError(error);
    this.#memo.set(id, { op, error: serialized });
    this.attempt = 0;
    this.#scheduleBlockCheck();
    return Promise.reject(this.#stepError(id, serialized));
  }

  #block(gen: number, id: string, request: BlockRequest): Promise<unknown> {
    if (!this.#isLive(gen)) return never();
    const memo = this.#memo.get(id);
    if (memo) return this.#replay(id, memo);
    if (request.kind === "sleep" && request.at <= this.#host.now() && !this.#pending.has(id)) {
      this.#memo.set(id, { op: "sleep", json: "null" });
      this.attempt = 0;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const pending = this.#pending.get(id) ?? this.#openPending(id, request);
      pending.gen = gen;
      pending.resolve = resolve;
      this.#scheduleBlockCheck();
    });
  }

  #openPending(id: string, request: BlockRequest): Pending {
    const pending: Pending = { kind: request.kind, gen: -1, cancel: () => {} };
    const settle = (json: string): void => {
      if (this.finished || this.#pending.get(id) !== pending) return;
      pending.cancel();
      this.#pending.delete(id);
      this.#memo.set(id, { op: request.kind, json });
      if (!this.#isLive(pending.gen)) return;
      this.attempt = 0;
      this.status = "running";
      this.#setActive(true);
      pending.resolve?.(fromJson(json));
      this.#scheduleBlockCheck();
    };
    this.#pending.set(id, pending);
    if (request.kind === "sleep") {
      pending.cancel = this.#host.schedule(request.at, () => settle("null"));
      return pending;
    }
    const { predicate } = request;
    const cancelTimer = this.#host.schedule(request.deadline, () => settle("null"));
    const listener: Listener = {
      matches: (incoming) => predicate === undefined || predicate(this.event, incoming),
      fire: (incoming) => settle(toJson(incoming)),
    };
    const removeListener = this.#host.waitFor(request.event, listener, request.schema);
    pending.cancel = () => {
      cancelTimer();
      removeListener();
    };
    return pending;
  }

  // Once the handler has gone quiet with a blocking step of the live execution outstanding,
  // the run stops counting as busy and reports itself sleeping or waiting.
  #scheduleBlockCheck(): void {
    if (this.#blockCheck || this.#pending.size === 0) return;
    this.#blockCheck = true;
    setImmediate(() => {
      this.#blockCheck = false;
      if (this.finished || !this.#live || this.#inflight > 0) return;
      let sleeping = false;
      let waiting = false;
      for (const pending of this.#pending.values()) {
        if (pending.gen !== this.#gen) continue;
        if (pending.kind === "waitForEvent") waiting = true;
        else sleeping = true;
      }
      if (!sleeping && !waiting) return;
      this.status = waiting ? "waiting" : "sleeping";
      this.#setActive(false);
    });
  }

  #setActive(active: boolean): void {
    this.#active = active;
    this.#refreshBusy();
  }

  #refreshBusy(): void {
    const busy = this.#inflight > 0 || (this.#active && !this.finished);
    if (busy === this.#busy) return;
    this.#busy = busy;
    this.#host.busyChanged(busy);
  }
}
