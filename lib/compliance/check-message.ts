// Checks one message against the compliance rules before a human approves it, and again after an
// edit: CAN-SPAM footer (unsubscribe line, postal address), signature, exactly one call to action,
// no template leftovers, no example values (a sandbox run's cards may show them, flagged), an
// honest subject, and the channel's length limits.
import { z } from "zod";
import type { TConfig } from "../config/schemas.ts";
import { describeCallsToAction, findCallsToAction } from "./calls-to-action.ts";
import type { TComplianceCheckId } from "./check-ids.ts";
import { findExampleValues } from "./example-values.ts";
import {
  EMAIL_BODY_MAX_CHARS,
  LINKEDIN_CONNECT_MAX_CHARS,
  LINKEDIN_MESSAGE_MAX_CHARS,
} from "./limits.ts";
import { findUnfilledPlaceholders } from "./placeholders.ts";
import { subjectProblems } from "./subject.ts";

/**
 * A message to check. `template` (a cadence template name) is optional: "linkedin_connect" marks
 * a connection note, which has LinkedIn's 300-character limit and may skip the call to action.
 */
export const ZCheckableMessage = z.object({
  channel: z.enum(["email", "linkedin"]),
  subject: z.string().nullable(),
  body: z.string(),
  template: z.string().nullish(),
});
export type TCheckableMessage = z.infer<typeof ZCheckableMessage>;

export type TComplianceCheck = { id: TComplianceCheckId; passed: boolean; detail: string };
export type TComplianceResult = { passed: boolean; checks: TComplianceCheck[] };

type TSender = TConfig["sending"]["sender"];

const WHITESPACE = /\s+/g;
const THOUSANDS = /\B(?=(\d{3})+$)/g;

/**
 * How example values are judged: "fail" for anything that may be sent (production runs), "allow"
 * for a sandbox run's cards, whose sender is the shipped sample (the check passes, saying so).
 */
export type TCheckOptions = { exampleValues: "fail" | "allow" };

/** Runs every check that applies to the message's channel; `passed` only if all of them pass. */
export function checkMessage(
  message: TCheckableMessage,
  sender: TSender,
  options: TCheckOptions = { exampleValues: "fail" },
): TComplianceResult {
  const checks =
    message.channel === "email"
      ? emailChecks(message, sender, options)
      : linkedinChecks(message, sender, options);
  return { passed: checks.every((c) => c.passed), checks };
}

function emailChecks(
  message: TCheckableMessage,
  sender: TSender,
  options: TCheckOptions,
): TComplianceCheck[] {
  const body = lazyFlat(message.body);
  const subject = subjectProblems(message.subject);
  return [
    contains(body, sender.unsubscribe_line, "unsubscribe_line", "the line"),
    contains(body, sender.postal_address, "postal_address", "the postal address"),
    contains(body, sender.signature, "signature", "the signature"),
    ctaCheck(message.body, sender, true),
    placeholderCheck(message),
    exampleValueCheck(message, options),
    {
      id: "subject",
      passed: subject.length === 0,
      detail: subject.length === 0 ? describeSubject(message.subject ?? "") : subject.join("; "),
    },
    lengthCheck(message.body, EMAIL_BODY_MAX_CHARS, "Email"),
  ];
}

function linkedinChecks(
  message: TCheckableMessage,
  sender: TSender,
  options: TCheckOptions,
): TComplianceCheck[] {
  const isConnect = message.template === "linkedin_connect";
  return [
    ctaCheck(message.body, sender, !isConnect),
    placeholderCheck(message),
    exampleValueCheck(message, options),
    isConnect
      ? lengthCheck(message.body, LINKEDIN_CONNECT_MAX_CHARS, "Connection note")
      : lengthCheck(message.body, LINKEDIN_MESSAGE_MAX_CHARS, "LinkedIn message"),
  ];
}

/** A body as written, and (made once, when first needed) with its whitespace flattened. */
type LazyFlat = { text: string; flat(): string };

function lazyFlat(text: string): LazyFlat {
  let flat: string | undefined;
  return { text, flat: () => (flat ??= flatten(text)) };
}

function contains(
  body: LazyFlat,
  required: string,
  id: TComplianceCheckId,
  what: string,
): TComplianceCheck {
  // Written as configured (the usual case), or else with line endings or wrapping changed.
  const passed = body.text.includes(required) || body.flat().includes(flatten(required));
  const shown = required.split("\n")[0] ?? required;
  const quoted = shown === required ? `“${required}”` : `“${shown} …”`;
  return { id, passed, detail: passed ? `Has ${what} ${quoted}` : `Missing ${what} ${quoted}` };
}

function ctaCheck(body: string, sender: TSender, required: boolean): TComplianceCheck {
  const ctas = findCallsToAction(body, sender.calendar_url);
  const detail = describeCallsToAction(ctas);
  if (ctas.length === 0 && !required) {
    return { id: "cta", passed: true, detail: `${detail} (optional on a connection note)` };
  }
  return { id: "cta", passed: ctas.length === 1, detail };
}

function placeholderCheck(message: TCheckableMessage): TComplianceCheck {
  const leftovers = findUnfilledPlaceholders(`${message.subject ?? ""}\n${message.body}`);
  return leftovers.length === 0
    ? { id: "no_unfilled_variables", passed: true, detail: "No unfilled variables" }
    : {
        id: "no_unfilled_variables",
        passed: false,
        detail: `Unfilled ${leftovers.length === 1 ? "variable" : "variables"}: ${leftovers.join(", ")}`,
      };
}

function exampleValueCheck(message: TCheckableMessage, options: TCheckOptions): TComplianceCheck {
  const found = findExampleValues(`${message.subject ?? ""}\n${message.body}`);
  if (found.length === 0) {
    return { id: "no_example_values", passed: true, detail: "No example or placeholder values" };
  }
  const listed = found.map((value) => `“${value}”`).join(", ");
  return options.exampleValues === "allow"
    ? {
        id: "no_example_values",
        passed: true,
        detail: `Example values ${listed}: shown in a sandbox run, would fail in production`,
      }
    : {
        id: "no_example_values",
        passed: false,
        detail: `Example values ${listed}: put the sender's real details in config/sending.json`,
      };
}

function lengthCheck(body: string, max: number, what: string): TComplianceCheck {
  const length = body.trim().length;
  if (length === 0) return { id: "length", passed: false, detail: `${what} is empty` };
  const detail = `${what} is ${formatCount(length)} characters (limit ${formatCount(max)})`;
  return { id: "length", passed: length <= max, detail };
}

/** A count as written in a detail: "583", "2,000" (Intl's formatter costs more than the check). */
function formatCount(count: number): string {
  const digits = String(count);
  return digits.length <= 3 ? digits : digits.replace(THOUSANDS, ",");
}

function describeSubject(subject: string): string {
  const text = subject.trim();
  return `Subject “${text}” (${text.length} characters)`;
}

/** Text with every run of whitespace as one space, so line endings and wrapping do not matter. */
function flatten(text: string): string {
  return text.replace(WHITESPACE, " ").trim();
}
