// Which engine runs the event graph, decided from env: Inngest Cloud, an Inngest dev server or
// self-hosted `inngest start`, or the embedded in-process engine when nothing is configured.
import type { TEnv } from "../config/env.ts";

export type EngineMode = "embedded" | "inngest-dev" | "inngest-cloud";

/** INNGEST_DEV / INNGEST_BASE_URL → dev or self-hosted; INNGEST_SIGNING_KEY → Cloud; else embedded. */
export function engineModeFor(
  env: Pick<TEnv, "INNGEST_DEV" | "INNGEST_BASE_URL" | "INNGEST_SIGNING_KEY">,
): EngineMode {
  const dev = env.INNGEST_DEV !== undefined && !["0", "false"].includes(env.INNGEST_DEV);
  if (dev || env.INNGEST_BASE_URL) return "inngest-dev";
  if (env.INNGEST_SIGNING_KEY) return "inngest-cloud";
  return "embedded";
}
