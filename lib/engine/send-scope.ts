// Routes `step.sendEvent` to the embedded engine: each SDK request the engine makes runs inside
// this scope, and the client's middleware hands the events of a step to the engine that made the
// request instead of sending them to an Inngest server. Outside the scope, sends go out as usual.
import { AsyncLocalStorage } from "node:async_hooks";
import { Middleware } from "inngest";

/** Accepts the events of a `step.sendEvent`, as the engine's intake. */
export type EventIntake = (events: readonly unknown[]) => Promise<{ ids: string[] }>;

const scope = new AsyncLocalStorage<EventIntake>();

/** Runs `work` with `intake` receiving every event its steps send. */
export const withEventIntake = <T>(intake: EventIntake, work: () => Promise<T>): Promise<T> =>
  scope.run(intake, work);

/** Client middleware: events sent inside an engine request go to that engine. */
export class EmbeddedSendMiddleware extends Middleware.BaseMiddleware {
  readonly id = "alpha-swarm:embedded-send";

  override async wrapSendEvent(args: Middleware.WrapSendEventArgs) {
    const intake = scope.getStore();
    if (!intake) return args.next();
    return intake(args.events as readonly unknown[]);
  }
}

type ClientInternals = {
  id: string;
  middleware: unknown[];
  eventKey: string | undefined;
  setEnvVars(env: Record<string, string>): unknown;
};

/**
 * Readies a function's client for the engine: adds {@link EmbeddedSendMiddleware} when the client
 * was built without it, and gives a client with no event key a placeholder one, since the SDK
 * refuses to send without a key before any middleware can route the events.
 */
export const prepareClient = (client: unknown): void => {
  const internals = client as ClientInternals;
  if (!internals.middleware.includes(EmbeddedSendMiddleware)) {
    internals.middleware.push(EmbeddedSendMiddleware);
  }
  if (internals.eventKey === undefined) {
    internals.setEnvVars({ INNGEST_EVENT_KEY: "embedded-engine" });
  }
};
