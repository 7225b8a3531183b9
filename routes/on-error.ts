// The app's one error handler: every error becomes JSON `{ error, detail }` with the right status.
// A client's mistake is a 4xx with the reason, a store that cannot save a 503, a provider's
// refusal a 502 with its reason; anything else is a 500 that hides internals.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { NonRetriableError, RetryAfterError } from "inngest";
import { ZodError } from "zod";
import { describeIssues } from "../lib/config/config-error.ts";
import { InvalidEventError } from "../lib/engine/emit.ts";
import { HttpError } from "../lib/http/http-error.ts";
import type { Logger } from "../lib/log.ts";
import { EngineUnavailableError } from "../lib/pipeline/start-run.ts";
import { ProviderResponseError } from "../lib/providers/provider-response-error.ts";
import { STORE_RETRY_AFTER, StoreUnavailableError } from "../lib/store/index.ts";
import { StoredRecordError } from "../lib/store/parse-stored.ts";

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof HttpError) {
      return c.json({ error: err.code, detail: err.detail, ...err.extra }, err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 401 ? "unauthorized" : status === 404 ? "not_found" : "invalid_request";
      return c.json({ error: code, detail: err.message || "request refused" }, status);
    }
    if (err instanceof ZodError) {
      return c.json({ error: "invalid_request", detail: describeIssues("", err).join("; ") }, 400);
    }
    if (err instanceof StoredRecordError) {
      logger.warn(`${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json({ error: "record_damaged", detail: err.message }, 409);
    }
    if (err instanceof EngineUnavailableError) {
      logger.error(`${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json({ error: "engine_unavailable", detail: err.message }, 503);
    }
    if (err instanceof StoreUnavailableError) {
      logger.error(`${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json({ error: "store_unavailable", detail: err.message }, 503, STORE_RETRY_AFTER);
    }
    // A provider refusing or answering badly (an operator action calls Instantly or HeyReach):
    // its reason, which never carries a key, and 502; a rate limit says when to try again.
    if (err instanceof RetryAfterError) {
      logger.warn(`${c.req.method} ${c.req.path}: ${err.message}`);
      // The SDK keeps retryAfter as whole seconds, or as an RFC 3339 date.
      const raw = String(err.retryAfter);
      const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw) - Date.now();
      const after = Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : 30;
      return c.json({ error: "provider_rate_limited", detail: err.message }, 503, {
        "Retry-After": String(after),
      });
    }
    if (err instanceof NonRetriableError || err instanceof ProviderResponseError) {
      logger.warn(`${c.req.method} ${c.req.path}: ${err.message}`);
      return c.json({ error: "provider_error", detail: err.message }, 502);
    }
    if (err instanceof InvalidEventError) {
      return c.json({ error: "invalid_request", detail: err.problems.join("; ") }, 400);
    }
    logger.error(`${c.req.method} ${c.req.path} failed:`, err);
    return c.json(
      {
        error: "internal_error",
        detail: "An unexpected error occurred; the server log has details.",
      },
      500,
    );
  };
}
