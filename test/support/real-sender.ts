// A sender with real-looking details for tests that approve production cards: the shipped
// config/sending.json holds example values (`*.example`, a sample address, a sample sender), which
// fail compliance on any card that may be sent.
import type { TConfig } from "../../lib/config/schemas.ts";

export const REAL_SENDER_CHANGE = {
  name: "Dana Reyes",
  signature: "Dana Reyes\nHead of Growth, Alpha Swarm — AI operations for revenue teams",
  postal_address: "2150 Woodward Avenue, Suite 400, Detroit, MI 48201, USA",
  calendar_url: "https://meet.alphaswarm.ai/intro",
} as const;

/** The config with the sender's name, postal address and calendar link made real-looking. */
export function withRealSender(config: TConfig): TConfig {
  const sender = { ...config.sending.sender, ...REAL_SENDER_CHANGE };
  return { ...config, sending: { ...config.sending, sender } };
}
