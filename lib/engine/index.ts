// Public surface of the embedded engine: the engine factory, clocks and the data shapes they use.
export type { CancelTimer, Clock, ManualClock } from "./clock.ts";
export { createRealClock, isManualClock, VirtualClock } from "./clock.ts";
export type {
  EmbeddedEngine,
  EmbeddedEngineOptions,
  EngineNotifications,
  RunFilter,
  RunUntilIdleOptions,
} from "./embedded-engine.ts";
export { createEmbeddedEngine } from "./embedded-engine.ts";
export type { SerializedError } from "./errors.ts";
export { ExpressionError } from "./expression.ts";
export { UnsupportedFunctionError } from "./function-registry.ts";
export { EmbeddedSendMiddleware } from "./send-scope.ts";
export type {
  EngineEvent,
  EventInput,
  RunStatus,
  RunView,
  StepOp,
  StepView,
} from "./types.ts";
