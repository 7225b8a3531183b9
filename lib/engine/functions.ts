// Reads Inngest function objects into what the engine runs: handler, retries, event triggers
// (with schemas and conditions), cron schedules, cancelOn rules, idempotency, failure handler.
import type { InngestFunction, Logger, StandardSchemaV1 } from "inngest";
import { EventType } from "inngest";
import { type CronSchedule, parseCron } from "./cron.ts";
import { deadlineMs } from "./duration.ts";
import { deserializeError, type SerializedError } from "./errors.ts";
import { compileExpression, matchExpression, type Predicate } from "./expression.ts";
import type { EngineEvent } from "./types.ts";

/** A handler as the engine calls it: one context object in, anything out. */
export type Handler = (ctx: Record<string, unknown>) => unknown;

/** An event trigger; `prefix` marks a wildcard trigger such as `"app/*"`. */
export type EventTrigger = {
  event: string;
  prefix: boolean;
  schema?: StandardSchemaV1;
  condition?: Predicate;
};

/** A `cancelOn` rule: `condition` gets the run's event and the incoming one. */
export type CancelRule = {
  event: string;
  schema?: StandardSchemaV1;
  condition?: Predicate;
  timeout?: unknown;
};

/** Everything the engine needs to run one function. */
export type FunctionSpec = {
  /** The function's own id, as runs report it. */
  id: string;
  /** App-prefixed id, as Inngest Cloud puts in `inngest/function.failed` events. */
  fullId: string;
  retries: number;
  handler: Handler;
  triggers: EventTrigger[];
  crons: CronSchedule[];
  cancelOn: CancelRule[];
  /** Idempotency key of an event, when the function declares `idempotency`. */
  idempotencyKey?: (event: EngineEvent) => string | undefined;
  /** Whether this spec is the `onFailure` handler of another function. */
  failureHandler: boolean;
};

/** Event that Inngest emits when a run has exhausted its retries. */
export const FUNCTION_FAILED = "inngest/function.failed";
/** Event name of cron-triggered runs. */
export const SCHEDULED_TIMER = "inngest/scheduled.timer";

const IGNORED_OPTIONS = [
  "concurrency",
  "throttle",
  "debounce",
  "rateLimit",
  "batchEvents",
  "singleton",
  "priority",
  "timeouts",
  "middleware",
] as const;

type RawFunction = {
  opts: InngestFunction.Options & { onFailure?: Handler };
  fn: Handler;
  onFailureFn?: Handler;
  client?: { id?: string; options?: { middleware?: readonly unknown[] } };
  id(prefix?: string): string;
};

type RawTrigger = { event?: string | EventType<string, undefined>; if?: string; cron?: string };

const eventName = (event: unknown, where: string): { name: string; schema?: StandardSchemaV1 } => {
  if (event instanceof EventType) {
    const schema = event.schema as StandardSchemaV1 | undefined;
    return schema ? { name: event.name, schema } : { name: event.name };
  }
  if (typeof event === "string" && event.length > 0) return { name: event };
  throw new Error(`${where}: expected an event name or an EventType, got ${String(event)}`);
};

const toTrigger = (raw: unknown, where: string): EventTrigger | CronSchedule => {
  if (raw instanceof EventType) {
    const { name, schema } = eventName(raw, where);
    return schema ? { event: name, prefix: false, schema } : { event: name, prefix: false };
  }
  const trigger = raw as RawTrigger;
  if (typeof trigger.cron === "string") return parseCron(trigger.cron);
  const { name, schema } = eventName(trigger.event, where);
  const prefix = name.endsWith("*");
  if (name.includes("*") && !(name.endsWith("/*") && name.indexOf("*") === name.length - 1)) {
    throw new Error(
      `${where}: unsupported wildcard trigger "${name}" (only "prefix/*" is supported)`,
    );
  }
  const parsed: EventTrigger = { event: prefix ? name.slice(0, -1) : name, prefix };
  if (schema) parsed.schema = schema;
  if (trigger.if !== undefined) parsed.condition = compileExpression(trigger.if, ["event"]);
  return parsed;
};

