// Email, day 1: the first touch. Opens on the campaign angle, says what we do, asks for one call.
import type { TEmailTemplate } from "./template-types.ts";

export const INITIAL: TEmailTemplate = {
  channel: "email",
  subjects: [
    "{{angle_subject}}",
    "Idea for {{company_possessive}} revenue team",
    "{{first_name}}, AI in {{company_possessive}} revenue ops",
    "A smaller first step with AI at {{company}}",
    "One workflow for {{company_possessive}} reps",
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
    `Hi {{first_name}},

{{angle_hook}}

Our work with revenue teams {{industry_in}} usually begins with the one process that costs reps the most time, and a simple weekly number: hours saved per rep. Nothing customer-facing goes out without a person approving it.

Is it worth 20 minutes next week to see where that first workflow would sit at {{company}}?`,
    `Hi {{first_name}},

{{angle_hook}}

For {{company}}, the first step would be small: pick one task your reps repeat every day, build the AI workflow around {{stack}}, and measure the hours it gives back over a month.

Could we find half an hour this month to sketch what that looks like for your team?`,
    `Hi {{first_name}},

A short note, since your inbox is busy. {{angle_hook}}

We set up AI workflows with revenue teams like the one at {{company}}, one process at a time, and report the hours saved every week so the results are easy to judge.

Would you be open to a brief chat later this month?`,
  ],
};
