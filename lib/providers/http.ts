// The one way provider clients talk HTTP: a ky instance per service (prefix, headers, timeout,
// retry 0 because Inngest owns retries) whose errors are mapped by toProviderError, and whose JSON
// bodies are parsed by the endpoint's zod schema.
import ky from "ky";
import type { z } from "zod";
import { type ProviderInfo, toProviderError } from "./provider-error.ts";
import { ProviderResponseError, parseBody } from "./provider-response-error.ts";

export type ProviderHttpOptions = {
  provider: ProviderInfo;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Values to mask in any error text: the API key. */
  secrets: readonly string[];
  now: () => number;
};

export type ProviderCall<S extends z.ZodType> = {
  method: "get" | "post" | "patch" | "delete";
  /** Path under the base URL, without a leading slash. */
  path: string;
  /** The documented endpoint, as error messages name it (e.g. "/async/{id}"). */
  endpoint: string;
  schema: S;
  json?: unknown;
  searchParams?: Record<string, string>;
  statusMessages?: Readonly<Record<number, string>>;
  /** An empty body parses as `undefined` (for endpoints that may answer 200 with nothing). */
  allowEmptyBody?: boolean;
};

export type ProviderHttp = {
  /** Sends the call and returns its body parsed by `schema`; every failure is mapped. */
  call<S extends z.ZodType>(call: ProviderCall<S>): Promise<z.output<S>>;
};

/** A provider's HTTP client: one ky instance, errors mapped, bodies parsed. */
export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const { provider, secrets, timeoutMs, now } = options;
  const mapped = new WeakSet<Error>();
  const api = ky.create({
    prefix: options.baseUrl,
    headers: { accept: "application/json", ...options.headers },
    retry: 0,
    timeout: timeoutMs,
    hooks: {
      beforeError: [
        ({ error, options: requestOptions }) => {
          const { endpoint, statusMessages } = requestOptions.context as {
            endpoint?: string;
            statusMessages?: Readonly<Record<number, string>>;
          };
          const failure = toProviderError(error, {
            provider,
            endpoint: endpoint ?? "(unknown endpoint)",
            secrets,
            timeoutMs,
            now,
            ...(statusMessages ? { statusMessages } : {}),
          });
          mapped.add(failure);
          return failure;
        },
      ],
    },
  });

  return {
    async call(call) {
      const where = { provider: provider.name, endpoint: call.endpoint };
      const context = { endpoint: call.endpoint, statusMessages: call.statusMessages };
      let text: string;
      try {
        text = await api(call.path, {
          method: call.method,
          context,
          ...(call.json === undefined ? {} : { json: call.json }),
          ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        }).text();
      } catch (error) {
        if (error instanceof Error && mapped.has(error)) throw error;
        throw toProviderError(error, {
          provider,
          endpoint: call.endpoint,
          secrets,
          timeoutMs,
          now,
        });
      }
      if (call.allowEmptyBody && text.trim() === "")
        return parseBody(call.schema, undefined, where);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        const problem = text.trim() === "" ? "empty body, expected JSON" : "body is not JSON";
        throw new ProviderResponseError(provider.name, call.endpoint, problem);
      }
      return parseBody(call.schema, body, where);
    },
  };
}
