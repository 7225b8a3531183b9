// The stamp of a sequence that passed every compliance check: made when the card is crafted (every
// step checked there), and trusted later only for the very same steps, sender details,
// example-value rule and checks, so approving an untouched card need not run the checks again.
// Any edit, a change to config/sending.json or a new version of the checks makes the stamp stale,
// and the checks run as before.
import { hash } from "node:crypto";
import type { TConfig } from "../config/schemas.ts";
import type { TCheckableMessage, TCheckOptions } from "./check-message.ts";

/**
 * The checks' version: bumped with every change to what lib/compliance finds, so stamps made by
 * older checks are not trusted (test/compliance/checks-stamp.test.ts fails until it is).
 */
export const CHECKS_VERSION = 1;

/** The stamp of `steps` passing every check for `sender` under `options`. */
export function checksStamp(
  steps: readonly TCheckableMessage[],
  sender: TConfig["sending"]["sender"],
  options: TCheckOptions,
): string {
  // Each text length-prefixed, so texts cannot run into each other (cheaper than JSON, which
  // escapes the bodies' every quote and dash); the options whole, so a new one is covered too.
  const parts: (string | null | undefined)[] = [
    String(CHECKS_VERSION),
    JSON.stringify(sender),
    JSON.stringify(options),
  ];
  for (const step of steps)
    parts.push(step.channel, step.template ?? null, step.subject, step.body);
  return hash("sha256", parts.map(framed).join(""), "base64url").slice(0, 24);
}

/** A text as its length and itself; null as a mark no length starts with. */
function framed(text: string | null | undefined): string {
  return text === null || text === undefined ? "~" : `${text.length}:${text}`;
}
