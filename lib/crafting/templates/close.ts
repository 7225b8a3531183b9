// Email, day 21: the last note. Closes the loop and leaves the calendar link open.
import type { TEmailTemplate } from "./template-types.ts";

export const CLOSE: TEmailTemplate = {
  channel: "email",
  subjects: [
    "Closing the loop, {{first_name}}",
    "Last note from {{sender_company}} to {{company}}",
    "Closing the loop on {{company}}",
  ],
  fallbackSubject: "Closing the loop",
  bodies: [
    `Hi {{first_name}},

Closing the loop on my notes about AI in {{company_possessive}} revenue operations. This is my last email on the subject, and thank you for reading the ones before it.

If priorities change, you can book 15 minutes any time here: {{calendar_url}}

Wishing you and the team a strong quarter.`,
    `Hi {{first_name}},

This is my final note, so I will stop writing after today. If AI in your revenue process becomes a priority later, I would be glad to help {{company}} pick the first workflow and measure what it gives back.

My calendar stays open: {{calendar_url}}`,
  ],
};
