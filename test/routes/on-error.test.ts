// The app's error handler maps a store that cannot save a write to 503 store_unavailable, without
// echoing anything but the store's own reason, and a provider's refusal to 502 with its reason.
import { Hono } from "hono";
import { NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../lib/log.ts";
import { StoreUnavailableError } from "../../lib/store/index.ts";
import { createErrorHandler } from "../../routes/on-error.ts";

describe("the error handler", () => {
  it("answers 503 store_unavailable when the store could not save a write", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", sink: (_level, line) => lines.push(line) });
    const app = new Hono();
    app.onError(createErrorHandler(logger));
    app.post("/edit", () => {
      throw new StoreUnavailableError(
        "embedded store /data could not save a write, nothing was applied: database or disk is full",
      );
    });
    const response = await app.request("/edit", { method: "POST" });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: string; detail: string };
    expect(body.error).toBe("store_unavailable");
    expect(body.detail).toContain("database or disk is full");
    expect(lines.some((line) => line.includes("POST /edit"))).toBe(true);
  });

  it("answers a provider's refusal with 502 and its reason, a rate limit with 503 and Retry-After", async () => {
    const app = new Hono();
    app.onError(createErrorHandler(createLogger({ level: "error", sink: () => {} })));
    app.post("/refused", () => {
      throw new NonRetriableError("Instantly refused the API key: check INSTANTLY_API_KEY (401)");
    });
    app.post("/limited", () => {
      throw new RetryAfterError("Instantly rate limit (429)", 30_000);
    });
    const refused = await app.request("/refused", { method: "POST" });
    expect(refused.status).toBe(502);
    expect(await refused.json()).toEqual({
      error: "provider_error",
      detail: "Instantly refused the API key: check INSTANTLY_API_KEY (401)",
    });
    const limited = await app.request("/limited", { method: "POST" });
    expect(limited.status).toBe(503);
    expect(limited.headers.get("retry-after")).toBe("30");
  });
});
