// The server side of every unfinished run: decides which request to make next (discover the next
// steps, run a planned step, retry), applies the SDK's answer to the run's state, arms timers for
// sleeps, wait timeouts and retry back-offs, and writes each transition to the store.
import type { Logger } from "inngest";
import type { Activity } from "./activity.ts";
import { retryAtFrom } from "./backoff.ts";
import type { CancelTimer } from "./clock.ts";
import { durationMs, instantMs } from "./duration.ts";
import type { EngineStore } from "./engine-store.ts";
import { type SerializedError, serializeError } from "./errors.ts";
import type { ExecutionGate, GateSlot } from "./execution-gate.ts";
import type { RegisteredFunction } from "./function-registry.ts";
import { isFinal, type RunRecord, type TPending, type TStepRecord } from "./run-record.ts";
import {
  type ExecutionOutcome,
  executeRequest,
  type FoundStep,
  type RanStep,
} from "./sdk-execution.ts";
import type { EngineEvent, RunStatus } from "./types.ts";

/** What the driver needs from the engine around it. */
export type DriverHost = {
  store: EngineStore;
  logger: Logger;
  activity: Activity;
  gate: ExecutionGate;
  now(): number;
  schedule(at: number, fire: () => void): CancelTimer;
  /** Wall-clock time a request to a function may take before it counts as failed. */
  requestTimeoutMs: number;
  /** Delay before the retry that follows zero-based attempt `attempt`. */
  backoff(attempt: number): number;
  /** Runs one SDK request inside the app's dependency scope and the engine's send scope. */
  around<T>(work: () => Promise<T>, request: { functionId: string; runId: string }): Promise<T>;
  /** A wait step started or stopped listening. */
  waitOpened(run: RunRecord, pending: Extract<TPending, { kind: "wait" }>): void;
  waitClosed(runId: string, pendingId: string): void;
  /**
   * Starts the run a `step.invoke` asks for and returns its id, or throws when no such function
   * is registered. Its outcome comes back through `resolveInvoke`.
   */
  invoke(
    run: RunRecord,
    functionId: string,
    data: unknown,
    stepId: string,
  ): { child: string; started: Promise<void> };
  /** Events to store with the run's final record (Inngest's lifecycle events), atomically. */
  finalEvents(run: RunRecord, registered: RegisteredFunction): EngineEvent[];
  /** The run reached a final status (after its record and final events were written). */
  finished(run: RunRecord): void;
};

type LiveRun = {
  record: RunRecord;
  reg: RegisteredFunction;
  discovering: boolean;
  /** Bumped whenever the handler must be invoked again; a discovery clears only its own. */
  discoverGen: number;
  inflight: Set<string>;
  timers: Map<string, CancelTimer>;
  unsaved: TStepRecord[];
  writes: Promise<void>;
  /** The process stopped driving this run: its writes give up instead of retrying. */
  detached: boolean;
};

const SLEEP_GRANULARITY_MS = 1000;

/** A request to a function that did not answer in time. */
export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
  constructor(ms: number) {
    super(
      `the function did not answer within ${ms} ms (a step.run nested in another never resolves)`,
    );
  }
}

/** Drives the unfinished runs of one engine. */
export class RunDriver {
  #host: DriverHost;
  #live = new Map<string, LiveRun>();

  constructor(host: DriverHost) {
    this.#host = host;
  }

  get size(): number {
    return this.#live.size;
  }

  has(runId: string): boolean {
    return this.#live.has(runId);
  }

  record(runId: string): RunRecord | undefined {
    return this.#live.get(runId)?.record;
  }

