// Dependency injection for Inngest functions, as Inngest documents it: a client middleware whose
// `transformFunctionInput` adds `deps` (repositories, config, providers, clock, logger, alerts)
// to every handler's context. Whatever serves a request (the embedded engine, or the serve route
// for Inngest Cloud) binds the runtime's deps for that request; nothing is module-global.
import { AsyncLocalStorage } from "node:async_hooks";
import { Middleware } from "inngest";
import type { Logger } from "../log.ts";
import type { Runtime } from "./runtime.ts";

/** What every function receives as `ctx.deps`. */
export type FunctionDeps = Pick<
  Runtime,
  "env" | "config" | "logger" | "repos" | "providers" | "now" | "alerts" | "emit"
>;

const bound = new AsyncLocalStorage<FunctionDeps>();

/** Runs `work` (one request to a function) with `deps` injected into the handlers it reaches. */
export const withFunctionDeps = <T>(deps: FunctionDeps, work: () => Promise<T>): Promise<T> =>
  bound.run(deps, work);

/** Raised when a function is executed without a runtime bound to the request. */
export class UnboundRuntimeError extends Error {
  override name = "UnboundRuntimeError";
  constructor() {
    super(
      "No runtime is bound to this request: functions run through the embedded engine or routes/inngest.ts",
    );
  }
}

/** Client middleware that puts the bound runtime's deps on the handler context. */
export class DependencyMiddleware extends Middleware.BaseMiddleware {
  readonly id = "alpha-swarm:dependencies";

  override transformFunctionInput(
    arg: Middleware.TransformFunctionInputArgs,
  ): Middleware.TransformFunctionInputArgs & { ctx: { deps: FunctionDeps } } {
    const deps = bound.getStore();
    if (!deps) throw new UnboundRuntimeError();
    return { ...arg, ctx: { ...arg.ctx, deps } };
  }
}

const forward =
  (level: keyof Logger) =>
  (...args: unknown[]): void => {
    const logger = bound.getStore()?.logger;
    if (logger) logger[level](...args);
    else if (level !== "debug") console[level](...args);
  };

/** The SDK's own log lines go to the bound runtime's logger, where secrets are masked. */
export const boundLogger: Logger = {
  debug: forward("debug"),
  info: forward("info"),
  warn: forward("warn"),
  error: forward("error"),
};
