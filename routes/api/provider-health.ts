// GET /api/health/providers: each provider's client and circuit breaker
// (lib/providers/provider-health.ts).
import { Hono } from "hono";
import { providerHealth } from "../../lib/providers/provider-health.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";

export function providerHealthRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>().get("/api/health/providers", async (c) =>
    c.json({ providers: await providerHealth(runtime) }),
  );
}
