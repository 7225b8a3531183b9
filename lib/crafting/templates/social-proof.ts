// Email, day 10: what we see working for revenue teams like the lead's, a customer's result when
// config/case-studies.json has one that matches the lead, and the calendar link.
import type { TEmailTemplate } from "./template-types.ts";

export const SOCIAL_PROOF: TEmailTemplate = {
  channel: "email",
  subjects: [
    "What works for revenue teams {{industry_in}}",
    "What we see working for teams like {{company_possessive}}",
    "AI workflows that stick, {{first_name}}",
    "{{first_name}}, what revenue teams keep doing with AI",
  ],
  fallbackSubject: "What we see working in revenue ops",
  bodies: [
    `Hi {{first_name}},

A pattern we keep seeing with revenue teams {{industry_in}}: {{angle_proof}}

{{case_study}}

The teams that get results start narrow: one workflow, a clear owner, and a weekly check on hours saved and pipeline touched.

If it would help to compare notes for {{company}}, you can find a time with us here: {{calendar_url}}`,
    `Hi {{first_name}},

One thing holds across the revenue teams we work with: {{angle_proof}}

{{case_study}}

With {{team_size}}, {{company}} has enough volume for that to show up in the numbers quickly.

Would a 15-minute call be worth it to see which workflow would pay back first?`,
  ],
};
