// The stamp of a sequence that passed every compliance check: made when the card is crafted (every
// step checked there), and trusted later only for the very same steps, sender details,
// example-value rule and checks, so approving an untouched card need not run the checks again.
// Any edit, a change to config/sending.json or a new version of the checks makes the stamp stale,
// and the checks run as before.
import { createHash, hash } from "node:crypto";
import type { TConfig } from "../config/schemas.ts";
import type { TCheckableMessage, TCheckOptions } from "./check-message.ts";

/**
 * The checks' version: bumped with every change to what lib/compliance finds, so stamps made by
 * older checks are not trusted (test/compliance/checks-stamp.test.ts fails until it is).
 * 2: the stamp is made of a digest of the steps and one of what they were checked under, so a
 * card's head (card-repo.ts) can carry the first and an approval need not read the steps.
 * 3: a question read through a company name ending in punctuation ("Yahoo! has…") is one call to
 * action, where it was split in two and none found.
 */
export const CHECKS_VERSION = 3;

type TSender = TConfig["sending"]["sender"];

/** The stamp of `steps` passing every check for `sender` under `options`. */
export function checksStamp(
  steps: readonly TCheckableMessage[],
  sender: TSender,
  options: TCheckOptions,
): string {
  return stampOf(stepsDigest(steps), sender, options);
}

/**
 * The stamp of the steps whose {@link stepsDigest} is `digest`, passing every check for `sender`
 * under `options`.
 */
export function stampOf(digest: string, sender: TSender, options: TCheckOptions): string {
  return hash("sha256", `${conditionsOf(sender, options)}|${digest}`, "base64url").slice(0, 24);
}

/**
 * A digest of the steps' texts: each text length-prefixed, so texts cannot run into each other
 * (cheaper than JSON, which escapes the bodies' every quote and dash), fed piece by piece; 128 bits.
 */
export function stepsDigest(steps: readonly TCheckableMessage[]): string {
  const digest = createHash("sha256");
  for (const step of steps) {
    for (const text of [step.channel, step.template ?? null, step.subject, step.body]) {
      digest.update(text === null || text === undefined ? "~" : `${text.length}:`);
      if (text) digest.update(text);
    }
  }
  return digest.digest("base64url").slice(0, 22);
}

/** What the checks ran under: their version, the sender's details and the options, whole. */
function conditionsOf(sender: TSender, options: TCheckOptions): string {
  // Keyed by the texts, not the objects: a sender changed in place is a new sender.
  const key = `${JSON.stringify(sender)}|${JSON.stringify(options)}`;
  let known = conditions.get(key);
  if (known === undefined) {
    known = hash("sha256", `${CHECKS_VERSION}|${key}`, "base64url");
    if (conditions.size >= 16) conditions.clear();
    conditions.set(key, known);
  }
  return known;
}
const conditions = new Map<string, string>();
