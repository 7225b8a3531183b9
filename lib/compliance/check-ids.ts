// The compliance checks a message can be put through, by id, in the order they are shown.

export const COMPLIANCE_CHECK_IDS = [
  "unsubscribe_line",
  "postal_address",
  "signature",
  "cta",
  "no_unfilled_variables",
  "no_example_values",
  "subject",
  "length",
] as const;

export type TComplianceCheckId = (typeof COMPLIANCE_CHECK_IDS)[number];

/**
 * The checks the law asks for (CAN-SPAM: an unsubscribe line and the sender's real postal address,
 * so no sample address or placeholder link either): no override lets a message out without them.
 */
export const LEGAL_CHECK_IDS: ReadonlySet<string> = new Set([
  "unsubscribe_line",
  "postal_address",
  "no_example_values",
]);

/** An override's reason must say why in at least a sentence. */
export const OVERRIDE_REASON = { minChars: 20, minWords: 4 } as const;
