// Email, day 17: an honest "the timing may be off", one last ask, and notice of a final note.
import type { TEmailTemplate } from "./template-types.ts";

export const BREAKUP: TEmailTemplate = {
  channel: "email",
  subjects: [
    "Should we stop writing, {{first_name}}?",
    "Timing for {{company}}",
    "One more note on AI for {{company}}",
  ],
  fallbackSubject: "Is the timing off?",
  bodies: [
    `Hi {{first_name}},

We have written a few times about AI in {{company_possessive}} revenue operations and have not heard back, which usually means the timing is off. We will send one final note and then stop.

If it is worth revisiting, would a 15-minute call later this month work better?`,
    `Hi {{first_name}},

We do not want to crowd your inbox, so this is our second-to-last note about AI workflows for {{company}}.

If giving your reps hours back is on the list this quarter, is a 15-minute call worth a spot on your calendar?`,
  ],
};
