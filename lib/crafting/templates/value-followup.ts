// Email, day 4: one concrete workflow for the lead's angle, and a call to walk through it.
import type { TEmailTemplate } from "./template-types.ts";

export const VALUE_FOLLOWUP: TEmailTemplate = {
  channel: "email",
  subjects: [
    "One AI workflow for {{company}}",
    "A practical idea for {{company_possessive}} team",
    "Following up with one concrete example",
  ],
  fallbackSubject: "One practical AI workflow",
  bodies: [
    `Hi {{first_name}},

A practical idea for {{company}} rather than a pitch. {{angle_value}}

A first version is deliberately small: one workflow, one team, and your people keep the final say on anything a customer sees.

Would it help to walk through {{offer_topic}} on a 15-minute call next week?`,
    `Hi {{first_name}},

Following up on our note with one concrete example for {{company}}. {{angle_value}}

The first version stays small on purpose: one workflow and one team, so you can judge it on real numbers within a few weeks.

Open to walking through {{offer_topic}} on a 15-minute call?`,
  ],
};
