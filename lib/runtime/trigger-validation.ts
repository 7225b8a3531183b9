// Client middleware that checks a function's triggering events against the catalog before the
// handler runs: an event sent from outside the app (the Inngest dashboard, another app, a forged
// dev-server call) with the wrong shape fails the run at once, naming each bad field, instead of
// a TypeError deep in a step that is then retried.
import { Middleware, NonRetriableError } from "inngest";
import { InvalidEventError, isCatalogEvent, validateEvent } from "../engine/emit.ts";

type Triggering = { name: string; data: unknown };

export class TriggerValidationMiddleware extends Middleware.BaseMiddleware {
  readonly id = "alpha-swarm:trigger-validation";

  override transformFunctionInput(
    arg: Middleware.TransformFunctionInputArgs,
  ): Middleware.TransformFunctionInputArgs {
    const ctx = arg.ctx as { event?: Triggering; events?: Triggering[] };
    for (const event of ctx.events ?? (ctx.event ? [ctx.event] : [])) {
      if (!isCatalogEvent(event.name)) continue;
      try {
        validateEvent(event);
      } catch (error) {
        if (!(error instanceof InvalidEventError)) throw error;
        throw new NonRetriableError(`triggered by an ${error.message}`, { cause: error });
      }
    }
    return arg;
  }
}
