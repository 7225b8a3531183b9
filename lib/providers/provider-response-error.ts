// The error for a provider answer we cannot use: the body is not JSON or does not match the
// documented shape. It names the provider, the endpoint and the failing field, and is retryable
// (a provider's hiccup may pass), unlike the NonRetriableErrors of refused requests.
import type { z } from "zod";
import { describeIssue } from "./zod-issue.ts";

export class ProviderResponseError extends Error {
  readonly provider: string;
  readonly endpoint: string;

  constructor(provider: string, endpoint: string, problem: string) {
    super(`${provider} ${endpoint}: ${problem}`);
    this.name = "ProviderResponseError";
    this.provider = provider;
    this.endpoint = endpoint;
  }
}

/** `body` parsed by `schema`, or a ProviderResponseError naming the first failing field. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  where: { provider: string; endpoint: string },
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ProviderResponseError(where.provider, where.endpoint, describeIssue(parsed.error));
}
