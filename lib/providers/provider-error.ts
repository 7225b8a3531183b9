// Maps a failed provider call to the error Inngest should see: 429 → RetryAfterError (delay from the
// provider's headers), 401/403 → NonRetriableError naming the key to check, other 4xx →
// NonRetriableError with the provider's own text, 5xx/network/timeout → plain Error (retried).
// No message ever carries an API key or a URL with one.
import { NonRetriableError, RetryAfterError } from "inngest";
import { isHTTPError, isNetworkError, isTimeoutError } from "ky";
import { ProviderResponseError } from "./provider-response-error.ts";
import { retryDelay } from "./rate-limit.ts";
import { maskSecrets } from "./secret-mask.ts";

/** A provider as error messages name it, with the env variable holding its key. */
export type ProviderInfo = { name: string; keyEnv: string };

export type FailureContext = {
  provider: ProviderInfo;
  /** The documented endpoint, e.g. "/people/bulk_match" (never a URL with a key). */
  endpoint: string;
  secrets: readonly string[];
  timeoutMs: number;
  now: () => number;
  /** Messages for statuses with a documented meaning, e.g. BetterContact's 406 (unknown id). */
  statusMessages?: Readonly<Record<number, string>>;
};

const MAX_TEXT = 300;

/** The provider's own error text from a parsed error body (JSON or text), or "". */
export function providerErrorText(data: unknown): string {
  if (data === undefined || data === null) return "";
  if (typeof data === "string") {
    return data
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_TEXT);
  }
  if (typeof data !== "object") return String(data).slice(0, MAX_TEXT);
  const record = data as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ["error", "message", "error_message", "detail", "errors"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) parts.push(value.trim());
    else if (Array.isArray(value)) {
      for (const item of value) {
        const nested = typeof item === "string" ? item : providerErrorText(item);
        if (nested) parts.push(nested);
      }
    }
  }
  const text = parts.length > 0 ? [...new Set(parts)].join("; ") : JSON.stringify(data);
  return text.slice(0, MAX_TEXT);
}

const isOurs = (error: unknown): error is Error =>
  error instanceof NonRetriableError ||
  error instanceof RetryAfterError ||
  error instanceof ProviderResponseError;

/** The Inngest-facing error for a failed call (see the file header for the mapping). */
export function toProviderError(error: unknown, context: FailureContext): Error {
  if (isOurs(error)) return error;
  const { provider, endpoint, secrets } = context;
  const mask = (text: string): string => maskSecrets(text, secrets);
  const where = `${provider.name} ${endpoint}`;

  if (isHTTPError(error)) {
    const { status } = error.response;
    const text = mask(providerErrorText(error.data));
    const detail = text ? ` (${text})` : "";
    if (status === 429) {
      const delay = retryDelay(error.response.headers, context.now());
      const seconds = Math.ceil(delay.ms / 1000);
      return new RetryAfterError(
        `${where} rate-limited (429, ${delay.reason}): retry in ${seconds} s${detail}`,
        delay.ms,
      );
    }
    if (status === 401 || status === 403) {
      return new NonRetriableError(
        `${provider.name} refused the API key (${status}): check ${provider.keyEnv}${detail}`,
      );
    }
    const documented = context.statusMessages?.[status];
    if (documented) return new NonRetriableError(`${mask(documented)} (${status})${detail}`);
    const statusText = error.response.statusText ? ` ${error.response.statusText}` : "";
    const message = `${where} answered ${status}${statusText}${detail}`;
    return status >= 400 && status < 500 ? new NonRetriableError(message) : new Error(message);
  }
  if (isTimeoutError(error)) {
    return new Error(`${where} timed out after ${context.timeoutMs} ms`);
  }
  if (isNetworkError(error)) {
    const cause = error.cause instanceof Error ? `: ${mask(error.cause.message)}` : "";
    return new Error(`${where} could not be reached${cause}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${where} failed: ${mask(message)}`);
}
