// The compliance checks a message can be put through, by id, in the order they are shown.

export const COMPLIANCE_CHECK_IDS = [
  "unsubscribe_line",
  "postal_address",
  "signature",
  "cta",
  "no_unfilled_variables",
  "subject",
  "length",
] as const;

export type TComplianceCheckId = (typeof COMPLIANCE_CHECK_IDS)[number];
