// Email, day 17: an honest "the timing may be off", and the question whether to stop writing.
import type { TEmailTemplate } from "./template-types.ts";

export const BREAKUP: TEmailTemplate = {
  channel: "email",
  subjects: [
    "Should I stop writing, {{first_name}}?",
    "Timing for {{company}}",
    "One more note on AI for {{company}}",
  ],
  fallbackSubject: "Is the timing off?",
  bodies: [
    `Hi {{first_name}},

I have written a few times about AI in {{company_possessive}} revenue operations and have not heard back, which usually means the timing is off. I will send one final note and then stop.

Should I close the loop on this for now, or is it worth picking up again next quarter?`,
    `Hi {{first_name}},

I do not want to crowd your inbox, so this is my second-to-last note about AI workflows for {{company}}.

If giving your reps hours back is not a priority this quarter, shall I close the file and stop writing?`,
  ],
};
