// The ZeroBounce client for sandbox mode: same type and input checks as the live one, verdicts
// from sandbox/zerobounce-world.ts (deterministic per seed and address), timestamps from the
// given clock. No network, no delays.
import type { TVerification } from "../leads/profile.ts";
import { sandboxVerdict } from "./sandbox/zerobounce-world.ts";
import { checkEmails, type ZeroBounceClient } from "./zerobounce.ts";
import { toVerification } from "./zerobounce-map.ts";
import { ZZeroBounceResult } from "./zerobounce-schemas.ts";

export type ZeroBounceSandboxOptions = {
  seed: string;
  /** The clock for `checkedAt` (pass a fixed or virtual one for identical output). */
  now?: () => number;
};

/** A seeded, offline ZeroBounce with a realistic mix of verdicts, fixed per address. */
export function createZeroBounceSandbox(options: ZeroBounceSandboxOptions): ZeroBounceClient {
  const { seed } = options;
  const now = options.now ?? Date.now;
  const verify = (email: string): TVerification =>
    toVerification(email, ZZeroBounceResult.parse(sandboxVerdict(seed, email, now())), now);
  return {
    kind: "sandbox",
    async validate(email) {
      checkEmails([email]);
      return verify(email);
    },
    async validateBatch(emails) {
      checkEmails(emails);
      return emails.map(verify);
    },
  };
}