type RawCancellation = NonNullable<InngestFunction.Options["cancelOn"]>[number];

const toCancelRule = (raw: RawCancellation, where: string): CancelRule => {
  const { name, schema } = eventName(raw.event, where);
  const rule: CancelRule = { event: name };
  if (schema) rule.schema = schema;
  const expression = raw.match !== undefined ? matchExpression(raw.match) : raw.if;
  if (expression !== undefined) rule.condition = compileExpression(expression, ["event", "async"]);
  if (raw.timeout !== undefined) {
    deadlineMs(raw.timeout, 0, `${where} timeout`);
    rule.timeout = raw.timeout;
  }
  return rule;
};

const toIdempotencyKey = (
  expression: string,
  where: string,
  logger: Logger,
): ((event: EngineEvent) => string | undefined) | undefined => {
  const path = /^event((?:\.[A-Za-z_$][\w$]*)+)$/.exec(expression.trim());
  if (!path) {
    logger.warn(
      `${where}: idempotency key "${expression}" is not a plain event field; ignored by the embedded engine`,
    );
    return undefined;
  }
  const keys = (path[1] ?? "").slice(1).split(".");
  return (event) => {
    let value: unknown = event;
    for (const key of keys) {
      if (typeof value !== "object" || value === null) return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value === undefined ? undefined : JSON.stringify(value);
  };
};

/**
 * Reads one Inngest function into its spec, plus a second spec for its `onFailure` handler.
 * Throws on what the engine cannot honour faithfully (bad cron, unsupported expressions,
 * wildcards other than `prefix/*`); logs a warning for options it ignores.
 */
export const toFunctionSpecs = (fn: InngestFunction.Any, logger: Logger): FunctionSpec[] => {
  const raw = fn as unknown as RawFunction;
  const { opts } = raw;
  const where = `Function "${opts.id}"`;
  const retries = opts.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new Error(`${where}: retries must be a whole number ≥ 0, got ${String(retries)}`);
  }
  const triggers: EventTrigger[] = [];
  const crons: CronSchedule[] = [];
  for (const trigger of (opts.triggers ?? []) as unknown[]) {
    const parsed = toTrigger(trigger, where);
    if ("next" in parsed) crons.push(parsed);
    else triggers.push(parsed);
  }
  const ignored = IGNORED_OPTIONS.filter((key) => opts[key] !== undefined);
  if ((raw.client?.options?.middleware?.length ?? 0) > 0) ignored.push("middleware");
  if (ignored.length > 0) {
    logger.warn(`${where}: ${[...new Set(ignored)].join(", ")} ignored by the embedded engine`);
  }
  const fullId = raw.client?.id ? fn.id(raw.client.id) : opts.id;
  const spec: FunctionSpec = {
    id: opts.id,
    fullId,
    retries,
    handler: raw.fn,
    triggers,
    crons,
    cancelOn: (opts.cancelOn ?? []).map((rule) => toCancelRule(rule, `${where} cancelOn`)),
    failureHandler: false,
  };
  if (opts.idempotency !== undefined) {
    const key = toIdempotencyKey(opts.idempotency, where, logger);
    if (key) spec.idempotencyKey = key;
  }
  const onFailure = raw.onFailureFn;
  if (!onFailure) return [spec];
  const failure: FunctionSpec = {
    id: `${opts.id}-failure`,
    fullId: `${fullId}-failure`,
    retries: 1,
    handler: (ctx) => {
      const event = ctx.event as { data: { error: SerializedError } };
      return onFailure({ ...ctx, error: deserializeError(event.data.error) });
    },
    triggers: [
      {
        event: FUNCTION_FAILED,
        prefix: false,
        condition: (event) =>
          (event as { data?: { function_id?: unknown } }).data?.function_id === fullId,
      },
    ],
    crons: [],
    cancelOn: [],
    failureHandler: true,
  };
  return [spec, failure];
};
