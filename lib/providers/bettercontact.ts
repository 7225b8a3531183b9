// BetterContact: the only file that knows its URLs. Fallback email enrichment, asynchronous:
// `POST /async` submits up to 100 contacts (our uuid rides in custom_fields) and `GET /async/{id}`
// is polled (with step.sleep between polls) until the request is "terminated".
import { NonRetriableError } from "inngest";
import { type BetterContactInput, parseContacts, submitBody } from "./bettercontact-input.ts";
import { type BetterContactPoll, toPoll } from "./bettercontact-map.ts";
import {
  ZBetterContactPollResponse,
  ZBetterContactSubmitResponse,
} from "./bettercontact-schemas.ts";
import { createProviderHttp } from "./http.ts";
import type { ProviderInfo } from "./provider-error.ts";

export type BetterContactClient = {
  kind: "live" | "sandbox";
  /** Starts enriching 1–100 contacts; their results come from `poll`. */
  submit(contacts: readonly BetterContactInput[]): Promise<{ requestId: string }>;
  /** The request's state; results are complete once `done`. Unknown ids are NonRetriable. */
  poll(requestId: string): Promise<BetterContactPoll>;
};

export const BETTERCONTACT: ProviderInfo = {
  name: "BetterContact",
  keyEnv: "BETTERCONTACT_API_KEY",
};
export const BETTERCONTACT_BASE_URL = "https://app.bettercontact.rocks/api/v2";

export type BetterContactClientOptions = {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  now?: () => number;
};

/** The live BetterContact client; the key goes in the `X-API-Key` header. */
export function createBetterContactClient(
  options: BetterContactClientOptions,
): BetterContactClient {
  const http = createProviderHttp({
    provider: BETTERCONTACT,
    baseUrl: options.baseUrl ?? BETTERCONTACT_BASE_URL,
    headers: { "X-API-Key": options.apiKey, "content-type": "application/json" },
    timeoutMs: options.timeoutMs ?? 30_000,
    secrets: [options.apiKey],
    now: options.now ?? Date.now,
  });

  return {
    kind: "live",
    async submit(contacts) {
      const body = await http.call({
        method: "post",
        path: "async",
        endpoint: "/async",
        json: submitBody(parseContacts(contacts)),
        schema: ZBetterContactSubmitResponse,
      });
      if (body.success === false) {
        const why = body.message ? `: ${body.message}` : "";
        throw new NonRetriableError(`BetterContact /async did not accept the request${why}`);
      }
      return { requestId: body.id };
    },
    async poll(requestId) {
      const id = requestId.trim();
      if (!id) throw new NonRetriableError("BetterContact poll refused: empty request id");
      const body = await http.call({
        method: "get",
        path: `async/${encodeURIComponent(id)}`,
        endpoint: "/async/{id}",
        schema: ZBetterContactPollResponse,
        statusMessages: { 406: `BetterContact does not know request ${id}` },
      });
      return toPoll(body);
    },
  };
}
