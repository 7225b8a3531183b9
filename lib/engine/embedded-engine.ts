// The embedded engine: the server side of Inngest, in-process and durable. It takes events from
// any process through the store, starts runs, keeps their step state, timers, waits and
// cancellations in the store, and makes every request to a function through the SDK's own
// execution. One process drives it per store (a lease); a restart resumes every run.
import { randomUUID } from "node:crypto";
import type { Redis } from "@upstash/redis";
import type { InngestFunction, Logger } from "inngest";
import { createMemoryRequester } from "../store/memory-requester.ts";
import { storeClient } from "../store/store-client.ts";
import { Activity } from "./activity.ts";
import { retryDelayMs } from "./backoff.ts";
import { type Clock, createRealClock, isManualClock } from "./clock.ts";
import type { CronSchedule } from "./cron.ts";
import { durationMs } from "./duration.ts";
import {
  batchRunIdFor,
  FUNCTION_INVOKED,
  lifecycleEvents,
  RESERVED_PREFIX,
  runIdFor,
  SCHEDULED_TIMER,
  toEvent,
} from "./engine-events.ts";
import { EngineStore, type TBatchWrites } from "./engine-store.ts";
import { EventRouter } from "./event-router.ts";
import { ExecutionGate } from "./execution-gate.ts";
import { admitRun } from "./flow-control.ts";
import { type BatchRule, type RegisteredFunction, registerFunction } from "./function-registry.ts";
import { Lease } from "./lease.ts";
import { Observer } from "./observer.ts";
import { RunDriver } from "./run-driver.ts";
import type { RunRecord } from "./run-record.ts";
import { toRunView } from "./run-view.ts";
import { Scheduler } from "./scheduler.ts";
import { prepareClient, withEventIntake } from "./send-scope.ts";
import type { EngineEvent, EventInput, RunStatus, RunView } from "./types.ts";

/** Options of {@link createEmbeddedEngine}. */
export type EmbeddedEngineOptions = {
  /** The function objects made with `inngest.createFunction`. */
  functions: readonly InngestFunction.Any[];
  /** The store holding the engine's state; defaults to a private in-memory store. */
  store?: Redis;
  /** The key root of the engine's state in `store` (default "engine"): one engine per root. */
  namespace?: string;
  /** Defaults to the real clock; pass a `VirtualClock` to move time by hand. */
  clock?: Clock;
  /** Receives the engine's own warnings, retries and failures. Defaults to console. */
  logger?: Logger;
  /** Delay in ms before the retry after zero-based attempt `attempt` (Inngest's schedule). */
  backoff?: (attempt: number) => number;
  /** Finished runs kept for inspection (default 10,000), in memory and in the store. */
  keepFinishedRuns?: number;
  /** Finished runs older than this are removed from the store (default 7 days). */
  keepFinishedMs?: number;
  /** Wraps every request to a function, e.g. to bind the app's dependencies. */
  around?: <T>(
    work: () => Promise<T>,
    request: { functionId: string; runId: string },
  ) => Promise<T>;
  /** Wall-clock time one request to a function may take before it fails (default 5 minutes). */
  requestTimeoutMs?: number;
  /** Requests executing at once (default 32). */
  maxConcurrentRequests?: number;
  /** How often a process that does not drive the engine retries the lease and the queue (1 s). */
  pollIntervalMs?: number;
  /** Lifetime of the lease without a heartbeat (default 15 s). */
  leaseTtlMs?: number;
  /** The store is open in this process only (the embedded store): take the lease at once. */
  exclusiveStore?: boolean;
};

/** Notifications of the engine, for CLIs and dashboards. */
export type EngineNotifications = {
  "run:started": RunView;
  "run:finished": RunView;
  "event:sent": EngineEvent;
};

/** Narrows `runs()`. */
export type RunFilter = { functionId?: string; status?: RunStatus; eventId?: string };

/** Options of `runUntilIdle`. */
export type RunUntilIdleOptions = {
  /** Also fire cron ticks, and stop at this instant (the clock ends there). */
  until?: number | Date;
  /** Upper bound on clock jumps before giving up with an error; default 10 000. */
  maxSteps?: number;
};

