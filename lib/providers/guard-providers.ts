// Every live provider client behind its circuit breaker (circuit-breaker.ts); sandboxes, which
// cannot fail as a provider does, are left as they are. Opening is a CRITICAL alert, recovery an
// INFO one, sent to the alert sink without holding up the call.

import type { AlertSink } from "../alerts/alert-sink.ts";
import type { TConfig } from "../config/schemas.ts";
import type { Logger } from "../log.ts";
import { BREAKER_PROVIDERS, type BreakerRepo } from "../store/breaker-repo.ts";
import { APOLLO } from "./apollo.ts";
import { BETTERCONTACT } from "./bettercontact.ts";
import { type BreakerDeps, guardClient, type TBreakerNews } from "./circuit-breaker.ts";
import { GOHIGHLEVEL } from "./gohighlevel.ts";
import { HEYREACH } from "./heyreach.ts";
import type { Providers } from "./index.ts";
import { INSTANTLY } from "./instantly.ts";
import { ZEROBOUNCE } from "./zerobounce.ts";

/** Each provider's name, as its client declares it (ProviderInfo). */
export const PROVIDER_NAMES: BreakerDeps["names"] = {
  apollo: APOLLO.name,
  betterContact: BETTERCONTACT.name,
  zeroBounce: ZEROBOUNCE.name,
  instantly: INSTANTLY.name,
  heyReach: HEYREACH.name,
  goHighLevel: GOHIGHLEVEL.name,
};

/** The alert for a circuit that opened or recovered. */
export function breakerAlert(news: TBreakerNews, config: Pick<TConfig, "breakers">) {
  const name = PROVIDER_NAMES[news.provider];
  return news.change === "opened"
    ? {
        severity: "CRITICAL" as const,
        title: `${name} is failing: its circuit is open`,
        detail: `${config.breakers.failure_threshold} failures in a row (last: ${news.breaker.lastError ?? "unknown"}). Calls fail fast until ${news.breaker.retryAt}, then one trial call goes.`,
        context: { provider: name },
      }
    : {
        severity: "INFO" as const,
        title: `${name} answers again: its circuit is closed`,
        detail: "A trial call succeeded; calls go through again.",
        context: { provider: name },
      };
}

export function guardProviders(
  providers: Providers,
  deps: {
    repo: BreakerRepo;
    config: Pick<TConfig, "breakers">;
    now: () => number;
    alerts: AlertSink;
    logger: Logger;
  },
): Providers {
  const breakerDeps: BreakerDeps = {
    repo: deps.repo,
    config: deps.config,
    now: deps.now,
    names: PROVIDER_NAMES,
    onChange: (news) => {
      deps.alerts.send(breakerAlert(news, deps.config)).catch((error) => {
        deps.logger.warn(`breaker alert for ${news.provider} not sent:`, error);
      });
    },
    onStoreError: (error) => deps.logger.warn("circuit breaker state unavailable:", error),
  };
  const guarded = { ...providers };
  for (const provider of BREAKER_PROVIDERS) {
    const client = providers[provider];
    if (client.kind === "live") {
      (guarded as Record<string, unknown>)[provider] = guardClient(client, provider, breakerDeps);
    }
  }
  return guarded;
}
