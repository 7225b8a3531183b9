// The BetterContact client for sandbox mode: same type and input checks as the live one, and no
// state at all. The request id is a token carrying the submit time and the checked contacts
// (sandbox/bettercontact-token.ts), so a poll works in any process, any time after submit; answers
// come from sandbox/bettercontact-world.ts in the documented shape, parsed and mapped like the live
// client's. No network, no delays.
import { NonRetriableError } from "inngest";
import type { BetterContactClient } from "./bettercontact.ts";
import { parseContacts } from "./bettercontact-input.ts";
import { toPoll } from "./bettercontact-map.ts";
import { ZBetterContactPollResponse } from "./bettercontact-schemas.ts";
import { decodeRequestToken, encodeRequestToken } from "./sandbox/bettercontact-token.ts";
import { sandboxPoll } from "./sandbox/bettercontact-world.ts";

export type BetterContactSandboxOptions = {
  seed: string;
  /** How long a request stays "processing" after submit (default 0: done on the first poll). */
  processingMs?: number;
  /** The clock for submit times and polls (the engine's virtual clock in tests). */
  now?: () => number;
};

/** Long ids (tokens run to a few kB) are cut short in error messages. */
const shown = (id: string): string => (id.length > 48 ? `${id.slice(0, 45)}...` : id);

/** A seeded, offline BetterContact that finds an email for about 70% of contacts. */
export function createBetterContactSandbox(
  options: BetterContactSandboxOptions,
): BetterContactClient {
  const { seed } = options;
  const now = options.now ?? Date.now;
  const processingMs = options.processingMs ?? 0;
  return {
    kind: "sandbox",
    async submit(contacts) {
      const checked = parseContacts(contacts);
      return {
        requestId: encodeRequestToken(seed, {
          submittedAt: now(),
          processingMs,
          contacts: checked,
        }),
      };
    },
    async poll(requestId) {
      const id = requestId.trim();
      if (!id) throw new NonRetriableError("BetterContact poll refused: empty request id");
      const request = decodeRequestToken(seed, id);
      if (!request) {
        throw new NonRetriableError(
          `BetterContact does not know request ${shown(id)} (406) (Request not found)`,
        );
      }
      return toPoll(ZBetterContactPollResponse.parse(sandboxPoll(seed, id, request, now())));
    },
  };
}
