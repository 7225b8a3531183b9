// GET /health: unauthenticated liveness and configuration summary (engine, store, emergency stop).
import { Hono } from "hono";
import type { Runtime } from "../lib/runtime/runtime.ts";
import { isEmergencyStopped } from "../lib/safety/emergency-stop.ts";

export function healthRoutes(runtime: Runtime) {
  return new Hono().get("/health", async (c) => {
    let storeOk = true;
    let emergencyStop = runtime.env.EMERGENCY_STOP || runtime.config.safety.emergency_stop;
    try {
      emergencyStop = await isEmergencyStopped({
        envStop: runtime.env.EMERGENCY_STOP,
        configStop: runtime.config.safety.emergency_stop,
        redis: runtime.store.redis,
      });
    } catch (error) {
      storeOk = false;
      runtime.logger.warn("health: store unreachable:", error);
    }
    return c.json(
      {
        status: storeOk ? "ok" : "degraded",
        engine: runtime.engineMode,
        store: runtime.store.transport,
        emergencyStop,
        version: runtime.version,
      },
      storeOk ? 200 : 503,
    );
  });
}
