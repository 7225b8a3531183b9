// Which store transport the environment asks for, validated with zod; errors never echo secrets.
import { z } from "zod";
import { envNumber } from "../config/env-number.ts";
import { DEFAULT_STORE_TIMEOUT_MS } from "./deadline.ts";

/** The variables that choose and configure the store. Empty strings count as unset. */
export type StoreEnv = {
  UPSTASH_REDIS_REST_URL?: string | undefined;
  UPSTASH_REDIS_REST_TOKEN?: string | undefined;
  REDIS_URL?: string | undefined;
  DATA_DIR?: string | undefined;
  /** Milliseconds a request may take (default 2000); parsed when given as text. */
  STORE_TIMEOUT_MS?: number | string | undefined;
};

/** The transport the environment selects, with what it needs. */
export type StoreConfig =
  | { transport: "upstash"; url: string; token: string; timeoutMs: number }
  | { transport: "redis"; url: string; timeoutMs: number }
  | { transport: "embedded"; dataDir: string };

/** A store environment that cannot be used; the message names the variable, never its value. */
export class StoreConfigError extends Error {
  override name = "StoreConfigError";
}

/** Default directory of the embedded store, relative to the working directory. */
export const DEFAULT_DATA_DIR = ".data/store";

/** The command timeout, in whole milliseconds from 50 to 60000 (STORE_TIMEOUT_MS). */
export const ZStoreTimeoutMs = envNumber("expected a number of milliseconds").pipe(
  z
    .number()
    .int("expected a whole number of milliseconds")
    .min(50, "expected at least 50 ms")
    .max(60_000, "expected at most 60000 ms"),
);

/** Whether `text` is a URL with one of `protocols` and a host. */
export function hasProtocol(text: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

const ZStoreEnv = z.object({
  UPSTASH_REDIS_REST_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((text) => hasProtocol(text, ["https:", "http:"]), "must be an http(s) URL")
      .optional(),
  ),
  UPSTASH_REDIS_REST_TOKEN: z.preprocess(blankToUndefined, z.string().optional()),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(
        (text) => hasProtocol(text, ["redis:", "rediss:"]),
        "must be a redis:// or rediss:// URL",
      )
      .optional(),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  STORE_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    ZStoreTimeoutMs.default(DEFAULT_STORE_TIMEOUT_MS),
  ),
});

/**
 * Chooses the transport: Upstash REST when both UPSTASH variables are set (only one of them is an
 * error), else Redis over TCP when REDIS_URL is set, else the embedded store in DATA_DIR.
 */
export function resolveStoreConfig(env: StoreEnv): StoreConfig {
  const parsed = ZStoreEnv.safeParse({
    UPSTASH_REDIS_REST_URL: env.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: env.UPSTASH_REDIS_REST_TOKEN,
    REDIS_URL: env.REDIS_URL,
    DATA_DIR: env.DATA_DIR,
    STORE_TIMEOUT_MS: env.STORE_TIMEOUT_MS,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join(".")} ${issue.code === "custom" ? issue.message : "is invalid"}`,
    );
    throw new StoreConfigError(`Store configuration: ${problems.join("; ")}`);
  }
  const vars = parsed.data;
  const url = vars.UPSTASH_REDIS_REST_URL;
  const token = vars.UPSTASH_REDIS_REST_TOKEN;
  const timeoutMs = vars.STORE_TIMEOUT_MS;
  if (url !== undefined && token !== undefined) {
    return { transport: "upstash", url, token, timeoutMs };
  }
  if (url !== undefined || token !== undefined) {
    const [present, missing] =
      url === undefined
        ? ["UPSTASH_REDIS_REST_TOKEN", "UPSTASH_REDIS_REST_URL"]
        : ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"];
    throw new StoreConfigError(
      `Store configuration: ${present} is set but ${missing} is missing; set both for Upstash, or neither`,
    );
  }
  if (vars.REDIS_URL !== undefined) return { transport: "redis", url: vars.REDIS_URL, timeoutMs };
  return { transport: "embedded", dataDir: vars.DATA_DIR ?? DEFAULT_DATA_DIR };
}
