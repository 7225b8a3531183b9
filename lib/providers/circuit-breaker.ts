// A provider client behind its circuit breaker (lib/store/breaker-repo.ts): before each call the
// breaker is asked — open, the call fails fast with a RetryAfterError until the cool-down ends;
// after it, one call goes as the trial — and after it, a success closes the circuit and a failure
// counts (the threshold in a row opens it; a failed trial opens it again). A refusal of the
// request itself (NonRetriableError: a bad input or key) is the caller's problem, not an outage,
// and does not count. Opening and recovery are reported (an alert); the breaker's own store
// trouble never fails the call.
import { NonRetriableError, RetryAfterError } from "inngest";
import type { TConfig } from "../config/schemas.ts";
import type { BreakerRepo, TBreaker, TBreakerProvider } from "../store/breaker-repo.ts";

export type TBreakerNews = {
  provider: TBreakerProvider;
  change: "opened" | "recovered";
  breaker: TBreaker;
};

export type BreakerDeps = {
  repo: BreakerRepo;
  config: Pick<TConfig, "breakers">;
  now: () => number;
  /** Told when a circuit opens or recovers; never awaited by the call. */
  onChange: (news: TBreakerNews) => void;
  /** Told when the breaker's store cannot be read or written (the call goes on). */
  onStoreError: (error: unknown) => void;
  /** The provider's display name, for messages. */
  names: Record<TBreakerProvider, string>;
};

export type TAdmission = { allow: true } | { allow: false; retryAt: number };

/** Whether a call may go now: closed, or the trial of a circuit whose cool-down has ended. */
export async function admitCall(
  deps: BreakerDeps,
  provider: TBreakerProvider,
): Promise<TAdmission> {
  const now = deps.now();
  const coolDown = deps.config.breakers.cool_down_seconds * 1000;
  return deps.repo.update<TAdmission>(provider, (b) => {
    if (b.state === "closed") return { next: null, result: { allow: true } };
    const until = Date.parse(b.retryAt ?? "") || 0;
    // Open and cooling down; or half-open with a trial under way (for at most a cool-down).
    const waiting = b.state === "open" ? now < until : now < until + coolDown;
    if (waiting) {
      const retryAt = b.state === "open" ? until : until + coolDown;
      return { next: null, result: { allow: false, retryAt } };
    }
    const trial: TBreaker = { ...b, state: "half_open", retryAt: new Date(now).toISOString() };
    return { next: trial, result: { allow: true } };
  });
}

/** Records a call's outcome; returns the news (opened, recovered) or null. */
export async function recordOutcome(
  deps: BreakerDeps,
  provider: TBreakerProvider,
  error: unknown | null,
): Promise<TBreakerNews | null> {
  const now = deps.now();
  const at = new Date(now).toISOString();
  const { failure_threshold, cool_down_seconds } = deps.config.breakers;
  const change = await deps.repo.update(provider, (b) => {
    if (error === null) {
      if (b.state === "closed" && b.failures === 0) return { next: null, result: null };
      const closed: TBreaker = { ...b, state: "closed", failures: 0, retryAt: null, changedAt: at };
      return { next: closed, result: b.state === "closed" ? null : ("recovered" as const) };
    }
    const message = error instanceof Error ? error.message : String(error);
    const failures = b.failures + 1;
    const opens =
      b.state === "half_open" || (b.state === "closed" && failures >= failure_threshold);
    const next: TBreaker = {
      ...b,
      failures,
      lastError: message.slice(0, 500),
      lastErrorAt: at,
      ...(opens && {
        state: "open" as const,
        retryAt: new Date(now + cool_down_seconds * 1000).toISOString(),
        changedAt: at,
      }),
    };
    return { next, result: opens && b.state === "closed" ? ("opened" as const) : null };
  });
  if (!change) return null;
  return { provider, change, breaker: await deps.repo.get(provider) };
}

/** The client with every method behind the provider's breaker (its `kind` and values as they are). */
export function guardClient<T extends object>(
  client: T,
  provider: TBreakerProvider,
  deps: BreakerDeps,
): T {
  const safe = async <R>(work: () => Promise<R>, fallback: R): Promise<R> => {
    try {
      return await work();
    } catch (error) {
      deps.onStoreError(error);
      return fallback;
    }
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const gate = await safe<TAdmission>(() => admitCall(deps, provider), { allow: true });
        if (!gate.allow) {
          throw new RetryAfterError(
            `${deps.names[provider]} is failing: its circuit is open until ${new Date(gate.retryAt).toISOString()}`,
            new Date(gate.retryAt),
          );
        }
        let outcome: unknown | null = null;
        try {
          return await value.apply(target, args);
        } catch (error) {
          // The request's own fault is not the provider's outage.
          outcome = error instanceof NonRetriableError ? null : error;
          throw error;
        } finally {
          const news = await safe(() => recordOutcome(deps, provider, outcome), null);
          if (news) deps.onChange(news);
        }
      };
    },
  });
}
