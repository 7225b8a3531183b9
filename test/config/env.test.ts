// parseEnv: defaults for a bare machine, typed values, and errors that name the variable but never
// echo a secret.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/config/config-error.ts";
import { parseEnv } from "../../lib/config/env.ts";
import { engineModeFor } from "../../lib/runtime/engine-mode.ts";

function problems(raw: Record<string, string>): string {
  try {
    parseEnv(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected parseEnv to fail");
}

describe("parseEnv", () => {
  it("runs with no configuration at all", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.EMERGENCY_STOP).toBe(false);
    expect(env.CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(env.DATA_DIR).toBe(".data");
    expect(engineModeFor(env)).toBe("embedded");
  });

  it("parses flags, numbers and origin lists; empty strings count as unset", () => {
    const env = parseEnv({
      PORT: "8080",
      EMERGENCY_STOP: "true",
      CORS_ALLOWED_ORIGINS: "https://a.example.com, http://localhost:5173",
      REDIS_URL: "",
    });
    expect(env.PORT).toBe(8080);
    expect(env.EMERGENCY_STOP).toBe(true);
    expect(env.CORS_ALLOWED_ORIGINS).toEqual(["https://a.example.com", "http://localhost:5173"]);
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("names each wrong variable", () => {
    const message = problems({
      PORT: "70000",
      EMERGENCY_STOP: "maybe",
      CORS_ALLOWED_ORIGINS: "https://a.example.com/path",
    });
    expect(message).toContain("PORT:");
    expect(message).toContain("EMERGENCY_STOP: expected true or false");
    expect(message).toContain("CORS_ALLOWED_ORIGINS[0]: expected an origin without a path");
  });

  it("refuses a number of only spaces as not a number, not as too small", () => {
    const message = problems({
      PORT: " ",
      STORE_TIMEOUT_MS: "  ",
      PENDING_QUEUE_MAX_AGE_HOURS: " ",
    });
    expect(message).toContain("PORT: expected a port number");
    expect(message).toContain("STORE_TIMEOUT_MS: expected a number of milliseconds");
    expect(message).toContain("PENDING_QUEUE_MAX_AGE_HOURS: expected a number of hours");
    expect(parseEnv({ STORE_TIMEOUT_MS: "750", PORT: "8080" })).toMatchObject({
      STORE_TIMEOUT_MS: 750,
      PORT: 8080,
    });
  });

  it("never echoes a secret value in its errors", () => {
    const message = problems({
      DASHBOARD_AUTH_TOKEN: "short-secret-xyz",
      REDIS_URL: "http://user:hunter2-password@host:6379",
      INNGEST_SIGNING_KEY: "signkey-prod-abcdef",
    });
    expect(message).toContain("DASHBOARD_AUTH_TOKEN: expected at least 24 characters");
    expect(message).toContain("REDIS_URL:");
    expect(message).toContain("INNGEST_EVENT_KEY: required when INNGEST_SIGNING_KEY is set");
    for (const secret of ["short-secret-xyz", "hunter2-password", "signkey-prod-abcdef"]) {
      expect(message).not.toContain(secret);
    }
  });

  it("requires the Upstash pair together, and real services on Vercel", () => {
    expect(problems({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toContain(
      "UPSTASH_REDIS_REST_TOKEN: required",
    );
    const vercel = problems({ VERCEL: "1" });
    expect(vercel).toContain("UPSTASH_REDIS_REST_URL: required on Vercel");
    expect(vercel).toContain("INNGEST_SIGNING_KEY: required on Vercel");
  });

  it("chooses the engine from env", () => {
    expect(engineModeFor(parseEnv({ INNGEST_DEV: "1" }))).toBe("inngest-dev");
    expect(engineModeFor(parseEnv({ INNGEST_DEV: "0" }))).toBe("embedded");
    expect(
      engineModeFor(
        parseEnv({
          INNGEST_BASE_URL: "http://inngest.internal:8288",
          INNGEST_SIGNING_KEY: "signkey-self-1",
          INNGEST_EVENT_KEY: "evt-self-1",
        }),
      ),
    ).toBe("inngest-dev");
    expect(
      engineModeFor(
        parseEnv({ INNGEST_SIGNING_KEY: "signkey-prod-1", INNGEST_EVENT_KEY: "evt-1" }),
      ),
    ).toBe("inngest-cloud");
  });

  it("refuses INNGEST_BASE_URL without the keys a self-hosted Inngest needs, naming them", () => {
    const found = problems({ INNGEST_BASE_URL: "http://inngest.internal:8288" });
    expect(found).toContain("INNGEST_SIGNING_KEY: required with INNGEST_BASE_URL");
    expect(found).toContain("INNGEST_EVENT_KEY: required with INNGEST_BASE_URL");
  });

  it("serves unsigned (INNGEST_DEV) only on a loopback address", () => {
    expect(() => parseEnv({ INNGEST_DEV: "1" })).not.toThrow();
    expect(() => parseEnv({ INNGEST_DEV: "1", HOST: "::1" })).not.toThrow();
    expect(problems({ INNGEST_DEV: "1", HOST: "0.0.0.0" })).toContain(
      "INNGEST_SIGNING_KEY: required with INNGEST_DEV when HOST is not a loopback address (0.0.0.0)",
    );
    expect(() =>
      parseEnv({
        INNGEST_DEV: "1",
        HOST: "0.0.0.0",
        INNGEST_SIGNING_KEY: "signkey-dev-1",
        INNGEST_EVENT_KEY: "evt-dev-1",
      }),
    ).not.toThrow();
  });

  it("takes APP_URL as an origin only", () => {
    expect(parseEnv({ APP_URL: "https://app.example.com" }).APP_URL).toBe(
      "https://app.example.com",
    );
    expect(problems({ APP_URL: "https://app.example.com/path" })).toContain(
      "APP_URL: expected an origin",
    );
  });
});
