// LinkedIn, day 14: a brief follow-up with one ask.
import type { TLinkedinTemplate } from "./template-types.ts";

export const LINKEDIN_FOLLOWUP: TLinkedinTemplate = {
  channel: "linkedin",
  kind: "message",
  bodies: [
    "Hi {{first_name}}, following up on my last message. If AI in {{company_possessive}} revenue process is on your list this quarter, would a 15-minute call be useful?",
    "Hi {{first_name}}, one last nudge from me about {{company}}: revenue teams {{industry_in}} are getting real hours back from a single well-chosen AI workflow. Would a 15-minute call help find the right one for your team?",
  ],
  fallbackBody:
    "Hi {{first_name}}, following up on my last message. Would a 15-minute call be useful?",
};
