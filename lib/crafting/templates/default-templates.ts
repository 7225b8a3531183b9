// The built-in template for every cadence template name.
import { BREAKUP } from "./breakup.ts";
import { CLOSE } from "./close.ts";
import { INITIAL } from "./initial.ts";
import { LINKEDIN_CONNECT } from "./linkedin-connect.ts";
import { LINKEDIN_FOLLOWUP } from "./linkedin-followup.ts";
import { LINKEDIN_MESSAGE } from "./linkedin-message.ts";
import { SOCIAL_PROOF } from "./social-proof.ts";
import type { TTemplateLibrary } from "./template-types.ts";
import { VALUE_FOLLOWUP } from "./value-followup.ts";

export const DEFAULT_TEMPLATES: TTemplateLibrary = {
  initial: INITIAL,
  value_followup: VALUE_FOLLOWUP,
  social_proof: SOCIAL_PROOF,
  breakup: BREAKUP,
  close: CLOSE,
  linkedin_connect: LINKEDIN_CONNECT,
  linkedin_message: LINKEDIN_MESSAGE,
  linkedin_followup: LINKEDIN_FOLLOWUP,
};
