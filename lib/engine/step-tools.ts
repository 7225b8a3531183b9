// The `step` and `group` objects handed to a handler for one execution: argument parsing,
// Inngest-style step ids (repeats get ":1", ":2"…), and refusals for unsupported tools.
import type { StandardSchemaV1 } from "inngest";
import { NonRetriableError } from "inngest";
import { deadlineMs, durationMs, instantMs } from "./duration.ts";
import { unsupported } from "./errors.ts";
import { compileExpression, matchExpression, type Predicate } from "./expression.ts";
import type { EngineEvent, EventInput } from "./types.ts";

/** What a blocking step asks the run for. */
export type BlockRequest =
  | { kind: "sleep"; at: number }
  | {
      kind: "waitForEvent";
      event: string;
      schema?: StandardSchemaV1;
      predicate?: Predicate;
      deadline: number;
    };

/** The run-side operations behind the step tools of one execution. */
export type StepHost = {
  now(): number;
  /** Runs (or replays) a memoised step whose result is `execute()`'s JSON. */
  execute(id: string, op: "run" | "sendEvent", execute: () => unknown): Promise<unknown>;
  /** Sleeps or waits (or replays the memoised outcome). */
  block(id: string, request: BlockRequest): Promise<unknown>;
  send(events: EventInput[]): Promise<{ ids: string[] }>;
};

type StepOptionsOrId = string | { id: string; name?: string };

const INDEX_SUFFIX = ":";

const refuse = (tool: string) => (): Promise<never> => {
  const refusal = Promise.reject(unsupported(tool));
  refusal.catch(() => {});
  return refusal;
};

/** Builds fresh step and group tools; step ids are resolved in call order, as the SDK does. */
export const createStepTools = (host: StepHost) => {
  const seen = new Set<string>();
  const nextIndex = new Map<string, number>();

  const resolveId = (idOrOptions: StepOptionsOrId): string => {
    const base = typeof idOrOptions === "string" ? idOrOptions : idOrOptions?.id;
    if (typeof base !== "string" || base.length === 0) {
      throw new NonRetriableError("A step needs a non-empty id");
    }
    if (!seen.has(base)) {
      seen.add(base);
      nextIndex.set(base, 1);
      return base;
    }
    let index = nextIndex.get(base) ?? 1;
    while (seen.has(`${base}${INDEX_SUFFIX}${index}`)) index++;
    const id = `${base}${INDEX_SUFFIX}${index}`;
    seen.add(id);
    nextIndex.set(base, index + 1);
    return id;
  };

  // Promises handed to the handler are marked handled, so a step the handler never awaits cannot
  // surface as an unhandled rejection; awaiting one still throws.
  const guarded = <T>(body: () => Promise<T>): Promise<T> => {
    try {
      const promise = body();
      promise.catch(() => {});
      return promise;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const refusal = Promise.reject(
        error instanceof NonRetriableError ? error : new NonRetriableError(reason),
      );
      refusal.catch(() => {});
      return refusal;
    }
  };

  const waitPredicate = (opts: { match?: string; if?: string }): Predicate | undefined => {
    if (opts.match !== undefined && opts.if !== undefined) {
      throw new Error("step.waitForEvent: `match` and `if` cannot be used together");
    }
    const expression = opts.match !== undefined ? matchExpression(opts.match) : opts.if;
    return expression === undefined ? undefined : compileExpression(expression, ["event", "async"]);
  };

  const step = {
    run: (idOrOptions: StepOptionsOrId, fn: (...args: unknown[]) => unknown, ...input: unknown[]) =>
      guarded(() => host.execute(resolveId(idOrOptions), "run", () => fn(...input))),

    sendEvent: (idOrOptions: StepOptionsOrId, payload: EventInput | EventInput[]) =>
      guarded(() =>
        host.execute(resolveId(idOrOptions), "sendEvent", () =>
          host.send(Array.isArray(payload) ? payload : [payload]),
        ),
      ),

    sleep: (idOrOptions: StepOptionsOrId, time: unknown) =>
      guarded(() => {
        const id = resolveId(idOrOptions);
        const at = host.now() + durationMs(time, `step.sleep("${id}")`);
        return host.block(id, { kind: "sleep", at }).then(() => undefined);
      }),

    sleepUntil: (idOrOptions: StepOptionsOrId, time: unknown) =>
      guarded(() => {
        const id = resolveId(idOrOptions);
        const at = instantMs(time, `step.sleepUntil("${id}")`);
        return host.block(id, { kind: "sleep", at }).then(() => undefined);
      }),

    waitForEvent: (
      idOrOptions: StepOptionsOrId,
      opts: { event: unknown; timeout: unknown; match?: string; if?: string },
    ) =>
      guarded(() => {
        const id = resolveId(idOrOptions);
        const what = `step.waitForEvent("${id}")`;
        const target = opts.event as string | { name?: unknown; schema?: StandardSchemaV1 };
        const event = typeof target === "string" ? target : target?.name;
        if (typeof event !== "string" || event.length === 0) {
          throw new Error(`${what}: \`event\` must be an event name or an EventType`);
        }
        if (opts.timeout === undefined) throw new Error(`${what}: \`timeout\` is required`);
        const request: BlockRequest = {
          kind: "waitForEvent",
          event,
          deadline: deadlineMs(opts.timeout, host.now(), `${what} timeout`),
        };
        const predicate = waitPredicate(opts);
        if (predicate) request.predicate = predicate;
        if (typeof target === "object" && target?.schema) request.schema = target.schema;
        return host.block(id, request) as Promise<EngineEvent | null>;
      }),

    invoke: refuse("step.invoke"),
    waitForSignal: refuse("step.waitForSignal"),
    sendSignal: refuse("step.sendSignal"),
    fetch: refuse("step.fetch"),
    realtime: { publish: refuse("step.realtime.publish") },
    ai: { infer: refuse("step.ai.infer"), wrap: refuse("step.ai.wrap") },
  };

  const group = {
    parallel: <T>(optionsOrCallback: unknown, maybeCallback?: () => Promise<T>): Promise<T> => {
      const callback = typeof optionsOrCallback === "function" ? optionsOrCallback : maybeCallback;
      return (callback as () => Promise<T>)();
    },
    experiment: refuse("group.experiment"),
    "~span": <T>(_span: unknown, callback: () => T): T => callback(),
  };

  return { step, group };
};
