// GET /api/health/providers: each provider's client (live, or its sandbox) and circuit breaker —
// closed, open or half-open, failures in a row, the last error (secrets masked) and when an open
// circuit lets a call through again.
import { Hono } from "hono";
import { redact, secretsOf } from "../../lib/log.ts";
import { PROVIDER_NAMES } from "../../lib/providers/guard-providers.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { BREAKER_PROVIDERS } from "../../lib/store/breaker-repo.ts";
import type { ApiVariables } from "../bearer-auth.ts";

export function providerHealthRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>().get("/api/health/providers", async (c) => {
    const breakers = await runtime.repos.breakers.getMany(BREAKER_PROVIDERS);
    const clients = runtime.providers("production");
    const secrets = secretsOf(runtime.env);
    return c.json({
      providers: BREAKER_PROVIDERS.map((provider, i) => {
        const b = breakers[i];
        return {
          provider: PROVIDER_NAMES[provider],
          client: clients[provider].kind,
          state: b?.state ?? "closed",
          failures: b?.failures ?? 0,
          lastError: b?.lastError ? redact(b.lastError, secrets) : null,
          lastErrorAt: b?.lastErrorAt ?? null,
          retryAt: b?.state === "open" ? b.retryAt : null,
        };
      }),
    });
  });
}
