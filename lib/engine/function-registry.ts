// Reads Inngest function objects the way the Inngest server does: through each function's own
// registration config (`getConfig`), so triggers, `if` expressions, retries, cancellation and
// flow control (idempotency, concurrency, throttle, rateLimit, singleton) come from the same JSON
// Inngest Cloud receives. Options the engine cannot honour stop start-up with their name.
import type { InngestFunction } from "inngest";
import { type CronSchedule, parseCron } from "./cron.ts";
import { durationMs } from "./duration.ts";
import { type CompiledExpression, compileExpression } from "./expression.ts";
import { type CompiledKey, compileKey } from "./key-expression.ts";

/** Which handler of a function object a registered function runs. */
export type HandlerKind = "main" | "failure";

/** An event trigger; `prefix` marks a wildcard trigger such as `"app/*"`. */
export type EventTrigger = { event: string; prefix: boolean; condition?: CompiledExpression };

/** A cancellation rule: `condition` sees the run's event as `event`, the incoming as `async`. */
export type CancelRule = { event: string; condition?: CompiledExpression; timeout?: string };

/**
 * A concurrency limit on steps in progress, optionally per evaluated key. Scope "fn" counts this
 * function's runs; "env" and "account" share the limit between every function with the same key
 * (one engine serves one environment of one account, so the two are the same here).
 */
export type ConcurrencyRule = { limit: number; key?: CompiledKey; scope: "fn" | "env" | "account" };

/** At most `limit` runs start per `periodMs`, per key: `throttle` delays, `rateLimit` skips. */
export type StartLimit = { limit: number; periodMs: number; key?: CompiledKey };

/** One run at a time per key: `skip` drops a new run, `cancel` cancels the running one. */
export type SingletonRule = { mode: "skip" | "cancel"; key?: CompiledKey };

/** Events gathered into one run: up to `maxSize`, or whatever came within `timeoutMs` of the first. */
export type BatchRule = { maxSize: number; timeoutMs: number };

/** Everything the engine needs to run one registered function. */
export type RegisteredFunction = {
  /** App-prefixed id as Inngest knows it (`alpha-swarm-enrich-leads`). */
  fullId: string;
  /** The id runs report (`enrich-leads`, `enrich-leads-failure`). */
  id: string;
  fn: InngestFunction.Any;
  handlerKind: HandlerKind;
  /** Retries after the first attempt. */
  retries: number;
  triggers: EventTrigger[];
  crons: CronSchedule[];
  cancel: CancelRule[];
  idempotency?: CompiledKey;
  concurrency: ConcurrencyRule[];
  throttle?: StartLimit;
  rateLimit?: StartLimit;
  singleton?: SingletonRule;
  batch?: BatchRule;
};

/** Thrown at start-up for a function the engine cannot run faithfully. */
export class UnsupportedFunctionError extends Error {
  override name = "UnsupportedFunctionError";
}

type RawConfig = {
  id: string;
  triggers?: { event?: string; expression?: string; cron?: string }[];
  steps?: Record<string, { retries?: { attempts?: number } }>;
  cancel?: { event: string; if?: string; timeout?: string }[];
  idempotency?: string;
  concurrency?: number | { limit: number; key?: string; scope?: string }[] | object;
  [option: string]: unknown;
};

// Flow-control options the engine does not implement; each one refuses start-up by name.
const REFUSED_OPTIONS = ["debounce", "priority", "timeouts"] as const;

const toTrigger = (raw: { event?: string; expression?: string }, where: string): EventTrigger => {
  const name = raw.event ?? "";
  if (name.length === 0) throw new UnsupportedFunctionError(`${where}: a trigger without an event`);
  const star = name.indexOf("*");
  if (star !== -1 && !(name.endsWith("/*") && star === name.length - 1)) {
    throw new UnsupportedFunctionError(
      `${where}: wildcard trigger "${name}" is not supported (only "prefix/*")`,
    );
  }
  const trigger: EventTrigger = {
    event: star === -1 ? name : name.slice(0, -1),
    prefix: star !== -1,
  };
  if (raw.expression) trigger.condition = compileExpression(raw.expression);
  return trigger;
};

const toConcurrency = (raw: RawConfig["concurrency"], where: string): ConcurrencyRule[] => {
  if (raw === undefined) return [];
  const list = typeof raw === "number" ? [{ limit: raw }] : Array.isArray(raw) ? raw : [raw];
  return list.map((entry) => {
    const rule = entry as { limit?: number; key?: string; scope?: string };
    const scope = rule.scope ?? "fn";
    if (scope !== "fn" && scope !== "env" && scope !== "account") {
      throw new UnsupportedFunctionError(
        `${where}: concurrency scope "${rule.scope}" is not one of fn, env, account`,
      );
    }
    if (scope !== "fn" && !rule.key) {
      throw new UnsupportedFunctionError(
        `${where}: a concurrency limit with scope "${scope}" needs a key (the limit it shares)`,
      );
    }
    const limit = rule.limit ?? 0;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UnsupportedFunctionError(`${where}: concurrency limit must be a whole number ≥ 1`);
    }
    return rule.key ? { limit, scope, key: compileKey(rule.key) } : { limit, scope };
  });
};