  /** Ids of the unfinished runs of a function. */
  runsOf(fullId: string): RunRecord[] {
    return [...this.#live.values()].filter((l) => l.reg.fullId === fullId).map((l) => l.record);
  }

  /** Takes over a run (new, or loaded from the store after a restart) and drives it. */
  adopt(record: RunRecord, reg: RegisteredFunction): void {
    if (isFinal(record) || this.#live.has(record.id)) return;
    const live: LiveRun = {
      record,
      reg,
      discovering: false,
      discoverGen: record.discover ? 1 : 0,
      inflight: new Set(),
      timers: new Map(),
      unsaved: [],
      writes: Promise.resolve(),
      detached: false,
    };
    this.#live.set(record.id, live);
    for (const pending of record.pending) this.#arm(live, pending);
    this.#pump(live);
  }

  /**
   * Resolves a wait step with the matching event (or null on timeout); resolves once the run's
   * new state is stored, so the event that matched may be dropped from the intake queue.
   */
  resolveWait(runId: string, pendingId: string, event: EngineEvent | null): Promise<void> {
    const live = this.#live.get(runId);
    const pending = live?.record.pending.find((p) => p.id === pendingId);
    if (!live || pending?.kind !== "wait") return Promise.resolve();
    this.#settle(live, pending, {
      id: pending.id,
      name: pending.name,
      op: "waitForEvent",
      data: event,
    });
    return live.writes;
  }

  /** Settles the `step.invoke` waiting for `childRunId` with the child's output or error. */
  resolveInvoke(childRunId: string, outcome: { data: unknown } | { error: SerializedError }): void {
    for (const live of this.#live.values()) {
      const pending = live.record.pending.find(
        (p) => p.kind === "invoke" && p.child === childRunId,
      );
      if (!pending) continue;
      const memo: TStepRecord = { id: pending.id, name: pending.name, op: "invoke" };
      if ("error" in outcome) memo.error = outcome.error;
      else memo.data = outcome.data ?? null;
      this.#settle(live, pending, memo);
      return;
    }
  }

  /** Cancels a run unless it already ended; resolves once the cancellation is stored. */
  cancel(runId: string): Promise<void> {
    const live = this.#live.get(runId);
    if (!live) return Promise.resolve();
    this.#host.logger.info(`Function "${live.reg.id}" run ${runId} cancelled`);
    this.#finish(live, "cancelled");
    return live.writes;
  }

  /** Forgets every run without writing more (the process lost the lease or is stopping). */
  detach(): void {
    for (const live of this.#live.values()) {
      live.detached = true;
      for (const cancel of live.timers.values()) cancel();
      for (const pending of live.record.pending) {
        if (pending.kind === "wait") this.#host.waitClosed(live.record.id, pending.id);
      }
    }
    this.#live.clear();
  }

