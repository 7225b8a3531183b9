// LinkedIn, day 2: a connection note (300 characters at most, no ask beyond connecting).
import type { TLinkedinTemplate } from "./template-types.ts";

export const LINKEDIN_CONNECT: TLinkedinTemplate = {
  channel: "linkedin",
  kind: "connect",
  bodies: [
    "Hi {{first_name}}, I help revenue teams put AI to work in their operations and came across your work at {{company_location}}. {{angle_connect}} Would be glad to connect.",
    "Hi {{first_name}}, I work on AI operations for revenue teams and would be glad to connect with you at {{company}}. {{angle_connect}}",
    "Hi {{first_name}}, I noticed your role as {{role_at_company}}. I work with revenue teams on AI operations and would be glad to connect.",
  ],
  fallbackBody:
    "Hi {{first_name}}, I work with revenue teams on AI operations and would be glad to connect.",
};