const toStartLimit = (raw: unknown, option: string, where: string): StartLimit => {
  const rule = raw as { limit?: number; period?: string; key?: string; burst?: number };
  const limit = rule.limit ?? 0;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UnsupportedFunctionError(`${where}: ${option}.limit must be a whole number ≥ 1`);
  }
  if (rule.burst !== undefined && rule.burst !== 1) {
    throw new UnsupportedFunctionError(
      `${where}: ${option}.burst other than 1 is not implemented by the embedded engine`,
    );
  }
  const periodMs = durationMs(rule.period, `${where} ${option}.period`);
  return rule.key ? { limit, periodMs, key: compileKey(rule.key) } : { limit, periodMs };
};

const toBatch = (raw: unknown, config: RawConfig, where: string): BatchRule => {
  const rule = raw as { maxSize?: number; timeout?: string; key?: string; if?: string };
  const maxSize = rule.maxSize ?? 0;
  if (!Number.isInteger(maxSize) || maxSize < 1 || maxSize > 1000) {
    throw new UnsupportedFunctionError(
      `${where}: batchEvents.maxSize must be a whole number 1–1000`,
    );
  }
  for (const option of ["key", "if"] as const) {
    if (rule[option] !== undefined) {
      throw new UnsupportedFunctionError(
        `${where}: batchEvents.${option} is not implemented by the embedded engine`,
      );
    }
  }
  // Inngest does not combine batching with these; neither does the engine.
  for (const option of ["idempotency", "rateLimit", "throttle", "singleton", "cancel"] as const) {
    const value = config[option];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      throw new UnsupportedFunctionError(`${where}: batchEvents cannot be combined with ${option}`);
    }
  }
  return { maxSize, timeoutMs: durationMs(rule.timeout, `${where} batchEvents.timeout`) };
};

const toSingleton = (raw: unknown, where: string): SingletonRule => {
  const rule = raw as { mode?: string; key?: string };
  if (rule.mode !== "skip" && rule.mode !== "cancel") {
    throw new UnsupportedFunctionError(`${where}: singleton.mode must be "skip" or "cancel"`);
  }
  return rule.key ? { mode: rule.mode, key: compileKey(rule.key) } : { mode: rule.mode };
};

/** The registered functions of one function object: its main handler and its `onFailure`. */
export const registerFunction = (fn: InngestFunction.Any, appId: string): RegisteredFunction[] => {
  const configs = (
    fn as unknown as { getConfig(opts: { baseUrl: URL; appPrefix: string }): RawConfig[] }
  ).getConfig({ baseUrl: new URL("http://embedded.invalid"), appPrefix: appId });
  const mainId = fn.id(appId);
  return configs.map((config) => {
    const where = `Function "${config.id}"`;
    for (const option of REFUSED_OPTIONS) {
      if (config[option] !== undefined) {
        throw new UnsupportedFunctionError(
          `${where}: the option "${option}" is not implemented by the embedded engine; remove it or run on Inngest`,
        );
      }
    }
    const triggers: EventTrigger[] = [];
    const crons: CronSchedule[] = [];
    for (const raw of config.triggers ?? []) {
      if (raw.cron !== undefined) crons.push(parseCron(raw.cron));
      else triggers.push(toTrigger(raw, where));
    }
    const cancel = (config.cancel ?? []).map((rule) => {
      const parsed: CancelRule = { event: rule.event };
      if (rule.if) parsed.condition = compileExpression(rule.if, { restrictive: true });
      if (rule.timeout) parsed.timeout = rule.timeout;
      return parsed;
    });
    const retries = config.steps?.step?.retries?.attempts ?? 3;
    const registered: RegisteredFunction = {
      fullId: config.id,
      id: config.id.startsWith(`${appId}-`) ? config.id.slice(appId.length + 1) : config.id,
      fn,
      handlerKind: config.id === mainId ? "main" : "failure",
      retries,
      triggers,
      crons,
      cancel,
      concurrency: toConcurrency(config.concurrency, where),
    };
    if (config.idempotency) registered.idempotency = compileKey(config.idempotency);
    if (config.throttle) registered.throttle = toStartLimit(config.throttle, "throttle", where);
    if (config.rateLimit) registered.rateLimit = toStartLimit(config.rateLimit, "rateLimit", where);
    if (config.singleton) registered.singleton = toSingleton(config.singleton, where);
    if (config.batchEvents) registered.batch = toBatch(config.batchEvents, config, where);
    return registered;
  });
};
