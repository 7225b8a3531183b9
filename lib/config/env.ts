// The process environment, parsed once by zod: every setting the app reads from env lives here.
// A wrong value stops start-up with a message naming the variable, never echoing its value.

import { z } from "zod";
import { DEFAULT_STORE_TIMEOUT_MS } from "../store/deadline.ts";
import { hasProtocol, ZStoreTimeoutMs } from "../store/store-env.ts";
import { ConfigError, describeIssues } from "./config-error.ts";
import { envNumber } from "./env-number.ts";

const ZFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "expected true or false",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));
const ZSecret = z.string().min(1);
/** A webhook secret: long enough not to be guessed, and safe to put in a URL's query as is. */
const ZWebhookSecret = z
  .string()
  .min(16, "expected at least 16 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, - and _ only (it travels in a URL)");
const ZOrigins = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .url({ error: "expected comma-separated origins such as https://app.example.com" })
        .refine(
          (origin) => new URL(origin).origin === origin,
          "expected an origin without a path (scheme://host[:port])",
        ),
    ),
  );

export const ZEnv = z
  .object({
    PORT: envNumber("expected a port number")
      .pipe(z.number().int().min(1).max(65_535))
      .default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** Behind a proxy that terminates TLS: trust its X-Forwarded-Proto for secure cookies. */
    TRUST_PROXY: ZFlag.default(false),
    EMERGENCY_STOP: ZFlag.default(false),
    /** Overrides config/safety.json shadow_mode: provider requests go to the shadow queue instead. */
    SHADOW_MODE: ZFlag.optional(),
    DASHBOARD_AUTH_TOKEN: z.string().min(24, "expected at least 24 characters").optional(),
    CORS_ALLOWED_ORIGINS: ZOrigins.default([]),
    PENDING_QUEUE_MAX_AGE_HOURS: envNumber("expected a number of hours")
      .pipe(z.number().int().positive())
      .optional(),
    INNGEST_SIGNING_KEY: ZSecret.optional(),
    INNGEST_SIGNING_KEY_FALLBACK: ZSecret.optional(),
    INNGEST_EVENT_KEY: ZSecret.optional(),
    INNGEST_DEV: z.string().min(1).optional(),
    INNGEST_BASE_URL: z.url().optional(),
    /** The app's public origin (https://… behind TLS), registered with Inngest for /api/inngest. */
    APP_URL: z
      .url()
      .refine(
        (url) => new URL(url).origin === url.replace(/\/$/, ""),
        "expected an origin such as https://app.example.com",
      )
      .optional(),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: ZSecret.optional(),
    REDIS_URL: z
      .string()
      .refine(
        (text) => hasProtocol(text, ["redis:", "rediss:"]),
        "expected redis://[user:password@]host:port[/db]",
      )
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    /** Milliseconds a store request may take before it fails with 503 store_unavailable. */
    STORE_TIMEOUT_MS: ZStoreTimeoutMs.default(DEFAULT_STORE_TIMEOUT_MS),
    SLACK_WEBHOOK_URL: z.url().optional(),
    APOLLO_API_KEY: ZSecret.optional(),
    BETTERCONTACT_API_KEY: ZSecret.optional(),
    ZEROBOUNCE_API_KEY: ZSecret.optional(),
    INSTANTLY_API_KEY: ZSecret.optional(),
    HEYREACH_API_KEY: ZSecret.optional(),
    GHL_API_TOKEN: ZSecret.optional(),
    GHL_LOCATION_ID: z.string().min(1).optional(),
    INSTANTLY_WEBHOOK_SECRET: ZWebhookSecret.optional(),
    HEYREACH_WEBHOOK_SECRET: ZWebhookSecret.optional(),
    RB2B_WEBHOOK_SECRET: ZWebhookSecret.optional(),
    VERCEL: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.INNGEST_SIGNING_KEY && !env.INNGEST_EVENT_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["INNGEST_EVENT_KEY"],
        message:
          "required when INNGEST_SIGNING_KEY is set (Inngest Cloud needs it to receive events)",
      });
    }
    if (env.INNGEST_BASE_URL) {
      for (const key of ["INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY"] as const) {
        if (env[key]) continue;
        ctx.addIssue({
          code: "custom",
          path: [key],
          message:
            "required with INNGEST_BASE_URL (a self-hosted Inngest signs its calls and needs the event key)",
        });
      }
    }
    const dev = env.INNGEST_DEV !== undefined && !["0", "false"].includes(env.INNGEST_DEV);
    if (dev && !env.INNGEST_SIGNING_KEY && !isLoopback(env.HOST)) {
      ctx.addIssue({
        code: "custom",
        path: ["INNGEST_SIGNING_KEY"],
        message: `required with INNGEST_DEV when HOST is not a loopback address (${env.HOST}): unsigned /api/inngest would run any function for anyone who can reach it`,
      });
    }
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      const missing = env.UPSTASH_REDIS_REST_URL
        ? "UPSTASH_REDIS_REST_TOKEN"
        : "UPSTASH_REDIS_REST_URL";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "required: UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN go together",
      });
    }
    if (env.VERCEL && !(env.UPSTASH_REDIS_REST_URL || env.REDIS_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_URL"],
        message: "required on Vercel: the embedded store does not survive a serverless instance",
      });
    }
    if (env.VERCEL && !env.DASHBOARD_AUTH_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["DASHBOARD_AUTH_TOKEN"],
        message: "required on Vercel: a generated token cannot be shown to you there",
      });
    }
    if (env.VERCEL && !(env.INNGEST_SIGNING_KEY || env.INNGEST_BASE_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["INNGEST_SIGNING_KEY"],
        message: "required on Vercel: the embedded engine cannot run in a serverless function",
      });
    }
  });

export type TEnv = z.infer<typeof ZEnv>;

/** Whether a listening host is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses an environment (default: process.env); empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = ZEnv.safeParse(present);
  if (!result.success) throw new ConfigError("Environment", describeIssues("", result.error));
  return result.data;
}
