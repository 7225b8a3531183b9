// Email, day 21: the last note. Closes the loop and leaves the calendar link open.
import type { TEmailTemplate } from "./template-types.ts";

export const CLOSE: TEmailTemplate = {
  channel: "email",
  subjects: [
    "Closing the loop",
    "Last note from {{sender_company}}",
    "Closing the loop, {{first_name}}",
  ],
  fallbackSubject: "Closing the loop",
  bodies: [
    `Hi {{first_name}},

Closing the loop on our notes about AI in {{company_possessive}} revenue operations. This is our last email on the subject, and thank you for reading the ones before it.

If priorities change, you can book 15 minutes any time here: {{calendar_url}}

Wishing you and the team a strong quarter.`,
    `Hi {{first_name}},

This is our final note, so we will stop writing after today. If AI in your revenue process becomes a priority later, we would be glad to help {{company}} pick the first workflow and measure what it gives back.

Our calendar stays open: {{calendar_url}}`,
  ],
};
