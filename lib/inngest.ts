// The one Inngest client of the app: every function in functions/ is created from it. Its
// middleware injects the runtime's dependencies into handlers, refuses triggering events that do
// not match the catalog and, inside the embedded engine, hands `step.sendEvent` events to it.
import { Inngest } from "inngest";
import { EmbeddedSendMiddleware } from "./engine/send-scope.ts";
import { boundLogger, DependencyMiddleware } from "./runtime/function-deps.ts";
import { TriggerValidationMiddleware } from "./runtime/trigger-validation.ts";

/** Shared Inngest client; its id names the app in Inngest Cloud and the dev server. */
export const inngest = new Inngest({
  id: "alpha-swarm",
  middleware: [EmbeddedSendMiddleware, DependencyMiddleware, TriggerValidationMiddleware],
  logger: boundLogger,
});
