// Email, day 1: the first touch. Opens on the campaign angle, says what we do, asks for one call.
// Every sentence carries something of the lead, so no sentence is shared by many of a campaign's
// first emails.
import type { TEmailTemplate } from "./template-types.ts";

export const INITIAL: TEmailTemplate = {
  channel: "email",
  subjects: [
    "{{angle_subject}}",
    "Idea for {{company_possessive}} revenue team",
    "{{first_name}}, AI in {{company_possessive}} revenue ops",
    "A smaller first step with AI at {{company}}",
    "One workflow for {{company_possessive}} reps",
    "{{first_name}}, hours back for {{company_possessive}} reps",
    "A narrow AI pilot for {{company}}",
    "{{first_name}}, one workflow to try at {{company}}",
    "Less admin for {{company_possessive}} reps",
    "An AI idea for {{company}}, {{first_name}}",
  ],
  fallbackSubject: "AI operations for your revenue team",
  bodies: [
    `Hi {{first_name}},

{{angle_hook}}

I build AI workflows for revenue teams {{industry_in}} on top of the systems they already run. Each one starts with a single process and is measured in hours saved per rep.

Would a 15-minute call next week be useful to see whether any of this fits {{company}}?`,
    `Hi {{first_name}},

As {{role_at_company}}, you will have heard plenty about AI in the revenue process. {{angle_hook}}

My team designs and runs AI workflows with revenue teams {{industry_in}}, and at {{company}} we would start with one process and a clear measure of hours saved.

Open to a 15-minute call to compare notes on {{company}}?`,
    `Hi {{first_name}},

{{angle_hook}}

With {{team_size}}, {{company}} is at the size where AI starts to pay for itself. A few well-chosen AI workflows can give every rep hours back each week; I would start with one process your reps repeat daily and measure the hours it saves.

If a short conversation about {{company}} would help, you can pick a time here: {{calendar_url}}`,
    `Hi {{first_name}},

{{angle_hook}}

My work with revenue teams {{industry_in}} usually begins with the one process that costs reps the most time. Nothing customer-facing leaves {{company}} without a person approving it.

Is it worth 20 minutes next week to see where that first workflow would sit at {{company}}?`,
    `Hi {{first_name}},

{{angle_hook}}

For {{company}}, the first step would be small: pick one task your reps repeat every day, build the AI workflow around it, and measure the hours it gives back over a month.

Could we find half an hour this month to sketch what that looks like for {{company}}?`,
    `Hi {{first_name}},

A short note, since your inbox is busy. {{angle_hook}}

I set up AI workflows with revenue teams like the one at {{company}}, one process at a time, and report the hours saved every week so the results are easy to judge.

Would you be open to a brief chat later this month, {{first_name}}?`,
    `Hi {{first_name}},

I am writing to you as {{role_at_company}}. {{angle_hook}}

The teams I work with {{industry_in}} pick one repetitive task, hand the first draft of it to AI, and keep a person on the final say. For {{company}}, that could be research, notes or follow-ups.

Would a 15-minute call this month help decide whether {{company}} has a task worth trying?`,
    `Hi {{first_name}},

{{angle_hook}}

A pilot at {{company}} would be deliberately narrow: one workflow, one owner, and a weekly number on hours saved that your team can judge for itself.

If a short call makes sense, you can choose a time that suits you here: {{calendar_url}}`,
  ],
};
