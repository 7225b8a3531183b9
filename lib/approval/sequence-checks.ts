// The compliance of a card's whole sequence, step by step, against the sender config of today:
// what the Head of Sales sees on every step and what approval requires of all of them. Example
// values are allowed (flagged) only on cards of sandbox runs.
import {
  checkMessage,
  type TCheckOptions,
  type TComplianceResult,
} from "../compliance/check-message.ts";
import { checksStamp, stampOf } from "../compliance/checks-stamp.ts";
import type { TConfig } from "../config/schemas.ts";
import type { TCard, TCardHead, TSequenceStep } from "../store/card-repo.ts";

export type TStepView = TSequenceStep & { compliance: TComplianceResult };

type TSender = TConfig["sending"]["sender"];

/** How a card's run judges example values (a card whose run is unknown is judged strictly). */
export function checkOptionsFor(mode: "sandbox" | "production" | null): TCheckOptions {
  return { exampleValues: mode === "sandbox" ? "allow" : "fail" };
}

/**
 * The checks of a sequence already made, by the sequence itself: an approval checks the card and
 * then answers with its view, which would check the same (unchanged) steps again.
 */
const checked = new WeakMap<
  readonly unknown[],
  { sender: TSender; mode: string | null; steps: TStepView[] }
>();

/**
 * Every step of the sequence with its own checks, in step order. A sequence whose stamp says it
 * passed them all, for these very steps and this sender (checks-stamp.ts), is not checked again:
 * each step passes, and the checks' details are worked out only if something reads them.
 */
export function checkSequence(
  card: Pick<TCard, "sequence" | "checksPassed">,
  sender: TSender,
  mode: "sandbox" | "production" | null,
): TStepView[] {
  const known = checked.get(card.sequence);
  if (known && known.sender === sender && known.mode === mode) return known.steps;
  const options = checkOptionsFor(mode);
  const stamped =
    card.checksPassed !== undefined &&
    card.checksPassed === checksStamp(card.sequence, sender, options);
  const steps = [...card.sequence]
    .sort((a, b) => a.step - b.step)
    .map((step) => ({
      ...step,
      compliance: stamped
        ? passedAsStamped(step, sender, options)
        : checkMessage(step, sender, options),
    }));
  checked.set(card.sequence, { sender, mode, steps });
  return steps;
}

/**
 * Whether a card's head vouches that every step passed every check for `sender` under its run's
 * mode: its stamp holds for the digest of the steps it was written with.
 */
export function headPassed(
  head: Pick<TCardHead, "checksPassed" | "stepsDigest" | "steps">,
  sender: TSender,
  mode: "sandbox" | "production" | null,
): boolean {
  return (
    head.checksPassed !== undefined &&
    head.steps > 0 &&
    head.checksPassed === stampOf(head.stepsDigest, sender, checkOptionsFor(mode))
  );
}

/** A step's result as its stamp vouches: passed, its checks listed (and run) when first read. */
function passedAsStamped(
  step: TSequenceStep,
  sender: TSender,
  options: TCheckOptions,
): TComplianceResult {
  let checks: TComplianceResult["checks"] | undefined;
  return {
    passed: true,
    get checks() {
      checks ??= checkMessage(step, sender, options).checks;
      return checks;
    },
  };
}

/** The steps that fail, each with the ids of its failed checks. */
export function failingSteps(steps: readonly TStepView[]) {
  return steps
    .filter((step) => !step.compliance.passed)
    .map((step) => ({
      step: step.step,
      day: step.day,
      channel: step.channel,
      failedChecks: step.compliance.checks.filter((check) => !check.passed),
    }));
}
