// Chooses each provider's client: the sandbox for every provider in sandbox mode, and in
// production for any provider whose API key is missing; the live client otherwise. Dispatch
// (Instantly, HeyReach) and the CRM (GoHighLevel) use the production set.
import { type ApolloClient, createApolloClient } from "./apollo.ts";
import { createApolloSandbox } from "./apollo-sandbox.ts";
import { type BetterContactClient, createBetterContactClient } from "./bettercontact.ts";
import { createBetterContactSandbox } from "./bettercontact-sandbox.ts";
import { createGoHighLevelClient, type GoHighLevelClient } from "./gohighlevel.ts";
import { createGoHighLevelSandbox } from "./gohighlevel-sandbox.ts";
import { createHeyReachClient, type HeyReachClient } from "./heyreach.ts";
import { createHeyReachSandbox } from "./heyreach-sandbox.ts";
import { createInstantlyClient, type InstantlyClient } from "./instantly.ts";
import { createInstantlySandbox } from "./instantly-sandbox.ts";
import { createZeroBounceClient, type ZeroBounceClient } from "./zerobounce.ts";
import { createZeroBounceSandbox } from "./zerobounce-sandbox.ts";

export type ProviderMode = "sandbox" | "production";

export type ProviderKeys = {
  APOLLO_API_KEY?: string | undefined;
  BETTERCONTACT_API_KEY?: string | undefined;
  ZEROBOUNCE_API_KEY?: string | undefined;
  INSTANTLY_API_KEY?: string | undefined;
  HEYREACH_API_KEY?: string | undefined;
  GHL_API_TOKEN?: string | undefined;
  GHL_LOCATION_ID?: string | undefined;
};

export type Providers = {
  apollo: ApolloClient;
  betterContact: BetterContactClient;
  zeroBounce: ZeroBounceClient;
  /** Email sending (dispatch). */
  instantly: InstantlyClient;
  /** LinkedIn sending (dispatch). */
  heyReach: HeyReachClient;
  /** The CRM, asked which leads are already contacts (dispatch dedup). */
  goHighLevel: GoHighLevelClient;
};

export type CreateProvidersOptions = {
  mode: ProviderMode;
  keys: ProviderKeys;
  /** Seed of the sandboxes' fake data: the same seed gives the same people. */
  seed?: string | number;
  /** Clock for rate-limit delays and sandbox timestamps (the engine's virtual clock in tests). */
  now?: () => number;
};

export const DEFAULT_SANDBOX_SEED = "alpha-swarm";

/**
 * The three provider clients for a mode: all sandboxes in "sandbox"; in "production" the live
 * client of each provider whose key is set, its sandbox otherwise.
 */
export function createProviders(options: CreateProvidersOptions): Providers {
  const seed = String(options.seed ?? DEFAULT_SANDBOX_SEED);
  const now = options.now ?? Date.now;
  const live = (key: string | undefined): string | null =>
    options.mode === "production" && key?.trim() ? key.trim() : null;
  const apolloKey = live(options.keys.APOLLO_API_KEY);
  const betterContactKey = live(options.keys.BETTERCONTACT_API_KEY);
  const zeroBounceKey = live(options.keys.ZEROBOUNCE_API_KEY);
  const instantlyKey = live(options.keys.INSTANTLY_API_KEY);
  const heyReachKey = live(options.keys.HEYREACH_API_KEY);
  const ghlToken = live(options.keys.GHL_API_TOKEN);
  return {
    apollo: apolloKey
      ? createApolloClient({ apiKey: apolloKey, now })
      : createApolloSandbox({ seed }),
    betterContact: betterContactKey
      ? createBetterContactClient({ apiKey: betterContactKey, now })
      : createBetterContactSandbox({ seed, now }),
    zeroBounce: zeroBounceKey
      ? createZeroBounceClient({ apiKey: zeroBounceKey, now })
      : createZeroBounceSandbox({ seed, now }),
    instantly: instantlyKey
      ? createInstantlyClient({ apiKey: instantlyKey, now })
      : createInstantlySandbox({ seed, now }),
    heyReach: heyReachKey
      ? createHeyReachClient({ apiKey: heyReachKey, now })
      : createHeyReachSandbox({ seed }),
    goHighLevel: ghlToken
      ? createGoHighLevelClient({
          token: ghlToken,
          locationId: options.keys.GHL_LOCATION_ID?.trim() ?? "",
          now,
        })
      : createGoHighLevelSandbox({ seed }),
  };
}

export type { ApolloBulkMatchResult, ApolloSearchResult } from "./apollo.ts";
export type { ApolloMatchDetail, ApolloSearchQuery } from "./apollo-query.ts";
export type { BetterContactInput } from "./bettercontact-input.ts";
export type {
  BetterContactEmailStatus,
  BetterContactPoll,
  BetterContactResult,
} from "./bettercontact-map.ts";
export { ProviderResponseError } from "./provider-response-error.ts";
export type {
  ApolloClient,
  BetterContactClient,
  GoHighLevelClient,
  HeyReachClient,
  InstantlyClient,
  ZeroBounceClient,
};

/** Lead providers and the key each needs to run live. */
const PROVIDER_KEYS = [
  ["Apollo", "APOLLO_API_KEY"],
  ["BetterContact", "BETTERCONTACT_API_KEY"],
  ["ZeroBounce", "ZEROBOUNCE_API_KEY"],
] as const;

/** The providers that run as their sandbox in production mode, with the key each lacks. */
export function sandboxedInProduction(keys: ProviderKeys): { provider: string; key: string }[] {
  return PROVIDER_KEYS.filter(([, key]) => !keys[key]?.trim()).map(([provider, key]) => ({
    provider,
    key,
  }));
}
