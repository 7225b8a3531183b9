// GET /health: unauthenticated liveness and configuration summary (engine, store, emergency stop,
// whether the deliverability guard holds live dispatch).
// A store that cannot be reached within its timeout makes the answer 503 `degraded` with the reason.
import { Hono } from "hono";
import { emergencyState } from "../lib/dispatch/emergency.ts";
import type { Runtime } from "../lib/runtime/runtime.ts";
import { STORE_RETRY_AFTER, StoreUnavailableError } from "../lib/store/index.ts";

export function healthRoutes(runtime: Runtime) {
  return new Hono().get("/health", async (c) => {
    let reason: string | undefined;
    let emergencyStop = runtime.env.EMERGENCY_STOP || runtime.config.safety.emergency_stop;
    let deliverabilityGuard: boolean | null = null;
    try {
      emergencyStop = (await emergencyState(runtime)).on;
      deliverabilityGuard = (await runtime.repos.guard.state()).engaged;
    } catch (error) {
      // The transports' own messages name the store without secrets; anything else stays generic.
      reason =
        error instanceof StoreUnavailableError
          ? `store unavailable: ${error.message}`
          : "store unavailable: the store failed to answer; the server log has details";
      runtime.logger.warn(`health: ${reason}`);
    }
    const storeOk = reason === undefined;
    return c.json(
      {
        status: storeOk ? "ok" : "degraded",
        ...(reason !== undefined && { reason }),
        engine: runtime.engineMode,
        store: runtime.store.transport,
        emergencyStop,
        deliverabilityGuard,
        version: runtime.version,
      },
      storeOk ? 200 : 503,
      storeOk ? {} : STORE_RETRY_AFTER,
    );
  });
}
