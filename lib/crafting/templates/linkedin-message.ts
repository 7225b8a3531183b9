// LinkedIn, day 7: a short message with the angle in one line and one ask for a call.
import type { TLinkedinTemplate } from "./template-types.ts";

export const LINKEDIN_MESSAGE: TLinkedinTemplate = {
  channel: "linkedin",
  kind: "message",
  bodies: [
    "Hi {{first_name}}, a quick idea for {{company}}: {{angle_short}} Would a 15-minute call next week be useful to see if it fits?",
    "Hi {{first_name}}, AI pitches are everywhere, so here is a practical one for you as {{role_at_company}}: {{angle_short}} Open to a 15-minute chat to compare notes?",
  ],
  fallbackBody:
    "Hi {{first_name}}, we help revenue teams put AI to work in their operations. Open to a 15-minute chat?",
};
