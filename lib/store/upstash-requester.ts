// The Upstash REST transport: an @upstash/redis Requester on fetch with the command timeout, a
// few quick retries when the API cannot be reached, and a StoreUnavailableError (never the token)
// when it stays unreachable, times out, or refuses the credentials.
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { createDeadlines, DEFAULT_STORE_TIMEOUT_MS, pause, reconnectDelay } from "./deadline.ts";
import { type ReachabilityListener, reachabilityTracker } from "./reachability.ts";
import { redactSecrets } from "./redact.ts";
import { StoreUnavailableError } from "./store-unavailable.ts";
import { decodeRequest, requestRejected } from "./upstash-request.ts";

/** Options of {@link createUpstashRequester}. */
export type UpstashRequesterOptions = {
  /** Milliseconds a request may take, retries included (default 2000). */
  timeoutMs?: number;
  /** Told when the API becomes unreachable and when it answers again (default: console.warn). */
  onReachability?: ReachabilityListener;
};

const PATHS = { single: "", pipeline: "/pipeline", multi: "/multi-exec" } as const;

/**
 * Creates a Requester that sends @upstash/redis's commands to the Upstash REST API at `url`.
 * A request that cannot reach the API is retried with back-off while its time lasts; a command
 * Upstash rejects (HTTP 400) fails as the Upstash client fails it; anything else that keeps the
 * store from answering (timeout, network, 401/403, 5xx) is a StoreUnavailableError.
 */
export function createUpstashRequester(
  url: string,
  token: string,
  options: UpstashRequesterOptions = {},
): Requester {
  const base = url.replace(/\/$/, "");
  const origin = new URL(base).origin;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const deadlines = createDeadlines(timeoutMs);
  const unavailable = (reason: string) =>
    new StoreUnavailableError(`Upstash at ${origin}: ${redactSecrets(reason, [token])}`);
  const reachability = reachabilityTracker(
    options.onReachability ??
      ((change) => console.warn(`[store] Upstash at ${origin}: ${change.state}: ${change.reason}`)),
  );
  /** Upstash's read-your-writes token: later reads see this client's writes on any replica. */
  let syncToken = "";

  const post = async (path: string, body: unknown, signal: AbortSignal): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(`${base}${path}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            ...(syncToken !== "" && { "upstash-sync-token": syncToken }),
          },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        // Nothing reached Upstash: trying again cannot apply a command twice.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        if (attempt >= 4) throw unavailable(`unreachable (${reason})`);
        await pause(reconnectDelay(attempt), signal);
      }
    }
  };

  const execute = async (req: UpstashRequest, signal: AbortSignal): Promise<unknown> => {
    const decoded = decodeRequest(req);
    const res = await post(PATHS[decoded.kind], req.body, signal);
    const text = await res.text();
    const parsed = ((): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })();
    const error =
      parsed !== null && typeof parsed === "object" && "error" in parsed
        ? String((parsed as { error: unknown }).error)
        : undefined;
    if (res.status === 400 && error !== undefined) throw requestRejected(error, req.body);
    if (res.status === 401 || res.status === 403) {
      throw unavailable(
        `the token was refused (HTTP ${res.status}): check UPSTASH_REDIS_REST_TOKEN`,
      );
    }
    if (!res.ok || parsed === undefined) {
      throw unavailable(`answered HTTP ${res.status}${error ? `: ${error}` : ""}`);
    }
    syncToken = res.headers.get("upstash-sync-token") ?? syncToken;
    return parsed;
  };

  const request = async (req: UpstashRequest): Promise<unknown> => {
    try {
      const reply = await deadlines.run(
        (signal) => execute(req, signal),
        () => unavailable(`did not answer within ${timeoutMs} ms`),
      );
      reachability.succeeded();
      return reply;
    } catch (error) {
      if (error instanceof StoreUnavailableError) reachability.failed(error.message);
      else reachability.succeeded();
      throw error;
    }
  };
  return {
    request: <TResult>(req: UpstashRequest) => request(req) as Promise<UpstashResponse<TResult>>,
  };
}
