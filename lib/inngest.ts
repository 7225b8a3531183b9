// The one Inngest client of the app: every function in functions/ is created from it. Its
// middleware injects the runtime's dependencies into handlers and, inside the embedded engine,
// hands `step.sendEvent` events to that engine.
import { Inngest } from "inngest";
import { EmbeddedSendMiddleware } from "./engine/send-scope.ts";
import { boundLogger, DependencyMiddleware } from "./runtime/function-deps.ts";

/** Shared Inngest client; its id names the app in Inngest Cloud and the dev server. */
export const inngest = new Inngest({
  id: "alpha-swarm",
  middleware: [EmbeddedSendMiddleware, DependencyMiddleware],
  logger: boundLogger,
});
