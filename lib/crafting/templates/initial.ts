// Email, day 1: the first touch. Opens on the campaign angle, says what we do, asks for one call.
import type { TEmailTemplate } from "./template-types.ts";

export const INITIAL: TEmailTemplate = {
  channel: "email",
  subjects: [
    "{{angle_subject}}",
    "Idea for {{company_possessive}} revenue team",
    "{{first_name}}, AI in {{company_possessive}} revenue ops",
  ],
  fallbackSubject: "AI operations for your revenue team",
  bodies: [
    `Hi {{first_name}},

{{angle_hook}}

We build AI workflows for revenue teams like the one at {{company}} on top of the systems they already run, such as {{stack}}. Each one starts with a single process and is measured in hours saved.

Would a 15-minute call next week be useful to see whether any of this fits your team?`,
    `Hi {{first_name}},

As {{role_at_company}}, you will have heard plenty about AI in the revenue process. {{angle_hook}}

We are a consulting team that designs and runs AI workflows with revenue teams {{industry_in}}, starting with one process and a clear measure of hours saved.

Open to a 15-minute call to compare notes?`,
    `Hi {{first_name}},

{{angle_hook}}

With {{team_size}}, {{company}} is at the size where a few well-chosen AI workflows around {{stack}} can give every rep hours back each week without adding headcount.

If a short conversation would help, you can pick a time here: {{calendar_url}}`,
  ],
};
