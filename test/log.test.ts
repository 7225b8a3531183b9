// The logger masks every configured secret, wherever it appears, and honours the level.
import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel, redact, secretsOf } from "../lib/log.ts";

describe("logger", () => {
  it("masks secrets from env, including a REDIS_URL password", () => {
    const secrets = secretsOf({
      APOLLO_API_KEY: "apollo-key-123456",
      REDIS_URL: "redis://default:pa%24%24word-99@db.internal:6379",
      PORT: 3000,
    });
    expect(secrets).toEqual(["apollo-key-123456", "pa$$word-99"]);
    const lines: [LogLevel, string][] = [];
    const logger = createLogger({
      level: "info",
      secrets,
      sink: (l, line) => lines.push([l, line]),
    });
    logger.debug("hidden");
    logger.error("call failed", new Error("401 for key apollo-key-123456"), { pw: "pa$$word-99" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[0]).toBe("error");
    expect(lines[0]?.[1]).toContain("401 for key [redacted]");
    expect(lines[0]?.[1]).not.toContain("apollo-key-123456");
    expect(lines[0]?.[1]).not.toContain("pa$$word-99");
  });

  it("redacts every occurrence", () => {
    expect(redact("a-secret and a-secret", ["a-secret"])).toBe("[redacted] and [redacted]");
  });
});
