// LinkedIn, day 14: a brief follow-up that asks who else to speak to (a referral, not a call).
import type { TLinkedinTemplate } from "./template-types.ts";

export const LINKEDIN_FOLLOWUP: TLinkedinTemplate = {
  channel: "linkedin",
  kind: "message",
  bodies: [
    "Hi {{first_name}}, following up on my last message. If AI in {{company_possessive}} revenue process sits with someone else, who would be the right person to speak with?",
    "Hi {{first_name}}, a quick nudge from me about {{company}}: revenue teams {{industry_in}} are getting real hours back from a single well-chosen AI workflow. If that is not yours to own, could you point me to the person who is?",
  ],
  fallbackBody:
    "Hi {{first_name}}, following up on my last message. Who at your company would be the right person to speak with about this?",
};
