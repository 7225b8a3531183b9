// The embedded engine: runs Inngest function objects in-process when neither Inngest Cloud nor a
// dev server is configured — event fan-out, validation, step state, sleeps and waits on a
// pluggable clock, retries, cancelOn, cron triggers and onFailure handlers.
import { randomUUID } from "node:crypto";
import type { InngestFunction, Logger } from "inngest";
import { Activity } from "./activity.ts";
import { type Clock, createRealClock, isManualClock } from "./clock.ts";
import type { CronSchedule } from "./cron.ts";
import {
  type EventTrigger,
  FUNCTION_FAILED,
  type FunctionSpec,
  SCHEDULED_TIMER,
  toFunctionSpecs,
} from "./functions.ts";
import { roundTrip } from "./json.ts";
import { ListenerIndex } from "./listeners.ts";
import { Observer } from "./observer.ts";
import { Run, type RunHost } from "./run.ts";
import { Scheduler } from "./scheduler.ts";
import type { EngineEvent, EventInput, RunStatus, RunView } from "./types.ts";
import { SchemaRegistry } from "./validation.ts";

/** Options of {@link createEmbeddedEngine}. */
export type EmbeddedEngineOptions = {
  /** The function objects made with `inngest.createFunction`. */
  functions: readonly InngestFunction.Any[];
  /** Defaults to the real clock; pass a `VirtualClock` to move time by hand. */
  clock?: Clock;
  /** Receives warnings, retries and failures; also the handlers' `logger`. Defaults to console. */
  logger?: Logger;
  /** Delay in ms before retrying after zero-based attempt `attempt` failed. */
  backoff?: (attempt: number) => number;
  /**
   * How many finished runs `runs()` keeps for inspection (default 10,000); older finished runs are
   * forgotten so a long-lived process does not grow without bound. Unfinished runs are always kept.
   */
  keepFinishedRuns?: number;
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

/** An in-process Inngest executor for a fixed set of functions. */
export type EmbeddedEngine = {
  readonly clock: Clock;
  /**
   * Validates, stores and fans out events: starts a run of every function each one triggers and
   * feeds waiting `step.waitForEvent` steps and `cancelOn` rules. Throws (starting nothing) if
   * any event's data fails its EventType schema. Resolves with the event ids.
   */
  send(events: EventInput | readonly EventInput[]): Promise<{ ids: string[] }>;
  /** Resolves once no run is executing; runs blocked on sleeps, waits or backoffs do not count. */
  idle(): Promise<void>;
  /**
   * With a manual clock: settles active work, then jumps the clock to the next sleep end, wait
   * timeout or retry (and cron tick, when `until` is given), until nothing is due before `until`.
   */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<void>;
  runs(filter?: RunFilter): RunView[];
  getRun(id: string): RunView | undefined;
  /** Resolves with the run once it has completed, failed or been cancelled. */
  waitForRun(id: string): Promise<RunView>;
  on<K extends keyof EngineNotifications>(
    type: K,
    listener: (payload: EngineNotifications[K]) => void,
  ): () => void;
  /** Shorthand for `on("run:finished", listener)`. */
  onRunFinished(listener: (run: RunView) => void): () => void;
  /** Schedules the cron triggers and (after `stop`) resumes timers. */
  start(): void;
  /** Drops cron ticks and stops reacting to the clock; pending promises are left untouched. */
  stop(): void;
};

/** Inngest-like exponential backoff: 10 s, 20 s, 40 s… capped at one hour. */
export const defaultBackoff = (attempt: number): number =>
  Math.min(10_000 * 2 ** attempt, 3_600_000);

const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

type Registered = { spec: FunctionSpec; trigger: EventTrigger };

const asList = (input: EventInput | readonly EventInput[]): readonly EventInput[] =>
  Array.isArray(input) ? input : [input as EventInput];

/** A claim function over 24 hours of clock time: false for a key already claimed in that window. */
const createDedupe = (now: () => number) => {
  const seen = new Map<string, number>();
  return (key: string): boolean => {
    const time = now();
    for (const [oldKey, at] of seen) {
      if (time - at < DEDUPE_WINDOW_MS) break;
      seen.delete(oldKey);
    }
    if (seen.has(key)) return false;
    seen.set(key, time);
    return true;
  };
};

/**
 * Creates an engine for `functions`. Throws at once for what it cannot run faithfully: duplicate
 * function ids, invalid cron strings, unsupported `if` / `match` expressions or wildcards.
 */
export const createEmbeddedEngine = (options: EmbeddedEngineOptions): EmbeddedEngine => {
  const clock = options.clock ?? createRealClock();
  const logger = options.logger ?? console;
  const backoff = options.backoff ?? defaultBackoff;
  const report = (what: string) => (error: unknown) => logger.error(`${what}:`, error);

  const specs: FunctionSpec[] = [];
  for (const fn of options.functions) {
    for (const spec of toFunctionSpecs(fn, logger)) {
      if (specs.some((known) => known.id === spec.id)) {
        throw new Error(`Two functions share the id "${spec.id}"`);
      }
      specs.push(spec);
    }
  }

  const schemas = new SchemaRegistry();
  const exactTriggers = new Map<string, Registered[]>();
  const prefixTriggers: Registered[] = [];
  for (const spec of specs) {
    for (const trigger of spec.triggers) {
      if (trigger.schema) schemas.add(trigger.event, trigger.schema);
      if (trigger.prefix) {
        prefixTriggers.push({ spec, trigger });
        continue;
      }
      const list = exactTriggers.get(trigger.event) ?? [];
      list.push({ spec, trigger });
      exactTriggers.set(trigger.event, list);
    }
    for (const rule of spec.cancelOn) if (rule.schema) schemas.add(rule.event, rule.schema);
  }

  const activity = new Activity();
  const scheduler = new Scheduler(clock, report("Engine timer failed"));
  const observer = new Observer<EngineNotifications>(report("Engine listener failed"));
  const cancelListeners = new ListenerIndex();
  const waitListeners = new ListenerIndex();
  const allRuns = new Map<string, Run>();
  const runsByEvent = new Map<string, Run[]>();
  const runWaiters = new Map<string, ((run: RunView) => void)[]>();
  const keepFinished = options.keepFinishedRuns ?? 10_000;
  const finishedOrder: Run[] = [];
  let finishedHead = 0;
  const forgetOldFinished = (): void => {
    while (finishedOrder.length - finishedHead > keepFinished) {
      const old = finishedOrder[finishedHead++];
      if (!old) break;
      allRuns.delete(old.id);
      const siblings = runsByEvent.get(old.event.id)?.filter((r) => r !== old);
      if (siblings?.length) runsByEvent.set(old.event.id, siblings);
      else runsByEvent.delete(old.event.id);
    }
    if (finishedHead > 1024 && finishedHead * 2 > finishedOrder.length) {
      finishedOrder.splice(0, finishedHead);
      finishedHead = 0;
    }
  };
  const claimEventId = createDedupe(() => clock.now());
  const claimIdempotencyKey = createDedupe(() => clock.now());
  let started = false;

  const toEvent = (input: EventInput, now: number): EngineEvent => {
    const event: EngineEvent = {
      name: input.name,
      data: roundTrip(input.data ?? {}) as Record<string, unknown>,
      id: input.id ?? randomUUID(),
      ts: input.ts ?? now,
    };
    if (input.v !== undefined) event.v = input.v;
    return event;
  };

  const startRun = (spec: FunctionSpec, event: EngineEvent): void => {
    const run = new Run(randomUUID(), spec, event, host);
    allRuns.set(run.id, run);
    const siblings = runsByEvent.get(event.id);
    if (siblings) siblings.push(run);
    else runsByEvent.set(event.id, [run]);
    run.start();
    if (observer.has("run:started")) observer.emit("run:started", run.view());
  };

  const triggered = (event: EngineEvent): Set<FunctionSpec> => {
    const specsToRun = new Set<FunctionSpec>();
    const candidates = exactTriggers.get(event.name) ?? [];
    const prefixed = prefixTriggers.filter(({ trigger }) => event.name.startsWith(trigger.event));
    for (const { spec, trigger } of [...candidates, ...prefixed]) {
      if (specsToRun.has(spec)) continue;
      let passes = true;
      try {
        passes = trigger.condition === undefined || trigger.condition(event);
      } catch {
        passes = false;
      }
      if (!passes) continue;
      const key = spec.idempotencyKey?.(event);
      if (key !== undefined && !claimIdempotencyKey(`${spec.id}\u0000${key}`)) continue;
      specsToRun.add(spec);
    }
    return specsToRun;
  };

  const dispatch = (event: EngineEvent): void => {
    if (observer.has("event:sent")) observer.emit("event:sent", event);
    cancelListeners.dispatch(event);
    waitListeners.dispatch(event);
    for (const spec of triggered(event)) startRun(spec, event);
  };

  const send = async (input: EventInput | readonly EventInput[]): Promise<{ ids: string[] }> => {
    activity.enter();
    try {
      const now = clock.now();
      const items = asList(input);
      const events = items.map((item) => {
        if (typeof item?.name !== "string" || item.name.length === 0) {
          throw new Error("Every event needs a non-empty `name`");
        }
        return toEvent(item, now);
      });
      for (const event of events) await schemas.validate(event.name, event.data);
      events.forEach((event, index) => {
        const explicitId = items[index]?.id !== undefined;
        if (!explicitId || claimEventId(event.id)) dispatch(event);
      });
      return { ids: events.map((event) => event.id) };
    } finally {
      activity.exit();
    }
  };

  const finished = (run: Run): void => {
    const view = run.view();
    if (run.status === "failed" && run.event.name !== FUNCTION_FAILED) {
      dispatch(
        toEvent(
          {
            name: FUNCTION_FAILED,
            data: {
              function_id: run.spec.fullId,
              run_id: run.id,
              error: view.error,
              event: run.event,
            },
          },
          clock.now(),
        ),
      );
    }
    for (const resolve of runWaiters.get(run.id) ?? []) resolve(view);
    runWaiters.delete(run.id);
    observer.emit("run:finished", view);
    finishedOrder.push(run);
    forgetOldFinished();
  };

  const host: RunHost = {
    logger,
    now: () => clock.now(),
    schedule: (at, fire) => scheduler.schedule(at, "run", fire),
    send: (events) => send(events),
    waitFor: (name, listener, schema) => {
      if (schema) schemas.add(name, schema);
      return waitListeners.add(name, listener);
    },
    cancelOn: (name, listener) => cancelListeners.add(name, listener),
    backoff,
    busyChanged: (busy) => (busy ? activity.enter() : activity.exit()),
    finished,
  };

  const scheduleCron = (spec: FunctionSpec, cron: CronSchedule, after: number): void => {
    const at = cron.next(after);
    if (at === undefined) return;
    scheduler.schedule(at, "cron", () => {
      startRun(
        spec,
        toEvent({ name: SCHEDULED_TIMER, data: { cron: cron.expression }, ts: at }, at),
      );
      scheduleCron(spec, cron, at);
    });
  };

  const runUntilIdle = async ({ until, maxSteps = 10_000 }: RunUntilIdleOptions = {}) => {
    if (!isManualClock(clock)) {
      throw new Error("runUntilIdle needs a VirtualClock; with the real clock use idle()");
    }
    const limit =
      until === undefined ? undefined : typeof until === "number" ? until : until.getTime();
    for (let jumps = 0; ; jumps++) {
      await activity.idle();
      const next = scheduler.paused ? undefined : scheduler.nextDue(limit !== undefined);
      if (next === undefined || (limit !== undefined && next > limit)) break;
      if (jumps >= maxSteps) {
        throw new Error(`runUntilIdle: work still due after ${maxSteps} clock jumps (maxSteps)`);
      }
      clock.advanceTo(Math.max(next, clock.now()));
    }
    if (limit !== undefined && clock.now() < limit) clock.advanceTo(limit);
    await activity.idle();
  };

  return {
    clock,
    send,
    idle: () => activity.idle(),
    runUntilIdle,
    runs: (filter = {}) => {
      const source =
        filter.eventId === undefined ? allRuns.values() : (runsByEvent.get(filter.eventId) ?? []);
      const views: RunView[] = [];
      for (const run of source) {
        if (filter.functionId !== undefined && run.spec.id !== filter.functionId) continue;
        if (filter.status !== undefined && run.status !== filter.status) continue;
        views.push(run.view());
      }
      return views;
    },
    getRun: (id) => allRuns.get(id)?.view(),
    waitForRun: (id) => {
      const run = allRuns.get(id);
      if (!run) return Promise.reject(new Error(`Unknown run "${id}"`));
      if (run.finished) return Promise.resolve(run.view());
      return new Promise((resolve) => {
        const waiters = runWaiters.get(id) ?? [];
        waiters.push(resolve);
        runWaiters.set(id, waiters);
      });
    },
    on: (type, listener) => observer.on(type, listener),
    onRunFinished: (listener) => observer.on("run:finished", listener),
    start: () => {
      if (started) return;
      started = true;
      scheduler.resume();
      const now = clock.now();
      for (const spec of specs) for (const cron of spec.crons) scheduleCron(spec, cron, now);
    },
    stop: () => {
      started = false;
      scheduler.clearCron();
      scheduler.pause();
    },
  };
};