  /** Resolves once every pending store write has been attempted. */
  async flushed(): Promise<void> {
    await Promise.all([...this.#live.values()].map((live) => live.writes));
  }

  #arm(live: LiveRun, pending: TPending): void {
    const { record } = live;
    if (pending.kind === "sleep") {
      this.#timer(live, pending.id, pending.at, () =>
        this.#settle(live, pending, {
          id: pending.id,
          name: pending.name,
          op: "sleep",
          data: null,
        }),
      );
    } else if (pending.kind === "wait") {
      this.#host.waitOpened(record, pending);
      this.#timer(live, pending.id, pending.deadline, () =>
        this.resolveWait(record.id, pending.id, null),
      );
    } else if (pending.kind === "invoke" && pending.deadline !== undefined) {
      this.#timer(live, pending.id, pending.deadline, () =>
        this.#settle(live, pending, {
          id: pending.id,
          name: pending.name,
          op: "invoke",
          error: {
            name: "InngestInvokeTimeoutError",
            message: "Timed out waiting for invoked function to complete",
          },
        }),
      );
    }
  }

  #timer(live: LiveRun, name: string, at: number, fire: () => void): void {
    live.timers.get(name)?.();
    live.timers.set(
      name,
      this.#host.schedule(at, () => {
        live.timers.delete(name);
        if (this.#live.get(live.record.id) === live) fire();
      }),
    );
  }

  #requestDiscovery(live: LiveRun): void {
    live.record.discover = true;
    live.discoverGen += 1;
  }

  // Starts whatever the run can do now; called after every change to it.
  #pump(live: LiveRun): void {
    const { record } = live;
    if (isFinal(record) || this.#live.get(record.id) !== live) return;
    const now = this.#host.now();
    if (record.retryAt !== undefined && record.retryAt > now) {
      this.#timer(live, "retry", record.retryAt, () => {
        record.retryAt = undefined;
        this.#pump(live);
      });
      this.#refreshStatus(live);
      return;
    }
    record.retryAt = undefined;
    for (const pending of record.pending) {
      if (pending.kind !== "planned" || live.inflight.has(pending.id)) continue;
      if (pending.retryAt !== undefined && pending.retryAt > now) {
        this.#timer(live, `retry:${pending.id}`, pending.retryAt, () => this.#pump(live));
        continue;
      }
      this.#executeStep(live, pending);
    }
    if (record.discover && !live.discovering) this.#discover(live);
    this.#refreshStatus(live);
  }

  #refreshStatus(live: LiveRun): void {
    const { record } = live;
    if (isFinal(record)) return;
    const busy =
      live.discovering ||
      live.inflight.size > 0 ||
      record.discover ||
      record.retryAt !== undefined ||
      record.pending.some((p) => p.kind === "planned");
    let status: RunStatus = "running";
    if (!busy && record.pending.some((p) => p.kind === "wait" || p.kind === "invoke")) {
      status = "waiting";
    } else if (!busy && record.pending.some((p) => p.kind === "sleep")) status = "sleeping";
    record.status = status;
  }

  async #request(live: LiveRun, run: () => Promise<ExecutionOutcome>): Promise<ExecutionOutcome> {
    const { activity, gate } = this.#host;
    activity.enter();
    const slots: GateSlot[] = [];
    live.reg.concurrency.forEach((rule, index) => {
      const value = rule.key ? rule.key.evaluate({ event: live.record.event }) : "";
      // A shared scope's slots are named by the key alone, so functions with one key share them.
      const key =
        rule.scope === "fn" ? `${live.reg.fullId}#${index}:${value ?? ""}` : `env:${value ?? ""}`;
      slots.push({ key, limit: rule.limit });
    });
    const release = await gate.acquire(slots);
    let timer: NodeJS.Timeout | undefined;
    try {
      live.record.attempts += 1;
      const request = this.#host.around(run, { functionId: live.reg.id, runId: live.record.id });
      // A request that never answers (a step nested in another never resolves under the SDK)
      // fails as Inngest's request would time out, so the run retries and then fails.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new RequestTimeoutError(this.#host.requestTimeoutMs)),
          this.#host.requestTimeoutMs,
        );
        timer.unref();
      });
      return await Promise.race([request, timeout]);
    } catch (error) {
      return { type: "rejected", error: serializeError(error), retriable: true };
    } finally {
      clearTimeout(timer);
      release();
      activity.exit();
    }
  }

  #discover(live: LiveRun): void {
    const { record, reg } = live;
    live.discovering = true;
    const gen = live.discoverGen;
    const hasPlanned = record.pending.some((p) => p.kind === "planned");
    void this.#request(live, () =>
      executeRequest({
        fn: reg.fn,
        handlerKind: reg.handlerKind,
        run: record,
        attempt: record.attempt,
        maxAttempts: reg.retries + 1,
        disableImmediateExecution: hasPlanned,
      }),
    ).then((outcome) => {
      live.discovering = false;
      if (this.#live.get(record.id) !== live || isFinal(record)) return;
      if (live.discoverGen === gen) record.discover = false;
      this.#applyDiscovery(live, outcome, record.attempt);
      this.#save(live);
      this.#pump(live);
    });
  }

  #executeStep(live: LiveRun, pending: Extract<TPending, { kind: "planned" }>): void {
    const { record, reg } = live;
    live.inflight.add(pending.id);
    void this.#request(live, () =>
      executeRequest({
        fn: reg.fn,
        handlerKind: reg.handlerKind,
        run: record,
        attempt: pending.attempt,
        maxAttempts: reg.retries + 1,
        requestedStep: pending.id,
        disableImmediateExecution: true,
      }),
    ).then((outcome) => {
      live.inflight.delete(pending.id);
      if (this.#live.get(record.id) !== live || isFinal(record)) return;
      if (!record.pending.includes(pending)) return;
      if (outcome.type === "ran" && outcome.step.id === pending.id) {
        this.#applyRan(live, outcome.step, pending);
      } else {
        this.#removePending(live, pending.id);
        this.#requestDiscovery(live);
        if (outcome.type !== "not-found") this.#applyDiscovery(live, outcome, pending.attempt);
      }
      this.#save(live);
      this.#pump(live);
    });
  }

  #applyDiscovery(live: LiveRun, outcome: ExecutionOutcome, attempt: number): void {
    switch (outcome.type) {
      case "resolved":
        live.record.output = outcome.data;
        this.#finish(live, "completed");
        return;
      case "rejected":
        this.#functionError(live, outcome.error, outcome.retriable);
        return;
      case "ran": {
        const pending: Extract<TPending, { kind: "planned" }> = {
          kind: "planned",
          id: outcome.step.id,
          name: outcome.step.name,
          op: outcome.step.op === "sendEvent" ? "sendEvent" : "run",
          attempt,
        };
        live.record.pending.push(pending);
        this.#applyRan(live, outcome.step, pending);
        return;
      }
      case "found":
        for (const found of outcome.steps) this.#applyFound(live, found);
        return;
      case "not-found":
        return;
    }
  }

  #applyFound(live: LiveRun, found: FoundStep): void {
    const { record } = live;
    if (isFinal(record)) return;
    if (found.kind === "resolved") {
      record.output = found.data;
      this.#finish(live, "completed");
      return;
    }
    if (found.kind === "rejected") {
      this.#functionError(live, found.error, !found.final);
      return;
    }
    if (record.steps.has(found.id) || record.pending.some((p) => p.id === found.id)) return;
    const now = this.#host.now();
    let pending: TPending;
    try {
      switch (found.kind) {
        case "planned":
          pending = { kind: "planned", id: found.id, name: found.name, op: found.op, attempt: 0 };
          break;
        case "sleep":
          pending = {
            kind: "sleep",
            id: found.id,
            name: found.name,
            at: sleepEnd(found.until, now),
          };
          break;
        case "wait":
          pending = {
            kind: "wait",
            id: found.id,
            name: found.name,
            event: found.event,
            deadline: now + durationMs(found.timeout, `waitForEvent "${found.name}" timeout`),
            ...(found.if !== undefined && { if: found.if }),
          };
          break;
        case "invoke":
          this.#startInvoke(live, found);
          return;
        case "unsupported":
          throw new Error(
            `step "${found.name}" uses ${found.opcode}, which the embedded engine does not implement; run on Inngest to use it`,
          );
      }
    } catch (error) {
      this.#functionError(live, { ...serializeError(error), name: "NonRetriableError" }, false);
      return;
    }
    record.pending.push(pending);
    try {
      this.#arm(live, pending);
    } catch (error) {
      this.#removePending(live, pending.id);
      this.#functionError(live, { ...serializeError(error), name: "NonRetriableError" }, false);
    }
  }

  // Starts the invoked run; the step waits for it (a missing function fails the step at once).
  #startInvoke(live: LiveRun, found: Extract<FoundStep, { kind: "invoke" }>): void {
    const { record } = live;
    const now = this.#host.now();
    const pending: Extract<TPending, { kind: "invoke" }> = {
      kind: "invoke",
      id: found.id,
      name: found.name,
      function: found.function,
      child: "",
      ...(found.timeout !== undefined && {
        deadline: now + durationMs(found.timeout, `step.invoke "${found.name}" timeout`),
      }),
    };
    record.pending.push(pending);
    const fail = (error: unknown) =>
      this.#settle(live, pending, {
        id: found.id,
        name: found.name,
        op: "invoke",
        error: serializeError(error),
      });
    let started: Promise<void>;
    try {
      const invoked = this.#host.invoke(record, found.function, found.data, found.id);
      pending.child = invoked.child;
      started = invoked.started;
    } catch (error) {
      fail(error);
      return;
    }
    this.#arm(live, pending);
    this.#host.activity.enter();
    started.catch(fail).finally(() => this.#host.activity.exit());
  }

  #applyRan(live: LiveRun, step: RanStep, pending: Extract<TPending, { kind: "planned" }>): void {
    const { record, reg } = live;
    if (step.final || pending.attempt >= reg.retries) {
      const memo: TStepRecord = { id: step.id, name: step.name, op: pending.op };
      if (step.error) memo.error = step.error;
      else memo.data = step.data ?? null;
      this.#settle(live, pending, memo, false);
      return;
    }
    const now = this.#host.now();
    const retryAt = retryAtFrom(step.retriable, now) ?? now + this.#host.backoff(pending.attempt);
    pending.retryAt = retryAt;
    pending.attempt += 1;
    this.#host.logger.warn(
      `Function "${reg.id}" run ${record.id} step "${step.name}" failed (${step.error?.message}); retry ${pending.attempt} at ${new Date(retryAt).toISOString()}`,
    );
  }

  // Memoises a step's result, drops its pending entry and asks for the next discovery.
  #settle(live: LiveRun, pending: TPending, memo: TStepRecord, pump = true): void {
    const { record } = live;
    if (isFinal(record) || record.steps.has(memo.id)) return;
    this.#removePending(live, pending.id);
    record.steps.set(memo.id, memo);
    record.stack.push(memo.id);
    live.unsaved.push(memo);
    record.attempt = 0;
    this.#requestDiscovery(live);
    if (!pump) return;
    this.#save(live);
    this.#pump(live);
  }

  #removePending(live: LiveRun, id: string): void {
    const { record } = live;
    const index = record.pending.findIndex((p) => p.id === id);
    if (index === -1) return;
    const [removed] = record.pending.splice(index, 1);
    live.timers.get(id)?.();
    live.timers.delete(id);
    live.timers.get(`retry:${id}`)?.();
    live.timers.delete(`retry:${id}`);
    if (removed?.kind === "wait") this.#host.waitClosed(record.id, id);
  }

  #functionError(live: LiveRun, error: SerializedError, retriable: boolean | string): void {
    const { record, reg } = live;
    if (retriable === false || record.attempt >= reg.retries) {
      record.error = error;
      this.#host.logger.error(
        `Function "${reg.id}" run ${record.id} failed after ${record.attempts} request(s): ${error.message}`,
      );
      this.#finish(live, "failed");
      return;
    }
    const now = this.#host.now();
    const retryAt = retryAtFrom(retriable, now) ?? now + this.#host.backoff(record.attempt);
    record.retryAt = retryAt;
    record.attempt += 1;
    this.#requestDiscovery(live);
    this.#host.logger.warn(
      `Function "${reg.id}" run ${record.id} attempt ${record.attempt} failed: ${error.message}; retrying at ${new Date(retryAt).toISOString()}`,
    );
  }

  #finish(live: LiveRun, status: "completed" | "failed" | "cancelled"): void {
    const { record } = live;
    if (isFinal(record)) return;
    record.status = status;
    record.endedAt = this.#host.now();
    record.retryAt = undefined;
    record.discover = false;
    for (const pending of [...record.pending]) this.#removePending(live, pending.id);
    for (const cancel of live.timers.values()) cancel();
    live.timers.clear();
    this.#live.delete(record.id);
    this.#host.activity.enter();
    const events = this.#host.finalEvents(record, live.reg);
    this.#save(live, events)
      .then(() => {
        if (!live.detached) this.#host.finished(record);
      })
      .finally(() => this.#host.activity.exit());
  }

  // Writes the run's head, new steps and final events after any earlier write of the same run.
  #save(live: LiveRun, events: EngineEvent[] = []): Promise<void> {
    const steps = live.unsaved;
    live.unsaved = [];
    const { activity } = this.#host;
    activity.enter();
    live.writes = live.writes
      .then(() => this.#write(live, steps, events))
      .finally(() => activity.exit());
    return live.writes;
  }

  // A write that fails is retried (the head it writes is always the latest) until it is stored,
  // unless this process stops driving the run; nothing that depends on it happens before.
  async #write(live: LiveRun, steps: TStepRecord[], events: EngineEvent[]): Promise<void> {
    const { store, logger } = this.#host;
    for (let attempt = 0; ; attempt++) {
      if (live.detached) return;
      try {
        await store.saveRun(live.record, steps, events);
        if (attempt > 0)
          logger.info(`Engine stored run ${live.record.id} after ${attempt} retries`);
        return;
      } catch (error) {
        if (attempt === 0)
          logger.error(`Engine could not store run ${live.record.id}; retrying:`, error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 30_000)));
      }
    }
  }
}

/** When a sleep ends: an ISO instant as given, or a duration rounded up to whole seconds. */
const sleepEnd = (until: string, now: number): number => {
  if (/^\d{4}-\d{2}-\d{2}T/.test(until)) return instantMs(until, "sleepUntil");
  const ms = durationMs(until, "sleep duration");
  return now + Math.ceil(ms / SLEEP_GRANULARITY_MS) * SLEEP_GRANULARITY_MS;
};
