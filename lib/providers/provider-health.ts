// Each provider's client (live, or its sandbox) and circuit breaker as the operator sees it —
// closed, open or half-open, failures in a row, the last error (secrets masked) and when an open
// circuit lets a call through again. GET /api/health/providers and the overview page show it.
import { redact, secretsOf } from "../log.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { BREAKER_PROVIDERS } from "../store/breaker-repo.ts";
import { PROVIDER_NAMES } from "./guard-providers.ts";

export async function providerHealth(runtime: Pick<Runtime, "repos" | "providers" | "env">) {
  const breakers = await runtime.repos.breakers.getMany(BREAKER_PROVIDERS);
  const clients = runtime.providers("production");
  const secrets = secretsOf(runtime.env);
  return BREAKER_PROVIDERS.map((provider, i) => {
    const b = breakers[i];
    return {
      provider: PROVIDER_NAMES[provider],
      client: clients[provider].kind,
      state: b?.state ?? ("closed" as const),
      failures: b?.failures ?? 0,
      lastError: b?.lastError ? redact(b.lastError, secrets) : null,
      lastErrorAt: b?.lastErrorAt ?? null,
      retryAt: b?.state === "open" ? b.retryAt : null,
    };
  });
}

export type TProviderHealth = Awaited<ReturnType<typeof providerHealth>>[number];
