// ZeroBounce: the only file that knows its URLs. Single checks on api.zerobounce.net
// (`GET /v2/validate`, key in the query) and batches of up to 200 on bulkapi.zerobounce.net
// (`POST /v2/validatebatch`, key in the body). Answers can take 30 s, so timeouts are long.
import { NonRetriableError } from "inngest";
import { z } from "zod";
import type { TVerification } from "../leads/profile.ts";
import { createProviderHttp } from "./http.ts";
import type { ProviderInfo } from "./provider-error.ts";
import { parseBody } from "./provider-response-error.ts";
import { maskSecrets } from "./secret-mask.ts";
import { toVerification } from "./zerobounce-map.ts";
import {
  ZZeroBounceApiError,
  ZZeroBounceBatchResponse,
  ZZeroBounceResult,
} from "./zerobounce-schemas.ts";

export type ZeroBounceClient = {
  kind: "live" | "sandbox";
  /** The verdict on one address. */
  validate(email: string): Promise<TVerification>;
  /** Verdicts on up to 200 addresses, in the same order (refuses more). */
  validateBatch(emails: readonly string[]): Promise<TVerification[]>;
};

export const ZEROBOUNCE: ProviderInfo = { name: "ZeroBounce", keyEnv: "ZEROBOUNCE_API_KEY" };
export const ZEROBOUNCE_BASE_URL = "https://api.zerobounce.net";
export const ZEROBOUNCE_BULK_BASE_URL = "https://bulkapi.zerobounce.net";
export const ZEROBOUNCE_MAX_BATCH = 200;

export type ZeroBounceClientOptions = {
  apiKey: string;
  baseUrl?: string;
  bulkBaseUrl?: string;
  /** For single checks; ZeroBounce may take 30 s. */
  timeoutMs?: number;
  /** For batches of up to 200. */
  batchTimeoutMs?: number;
  /** The sender's IP address, if known (sent empty otherwise). */
  ipAddress?: string;
  now?: () => number;
};

/** Refuses single and batch inputs ZeroBounce cannot take (shared with the sandbox). */
export function checkEmails(emails: readonly string[]): void {
  if (emails.length > ZEROBOUNCE_MAX_BATCH) {
    throw new NonRetriableError(
      `ZeroBounce batch refused: at most ${ZEROBOUNCE_MAX_BATCH} addresses per call (got ${emails.length})`,
    );
  }
  const blank = emails.findIndex((email) => email.trim() === "");
  if (blank >= 0) throw new NonRetriableError(`ZeroBounce refused: address ${blank} is empty`);
}

/** The NonRetriableError for ZeroBounce's `{ error }` answer (bad key, no credits, bad request). */
function refusal(endpoint: string, text: string, secrets: readonly string[]): NonRetriableError {
  const detail = maskSecrets(text, secrets);
  return /api key|credits/i.test(detail)
    ? new NonRetriableError(
        `ZeroBounce refused the API key or has no credits left: check ${ZEROBOUNCE.keyEnv} (${detail})`,
      )
    : new NonRetriableError(`ZeroBounce ${endpoint} refused the request (${detail})`);
}

const hasStatus = (body: unknown): boolean =>
  typeof body === "object" && body !== null && "status" in body;

/** The live ZeroBounce client; the key goes in the query (single) or the body (batch). */
export function createZeroBounceClient(options: ZeroBounceClientOptions): ZeroBounceClient {
  const now = options.now ?? Date.now;
  const secrets = [options.apiKey];
  const shared = { provider: ZEROBOUNCE, secrets, now, headers: {} };
  const api = createProviderHttp({
    ...shared,
    baseUrl: options.baseUrl ?? ZEROBOUNCE_BASE_URL,
    timeoutMs: options.timeoutMs ?? 45_000,
  });
  const bulk = createProviderHttp({
    ...shared,
    baseUrl: options.bulkBaseUrl ?? ZEROBOUNCE_BULK_BASE_URL,
    headers: { "content-type": "application/json" },
    timeoutMs: options.batchTimeoutMs ?? 120_000,
  });
  const ipAddress = options.ipAddress ?? "";

  return {
    kind: "live",
    async validate(email) {
      checkEmails([email]);
      const endpoint = "/v2/validate";
      const body = await api.call({
        method: "get",
        path: "v2/validate",
        endpoint,
        searchParams: { api_key: options.apiKey, email: email.trim(), ip_address: ipAddress },
        schema: z.unknown(),
      });
      const apiError = ZZeroBounceApiError.safeParse(body);
      if (apiError.success && !hasStatus(body))
        throw refusal(endpoint, apiError.data.error, secrets);
      const result = parseBody(ZZeroBounceResult, body, { provider: ZEROBOUNCE.name, endpoint });
      return toVerification(email, result, now);
    },
    async validateBatch(emails) {
      checkEmails(emails);
      if (emails.length === 0) return [];
      const endpoint = "/v2/validatebatch";
      const body = await bulk.call({
        method: "post",
        path: "v2/validatebatch",
        endpoint,
        json: {
          api_key: options.apiKey,
          email_batch: emails.map((email) => ({
            email_address: email.trim(),
            ip_address: ipAddress,
          })),
        },
        schema: ZZeroBounceBatchResponse,
      });
      const errors = body.errors ?? [];
      const whole = errors.find((error) => !error.email_address || error.email_address === "all");
      if (whole && (body.email_batch ?? []).length === 0) {
        throw refusal(endpoint, whole.error ?? "the batch was refused", secrets);
      }
      const byAddress = new Map(
        (body.email_batch ?? []).map((result) => [result.address?.trim().toLowerCase(), result]),
      );
      return emails.map((email) => {
        const result = byAddress.get(email.trim().toLowerCase());
        if (result) return toVerification(email, result, now);
        return toVerification(email, { status: "unknown" }, now);
      });
    },
  };
}