/** The embedded Inngest server for a fixed set of functions. */
export type EmbeddedEngine = {
  readonly clock: Clock;
  /** Resolves once this process drives the engine (or knows another process does). */
  readonly ready: Promise<void>;
  /** Whether this process holds the lease and drives the engine. */
  isLeader(): boolean;
  /**
   * Accepts events from the app (names under `inngest/` are reserved): stores them for the
   * process that drives the engine, which starts the runs they trigger and feeds waits and
   * cancellations. Event data is not validated here: a consuming run fails on a bad payload.
   */
  send(events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
  /**
   * Adds events to a transaction of the caller's (`tx`) when all they do is join one function's
   * batch and this process drives the engine: they are stored if and only if the transaction
   * lands, with no send of their own. Returns what to call once it has landed (the batch's run
   * then starts when it is full or its timeout passes, as for a send), or null when the events
   * must be sent instead (they do more, or another process drives).
   */
  appendWithin(tx: TBatchWrites, events: readonly EventInput[]): (() => void) | null;
  /** Resolves once no request is executing and the intake queue is empty. */
  idle(): Promise<void>;
  /** Whether a request is executing or an event waits in the intake queue right now. */
  busy(): Promise<boolean>;
  /** With a manual clock: settles work, then jumps the clock to the next timer, until none is due. */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<void>;
  runs(filter?: RunFilter): RunView[];
  getRun(id: string): RunView | undefined;
  /** Resolves with the run once it has completed, failed or been cancelled. */
  waitForRun(id: string): Promise<RunView>;
  on<K extends keyof EngineNotifications>(
    type: K,
    listener: (payload: EngineNotifications[K]) => void,
  ): () => void;
  onRunFinished(listener: (run: RunView) => void): () => void;
  /**
   * Starts the lease heartbeat (renewing the lease, or taking it over when its holder dies, and
   * polling the intake queue) and, unless `crons` is false, the cron triggers.
   */
  start(options?: { crons?: boolean }): void;
  /** Stops timers, crons and the heartbeat; runs stay in the store for the next start. */
  stop(): void;
  /** Stops, waits for in-flight writes and gives the lease up. */
  close(): Promise<void>;
};

const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Finished runs whose step results stay in memory (the store keeps them all). */
const KEEP_STEPS_OF = 1000;

const asList = (input: EventInput | readonly EventInput[]): readonly EventInput[] =>
  Array.isArray(input) ? input : [input as EventInput];

/**
 * Creates an engine for `functions`. Throws at once for what it cannot run faithfully: duplicate
 * function ids, invalid cron strings or expressions, flow-control options it does not implement.
 */
export const createEmbeddedEngine = (options: EmbeddedEngineOptions): EmbeddedEngine => {
  const clock = options.clock ?? createRealClock();
  const logger = options.logger ?? console;
  const keep = options.keepFinishedRuns ?? 10_000;
  const keepMs = options.keepFinishedMs ?? 7 * 24 * 60 * 60 * 1000;
  const pollMs = options.pollIntervalMs ?? 1000;
  const report = (what: string) => (error: unknown) => logger.error(`${what}:`, error);

  const registered: RegisteredFunction[] = [];
  for (const fn of options.functions) {
    const { client } = fn as unknown as { client: { id: string } };
    prepareClient(client);
    const appId = client.id;
    for (const reg of registerFunction(fn, appId)) {
      if (registered.some((known) => known.fullId === reg.fullId)) {
        throw new Error(`Two functions share the id "${reg.fullId}"`);
      }
      registered.push(reg);
    }
  }
  const byFullId = new Map(registered.map((reg) => [reg.fullId, reg]));
  const router = new EventRouter(registered);
  const redis = options.store ?? storeClient(createMemoryRequester().requester);
  const store = new EngineStore(redis, options.namespace);
  const lease = new Lease(redis, {
    key: store.leaseKey,
    ...(options.leaseTtlMs !== undefined && { ttlMs: options.leaseTtlMs }),
    ...(options.exclusiveStore !== undefined && { exclusive: options.exclusiveStore }),
  });
  const activity = new Activity();
  const scheduler = new Scheduler(clock, report("Engine timer failed"));
  const observer = new Observer<EngineNotifications>(report("Engine listener failed"));
  const finished = new Map<string, RunRecord>();
  const waiters = new Map<string, ((run: RunView) => void)[]>();
  let finishesSincePrune = 0;
  let started = false;
  let closed = false;
  /** This process holds the lease and has loaded the store's runs. */
  let driving = false;
  let heartbeat: NodeJS.Timeout | undefined;
  /** The crons' catch-up that start() began, while it runs. */
  let cronsStarting: Promise<void> | undefined;

  const view = (run: RunRecord): RunView => toRunView(run, byFullId.get(run.fn)?.id ?? run.fn);

  // Finished runs stay inspectable up to `keep`; only the newest keep their step results in
  // memory, so a long-lived process does not hold every batch's data.
  const withSteps: string[] = [];
  const remember = (run: RunRecord): void => {
    finished.set(run.id, run);
    withSteps.push(run.id);
    while (withSteps.length > KEEP_STEPS_OF) {
      const old = finished.get(withSteps.shift() ?? "");
      if (old) old.steps = new Map();
    }
    for (const id of finished.keys()) {
      if (finished.size <= keep) break;
      finished.delete(id);
    }
  };

  const driver: RunDriver = new RunDriver({
    store,
    logger,
    activity,
    gate: new ExecutionGate(options.maxConcurrentRequests ?? 32),
    now: () => clock.now(),
    schedule: (at, fire) => scheduler.schedule(at, "run", fire),
    backoff: options.backoff ?? ((attempt) => retryDelayMs(attempt)),
    requestTimeoutMs: options.requestTimeoutMs ?? 5 * 60 * 1000,
    around: (work, request) => {
      const inScope = () => withEventIntake((events) => accept(events, false), work);
      return options.around ? options.around(inScope, request) : inScope();
    },
    waitOpened: (run, pending) =>
      router.openWait(
        pending.event,
        { runId: run.id, pendingId: pending.id, runEvent: run.event },
        pending.if,
      ),
    waitClosed: (runId, pendingId) => router.closeWait(runId, pendingId),
    invoke: (parent, functionId, data, stepId) => {
      const reg = byFullId.get(functionId);
      if (!reg) throw new Error(`could not find function with ID "${functionId}"`);
      const payload = typeof data === "object" && data !== null ? data : {};
      const event: EngineEvent = {
        name: FUNCTION_INVOKED,
        data: {
          ...payload,
          _inngest: { source_fn_id: parent.fn, source_run_id: parent.id, source_step_id: stepId },
        },
        id: `invoke-${parent.id}-${stepId}`,
        ts: clock.now(),
      };
      return { child: runIdFor(reg.fullId, event), started: startRun(reg, event, false) };
    },
    finalEvents: (run, reg) =>
      lifecycleEvents(run, reg, clock.now()).filter((event) => router.listens(event.name)),
    finished: (run) => {
      remember(run);
      const runView = view(run);
      for (const resolve of waiters.get(run.id) ?? []) resolve(runView);
      waiters.delete(run.id);
      observer.emit("run:finished", runView);
      if (run.event.name === FUNCTION_INVOKED) {
        driver.resolveInvoke(
          run.id,
          run.status === "completed"
            ? { data: run.output ?? null }
            : { error: run.error ?? { name: "Error", message: `invoked run ${run.status}` } },
        );
      }
      if (driving) void drain();
      if (++finishesSincePrune >= Math.min(64, keep)) {
        finishesSincePrune = 0;
        activity.enter();
        store
          .pruneFinished(keep, clock.now() - keepMs)
          .catch(report("Engine prune failed"))
          .finally(() => activity.exit());
      }
    },
  });

  /** Tells the observers of each event taken (sent, or stored with a caller's transaction). */
  const noteSent = (events: readonly EngineEvent[]) => {
    if (!observer.has("event:sent")) return;
    for (const event of events) observer.emit("event:sent", event);
  };

  // Stores events for the driving process; the driver, if that is us, picks them up at once.
  const accept = async (inputs: readonly unknown[], internal: boolean) => {
    const now = clock.now();
    const events = inputs.map((raw) => {
      const input = raw as EventInput;
      if (typeof input?.name !== "string" || input.name.length === 0) {
        throw new Error("Every event needs a non-empty `name`");
      }
      if (!internal && input.name.startsWith(RESERVED_PREFIX)) {
        throw new Error(
          `Event names starting with "${RESERVED_PREFIX}" are reserved: "${input.name}"`,
        );
      }
      return toEvent(input, now);
    });
    noteSent(events);
    const batched = driving ? sameBatch(events, now) : null;
    if (batched) {
      // Events that only join one function's batch go straight into it, all at once, skipping
      // the intake's push, read and removal. (Events sent through the intake meanwhile, by
      // another process or with other events, may join the batch after them: sends are not
      // ordered with each other. Any other send goes through the intake, so it is stored all at
      // once or not.)
      for (const { reg, rule } of batched) await addToBatch(reg, rule, events, true);
      return { ids: events.map((event) => event.id) };
    }
    // Only the driving process knows every open wait, so another one stores all it is given.
    await store.enqueue(driving ? events.filter((event) => router.listens(event.name)) : events);
    if (driving) drain();
    return { ids: events.map((event) => event.id) };
  };

  /**
   * The batches the event joins when it does nothing else (starts no other run, resumes no wait,
   * cancels nothing); none otherwise.
   */
  const onlyBatches = (event: EngineEvent, now: number) => {
    const batches: { reg: RegisteredFunction; rule: BatchRule }[] = [];
    for (const reg of router.triggered(event, now)) {
      if (!reg.batch) return [];
      batches.push({ reg, rule: reg.batch });
    }
    const quiet =
      router.cancelRules(event.name).length === 0 && router.matchingWaits(event, now).length === 0;
    return quiet ? batches : [];
  };

  /**
   * The batches a send's events join when each only joins batches and a single event, or all of
   * them, join one function's (one transaction stores them); null otherwise.
   */
  const sameBatch = (events: readonly EngineEvent[], now: number) => {
    const [first] = events;
    const batches = first ? onlyBatches(first, now) : [];
    if (batches.length === 0) return null;
    if (events.length === 1) return batches;
    const [only] = batches;
    if (batches.length > 1 || !only) return null;
    for (const event of events.slice(1)) {
      const joins = onlyBatches(event, now);
      if (joins.length !== 1 || joins[0]?.reg !== only.reg) return null;
    }
    return batches;
  };

  let draining: Promise<void> | undefined;
  let drainAgain = false;
  const drain = (): Promise<void> => {
    if (draining) {
      drainAgain = true;
      return draining;
    }
    activity.enter();
    draining = (async () => {
      do {
        drainAgain = false;
        while (driving) {
          const { events, raw } = await store.peek(100);
          if (raw.length === 0) break;
          for (const event of events) {
            if (!driving) return;
            if (event) await route(event);
            else logger.error("Engine dropped an unreadable event from its intake queue");
          }
          await store.ack(raw);
        }
      } while (drainAgain && driving);
    })()
      .catch(report("Engine intake failed"))
      .finally(() => {
        draining = undefined;
        activity.exit();
      });
    return draining;
  };

  const route = async (event: EngineEvent): Promise<void> => {
    const now = clock.now();
    const stored: Promise<void>[] = [];
    for (const wait of router.matchingWaits(event, now)) {
      stored.push(driver.resolveWait(wait.runId, wait.pendingId, event));
    }
    for (const { reg, rule } of router.cancelRules(event.name)) {
      for (const run of driver.runsOf(reg.fullId)) {
        if (rule.timeout && now > run.startedAt + durationMs(rule.timeout, "cancelOn timeout"))
          continue;
        if (rule.condition && !rule.condition.evaluate({ event: run.event, async: event, now })) {
          continue;
        }
        stored.push(driver.cancel(run.id));
      }
    }
    await Promise.all(stored);
    for (const reg of router.triggered(event, now)) {
      if (reg.batch) await addToBatch(reg, reg.batch, [event]);
      else await startRun(reg, event, true);
    }
  };

  /**
   * Events appended inside callers' transactions (appendWithin) since each function's batch was
   * last looked at; their transactions return no batch size, so this counts toward a full batch
   * (a flush reads the true size, so a count off by events sent otherwise only moves a flush to
   * the next append or the timeout).
   */
  const appendedWithin = new Map<string, number>();

  const appendWithin = (tx: TBatchWrites, inputs: readonly EventInput[]) => {
    if (!driving || closed) return null;
    const now = clock.now();
    const events = inputs.map((input) => toEvent(input, now));
    if (events.some((event) => event.name.startsWith(RESERVED_PREFIX))) return null;
    const batched = sameBatch(events, now);
    if (!batched) return null;
    for (const { reg } of batched) {
      store.batchAppendWrites(tx, reg.fullId, events, now, newBatchId());
    }
    return () => {
      noteSent(events);
      if (!driving) return;
      for (const { reg, rule } of batched) {
        const count = (appendedWithin.get(reg.fullId) ?? 0) + events.length;
        appendedWithin.set(reg.fullId, count >= rule.maxSize ? 0 : count);
        void joined(reg, rule, count, now + rule.timeoutMs, true);
      }
    };
  };

  // batchEvents: a function's events gather in the store, in the order it received them (each
  // event once, by id). A run takes up to maxSize of them when that many are there, or all of
  // them when the timeout after the batch opened passes. Taking them is recorded first (the run's
  // id, named after the batch, and its events, in one transaction with their leaving the batch),
  // then the run is stored, then the record is cleared: a crash anywhere in between starts that
  // same run once on the next flush. An event some other run already took (re-sent with the same
  // id) is dropped.
  const flushes = new Map<string, Promise<void>>();
  const batchTimers = new Map<string, () => void>();
  const newBatchId = () => randomUUID();

  /**
   * Adds the events to the function's batch; a full batch's run is started before this resolves,
   * or, with `inBackground`, after (the sender does not wait for it).
   */
  const addToBatch = async (
    reg: RegisteredFunction,
    rule: BatchRule,
    events: readonly EngineEvent[],
    inBackground = false,
  ) => {
    const now = clock.now();
    const { size, since } = await store.appendToBatch(reg.fullId, events, now, newBatchId());
    await joined(
      reg,
      rule,
      size,
      Number.isFinite(since) ? since + rule.timeoutMs : now,
      inBackground,
    );
  };

  /**
   * After events joined a function's batch, which holds `size` entries: a full batch's run is
   * started (before this resolves, or, with `inBackground`, after); otherwise the batch's timer
   * is set for `dueAt`, unless it has one.
   */
  const joined = async (
    reg: RegisteredFunction,
    rule: BatchRule,
    size: number,
    dueAt: number,
    inBackground: boolean,
  ) => {
    if (size >= rule.maxSize) {
      if (inBackground) flushInBackground(reg, rule, false);
      else await flushBatch(reg, rule);
    } else if (!batchTimers.has(reg.fullId)) {
      scheduleBatch(reg, rule, dueAt);
    }
  };

  /** Flushes the batch without waiting; a flush that fails is tried again a little later. */
  const flushInBackground = (reg: RegisteredFunction, rule: BatchRule, due: boolean) => {
    activity.enter();
    flushBatch(reg, rule, due)
      .catch((error: unknown) => {
        report(`Batch of "${reg.id}" could not start its run; trying again`)(error);
        if (driving && !batchTimers.has(reg.fullId)) {
          scheduleBatch(reg, rule, clock.now() + Math.max(1000, rule.timeoutMs));
        }
      })
      .finally(() => activity.exit());
  };

  const scheduleBatch = (reg: RegisteredFunction, rule: BatchRule, at: number) => {
    batchTimers.get(reg.fullId)?.();
    const cancel = scheduler.schedule(Math.max(at, clock.now()), "run", () => {
      if (batchTimers.get(reg.fullId) === cancel) batchTimers.delete(reg.fullId);
      if (driving) flushInBackground(reg, rule, true);
    });
    batchTimers.set(reg.fullId, cancel);
  };

  /** Starts the run a flush recorded; clears the record once the run is stored. */
  const finishFlush = async (reg: RegisteredFunction) => {
    const recorded = await store.flushingBatch(reg.fullId);
    if (!recorded) return;
    const [first] = recorded.events;
    if (first) await startRun(reg, first, false, recorded.events, recorded.runId);
    await store.endFlush(reg.fullId);
  };

  /** Starts runs for full batches (and, when `due`, for the batch whose timeout passed). */
  const flushBatch = (reg: RegisteredFunction, rule: BatchRule, due = false): Promise<void> => {
    const previous = flushes.get(reg.fullId) ?? Promise.resolve();
    const next = previous.then(async () => {
      await finishFlush(reg);
      for (let takeAll = due; driving; takeAll = false) {
        const { size, since } = await store.batchState(reg.fullId);
        appendedWithin.set(reg.fullId, size);
        // A timer of a batch taken since (it filled up) does not cut the next one short: a batch
        // runs on the timeout after its own first event; one with no start time on the timer.
        const timedOut = Number.isFinite(since) ? clock.now() >= since + rule.timeoutMs : takeAll;
        if (size === 0 || (size < rule.maxSize && !timedOut)) {
          if (size > 0) {
            scheduleBatch(
              reg,
              rule,
              (Number.isFinite(since) ? since : clock.now()) + rule.timeoutMs,
            );
          }
          return;
        }
        const head = await store.batchHead(reg.fullId, rule.maxSize, newBatchId());
        const runId = batchRunIdFor(reg.fullId, head.batchId);
        const now = clock.now();
        const mine = await store.claimMany(
          "dedupe",
          reg.fullId,
          head.events.map((event) => event.id),
          now,
          DEDUPE_WINDOW_MS,
          runId,
        );
        const events = head.events.filter((event) => mine.has(event.id));
        await store.beginFlush(
          reg.fullId,
          events.length > 0 ? { runId, events } : null,
          head.taken,
          head.ids,
          now,
        );
        await finishFlush(reg);
      }
    });
    const settled = next.catch(() => {});
    flushes.set(reg.fullId, settled);
    void settled.finally(() => {
      if (flushes.get(reg.fullId) === settled) flushes.delete(reg.fullId);
    });
    return next;
  };

  /** Batches left by an earlier driver: a recorded run starts now, an open batch on its timeout. */
  const resumeBatches = async (): Promise<void> => {
    for (const reg of registered) {
      if (reg.batch) await flushBatch(reg, reg.batch);
    }
  };

  const startRun = async (
    reg: RegisteredFunction,
    event: EngineEvent,
    dedupe: boolean,
    batch?: EngineEvent[],
    batchRunId?: string,
  ) => {
    const id = batchRunId ?? runIdFor(reg.fullId, event);
    const now = clock.now();
    if (dedupe && !(await store.claim("dedupe", reg.fullId, event.id, now, DEDUPE_WINDOW_MS, id))) {
      return;
    }
    if (reg.idempotency) {
      const key = reg.idempotency.evaluate({ event });
      if (
        key !== undefined &&
        !(await store.claim("idem", reg.fullId, key, now, DEDUPE_WINDOW_MS, id))
      ) {
        return;
      }
    }
    const notBefore = await admitRun({ store, driver, logger }, reg, event, id, now);
    if (notBefore === false) return;
    const run: RunRecord = {
      id,
      fn: reg.fullId,
      event,
      status: "running",
      attempt: 0,
      attempts: 0,
      stack: [],
      pending: [],
      discover: true,
      startedAt: now,
      steps: new Map(),
    };
    if (batch) run.batch = batch;
    if (notBefore !== undefined) run.retryAt = notBefore;
    if (driver.has(id) || finished.has(id)) return;
    if (!(await store.createRun(run))) {
      // Handled before (a crash between storing the run and acknowledging the event): drive the
      // stored run if it has not finished.
      const stored = await store.loadRun(id);
      if (stored && stored.endedAt === undefined && !driver.has(id)) driver.adopt(stored, reg);
      return;
    }
    driver.adopt(run, reg);
    if (observer.has("run:started")) observer.emit("run:started", view(run));
  };

  const scheduleCron = (reg: RegisteredFunction, cron: CronSchedule, after: number): void => {
    const at = cron.next(after);
    if (at === undefined) return;
    scheduler.schedule(at, "cron", () => {
      activity.enter();
      fireCron(reg, cron, at)
        .catch(report(`Cron tick of "${reg.id}" failed`))
        .finally(() => activity.exit());
      scheduleCron(reg, cron, at);
    });
  };

  const fireCron = async (reg: RegisteredFunction, cron: CronSchedule, at: number) => {
    await store.setCronMark(reg.fullId, cron.expression, at);
    const event: EngineEvent = {
      name: SCHEDULED_TIMER,
      data: { cron: cron.expression },
      id: `cron-${reg.fullId}-${at}`,
      ts: at,
    };
    await startRun(reg, event, false);
  };

  // Crons resume from their last tick: a tick missed while no process drove the engine fires once.
  const startCrons = async (): Promise<void> => {
    const now = clock.now();
    for (const reg of registered) {
      for (const cron of reg.crons) {
        const mark = await store.cronMark(reg.fullId, cron.expression);
        if (mark === undefined) await store.setCronMark(reg.fullId, cron.expression, now);
        const missed = mark === undefined ? undefined : cron.next(mark);
        if (missed !== undefined && missed <= now) await fireCron(reg, cron, missed);
        scheduleCron(reg, cron, now);
      }
    }
  };

  // Loads the store's runs before driving: until then no event is routed, so none can miss a
  // wait or a cancellation that the loaded runs hold.
  const becomeLeader = async (acquired = false): Promise<boolean> => {
    if (closed || !(acquired || (await lease.acquire()))) return false;
    // Counted as work, so idle() and runUntilIdle() wait for the loading, intake and cron catch-up.
    activity.enter();
    try {
      await takeOver();
    } finally {
      activity.exit();
    }
    return true;
  };

  const takeOver = async (): Promise<void> => {
    const { runs, damaged } = await store.loadActive();
    for (const item of damaged)
      logger.error(`Engine skipped stored run ${item.id}: ${item.reason}`);
    await store.pruneFinished(keep, clock.now() - keepMs);
    for (const run of await store.recentFinished(Math.min(keep, 1000))) remember(run);
    for (const run of runs) {
      const reg = byFullId.get(run.fn);
      if (reg) driver.adopt(run, reg);
      else logger.warn(`Engine left run ${run.id} alone: function "${run.fn}" is not registered`);
    }
    driving = true;
    await resumeBatches();
    await drain();
    if (started) await startCrons();
  };

  let takingOver = false;
  const tick = async (): Promise<void> => {
    if (closed || takingOver) return;
    const wasDriving = driving;
    // A store that does not answer is no proof that another process leads: try again next beat.
    const leader = await lease.acquire().catch(() => undefined);
    if (leader === undefined) return;
    if (wasDriving && !leader) {
      logger.error("Engine lost its lease to another process; it stops driving runs");
      driving = false;
      driver.detach();
      scheduler.clearCron();
      return;
    }
    if (!wasDriving && leader) {
      takingOver = true;
      await becomeLeader(true).finally(() => {
        takingOver = false;
      });
      return;
    }
    if (driving) {
      await drain();
      await watchBatches();
    }
  };

  // An event can join a batch in a process that has just lost the lease, after the new driver
  // resumed the batches: each beat, the driver gives any batch it has no timer for one.
  const watchBatches = async (): Promise<void> => {
    for (const reg of registered) {
      if (reg.batch && driving && !batchTimers.has(reg.fullId) && !flushes.has(reg.fullId)) {
        await flushBatch(reg, reg.batch);
      }
    }
  };

  const ready = becomeLeader().then(
    () => undefined,
    (error: unknown) => report("Engine could not start")(error),
  );

  const runUntilIdle = async ({ until, maxSteps = 10_000 }: RunUntilIdleOptions = {}) => {
    if (!isManualClock(clock)) {
      throw new Error("runUntilIdle needs a VirtualClock; with the real clock use idle()");
    }
    await ready;
    const limit =
      until === undefined ? undefined : typeof until === "number" ? until : until.getTime();
    for (let jumps = 0; ; jumps++) {
      await settle();
      const next = scheduler.paused ? undefined : scheduler.nextDue(limit !== undefined);
      if (next === undefined || (limit !== undefined && next > limit)) break;
      if (jumps >= maxSteps) {
        throw new Error(`runUntilIdle: work still due after ${maxSteps} clock jumps (maxSteps)`);
      }
      clock.advanceTo(Math.max(next, clock.now()));
    }
    if (limit !== undefined && clock.now() < limit) clock.advanceTo(limit);
    await settle();
  };

  const settle = async (): Promise<void> => {
    await ready;
    for (;;) {
      await activity.idle();
      if (!driving) return;
      const queued = await store.peek(1);
      if (queued.raw.length === 0) return;
      await drain();
    }
  };

  const allRecords = (): RunRecord[] => [
    ...finished.values(),
    ...registered.flatMap((reg) => driver.runsOf(reg.fullId)),
  ];

  const stop = (): void => {
    started = false;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
    scheduler.clearCron();
    scheduler.pause();
  };

  return {
    clock,
    ready,
    isLeader: () => driving,
    send: async (input) => {
      await ready;
      return accept(asList(input), false);
    },
    appendWithin,
    idle: settle,
    busy: async () => activity.busy > 0 || (await store.peek(1)).raw.length > 0,
    runUntilIdle,
    runs: (filter = {}) =>
      allRecords()
        .filter(
          (run) =>
            (filter.eventId === undefined ||
              run.event.id === filter.eventId ||
              run.batch?.some((event) => event.id === filter.eventId) === true) &&
            (filter.status === undefined || run.status === filter.status) &&
            (filter.functionId === undefined ||
              (byFullId.get(run.fn)?.id ?? run.fn) === filter.functionId),
        )
        .sort((a, b) => a.startedAt - b.startedAt)
        .map(view),
    getRun: (id) => {
      const run = driver.record(id) ?? finished.get(id);
      return run ? view(run) : undefined;
    },
    waitForRun: (id) => {
      const done = finished.get(id);
      if (done) return Promise.resolve(view(done));
      if (!driver.has(id)) return Promise.reject(new Error(`Unknown run "${id}"`));
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },
    on: (type, listener) => observer.on(type, listener),
    onRunFinished: (listener) => observer.on("run:finished", listener),
    start: (startOptions = {}) => {
      if (heartbeat || closed) return;
      started = startOptions.crons !== false;
      scheduler.resume();
      const every = Math.min(pollMs, lease.ttlMs / 3);
      heartbeat = setInterval(() => void tick().catch(report("Engine heartbeat failed")), every);
      heartbeat.unref();
      if (!started) return;
      // A close right after the start waits for the crons' catch-up instead of closing the store
      // under it (not counted as work: the engine is not busy for it).
      cronsStarting = ready
        .then(() => (driving && !closed ? startCrons() : undefined))
        .catch(report("Engine crons failed"));
    },
    stop,
    close: async () => {
      if (closed) return;
      stop();
      closed = true;
      await ready;
      await cronsStarting;
      await activity.idle();
      await driver.flushed();
      driving = false;
      driver.detach();
      await lease.release().catch(() => {});
    },
  };
};
