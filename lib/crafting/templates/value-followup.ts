// Email, day 4: one concrete workflow for the lead's angle, and an offer to send the outline of it
// (an ask to read, not another ask for a call).
import type { TEmailTemplate } from "./template-types.ts";

export const VALUE_FOLLOWUP: TEmailTemplate = {
  channel: "email",
  subjects: [
    "One AI workflow for {{company}}",
    "A practical idea for {{company_possessive}} team",
    "One concrete example for {{company}}",
  ],
  fallbackSubject: "One practical AI workflow",
  bodies: [
    `Hi {{first_name}},

A practical idea for {{company}} rather than a pitch. {{angle_value}}

A first version is deliberately small: one workflow, one team, and your people keep the final say on anything a customer sees.

Would it help if I sent a one-page outline of how a first workflow would run at {{company}}?`,
    `Hi {{first_name}},

Following up on my note with one concrete example for {{company}}. {{angle_value}}

The first version stays small on purpose: one workflow and one team, so you can judge it on real numbers within a few weeks.

Shall I send over the short write-up of that workflow, so you can share it with your team?`,
  ],
};
