// What a deployment target needs, checked before it goes live: the environment's values parse
// (lib/config/env.ts) and config/*.json loads, and for the target every required variable is
// set — the store (Upstash, or Redis when self-hosting), Inngest's keys, the dashboard token, the
// webhook secrets, Slack, the providers' keys — and the product config has real sending accounts,
// postal address and calendar link instead of the `*.example` placeholders. Each problem names the
// variable or key; no value is ever shown.

import { EXAMPLE_VALUE } from "../compliance/example-values.ts";
import { ConfigError } from "./config-error.ts";
import { parseEnv, type TEnv } from "./env.ts";
import { loadConfig } from "./load-config.ts";
import type { TConfig } from "./schemas.ts";

export const TARGETS = ["production", "staging", "local"] as const;
export type TTarget = (typeof TARGETS)[number];

export type TEnvCheck = { name: string; ok: boolean; problem: string | null };

type Env = Record<string, string | undefined>;

const set = (env: Env, name: string) => (env[name] ?? "").trim() !== "";

/** Variables every deployed target needs (one of each group). */
const REQUIRED: Record<Exclude<TTarget, "local">, [string, string][]> = {
  staging: [
    ["DASHBOARD_AUTH_TOKEN", "the API's bearer token (a generated one is lost with the instance)"],
    ["INNGEST_SIGNING_KEY", "Inngest Cloud's signing key"],
    ["INNGEST_EVENT_KEY", "Inngest Cloud's event key"],
    ["INSTANTLY_WEBHOOK_SECRET", "Instantly's webhook secret (its events are refused without it)"],
    ["HEYREACH_WEBHOOK_SECRET", "HeyReach's webhook secret"],
    ["RB2B_WEBHOOK_SECRET", "RB2B's webhook secret"],
  ],
  production: [
    ["SLACK_WEBHOOK_URL", "Slack, where every failure is reported"],
    ["APP_URL", "the app's public origin (Inngest calls it)"],
    ["APOLLO_API_KEY", "Apollo (its sandbox generates people otherwise)"],
    ["ZEROBOUNCE_API_KEY", "ZeroBounce (its sandbox makes up verdicts otherwise)"],
    ["INSTANTLY_API_KEY", "Instantly (email sends go to its sandbox otherwise)"],
    ["HEYREACH_API_KEY", "HeyReach (LinkedIn sends go to its sandbox otherwise)"],
    ["GHL_API_TOKEN", "GoHighLevel (dedup and revival use its sandbox otherwise)"],
    ["GHL_LOCATION_ID", "GoHighLevel's location"],
  ],
};

const PLACEHOLDER = EXAMPLE_VALUE;

/** The product config's values that must be real before anything is sent. */
function placeholderChecks(config: TConfig): TEnvCheck[] {
  const { accounts, sender } = config.sending;
  const checks: TEnvCheck[] = accounts.map((account, i) => ({
    name: `config/sending.json accounts[${i}].email`,
    ok: !PLACEHOLDER.test(account.email) && !PLACEHOLDER.test(account.domain),
    problem: "a placeholder sending account (*.example): put a real mailbox and domain",
  }));
  checks.push(
    {
      name: "config/sending.json sender.name",
      ok: !PLACEHOLDER.test(sender.name) && !PLACEHOLDER.test(sender.signature),
      problem: "the sample sender (Sam Example): name the person who signs every message",
    },
    {
      name: "config/sending.json sender.postal_address",
      ok: !PLACEHOLDER.test(sender.postal_address),
      problem: "the sample postal address: cold email must carry the sender's real one",
    },
    {
      name: "config/sending.json sender.calendar_url",
      ok: !PLACEHOLDER.test(sender.calendar_url),
      problem: "a placeholder calendar link (*.example)",
    },
  );
  return checks.map((c) => ({ ...c, problem: c.ok ? null : c.problem }));
}

export function validateEnv(target: TTarget, env: Env, configDir?: string): TEnvCheck[] {
  const checks: TEnvCheck[] = [];
  let parsed: TEnv | null = null;
  try {
    parsed = parseEnv(env);
    checks.push({ name: "environment values", ok: true, problem: null });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) {
      const [name = "environment", ...rest] = problem.split(": ");
      checks.push({ name, ok: false, problem: rest.join(": ") || problem });
    }
  }
  let config: TConfig | null = null;
  try {
    config = loadConfig(configDir);
    checks.push({ name: "config/*.json", ok: true, problem: null });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) checks.push({ name: "config", ok: false, problem });
  }
  if (target === "local") return checks;

  const upstash = set(env, "UPSTASH_REDIS_REST_URL") && set(env, "UPSTASH_REDIS_REST_TOKEN");
  const redis = set(env, "REDIS_URL");
  checks.push({
    name: "UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN (or REDIS_URL)",
    ok: upstash || redis,
    problem: "no shared store: the embedded one keeps state on one machine only",
  });
  const required = [...REQUIRED.staging, ...(target === "production" ? REQUIRED.production : [])];
  for (const [name, what] of required) {
    // A value the environment's own rules refused is already named above.
    if (checks.some((c) => c.name === name && !c.ok)) continue;
    checks.push({ name, ok: set(env, name), problem: `missing: ${what}` });
  }
  if (parsed?.INNGEST_DEV) {
    checks.push({
      name: "INNGEST_DEV",
      ok: false,
      problem: "set: a deployed target uses Inngest Cloud or INNGEST_BASE_URL",
    });
  }
  if (config && target === "production") checks.push(...placeholderChecks(config));
  return checks.map((c) => ({ ...c, problem: c.ok ? null : c.problem }));
}
