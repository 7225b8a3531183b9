// What a pipeline stage works with: the injected runtime's repositories, configuration, providers
// for the run's mode, and the clock. One seam so every stage reads the same way.
import { NonRetriableError } from "inngest";
import { ownEntry } from "../config/own-entry.ts";
import type { TConfig } from "../config/schemas.ts";
import type { FunctionDeps } from "../runtime/function-deps.ts";

/** The injected deps narrowed to what a stage uses, with the providers of the run's mode. */
export function stageDeps(runtime: FunctionDeps, mode: "sandbox" | "production") {
  return {
    config: runtime.config,
    repos: runtime.repos,
    providers: runtime.providers(mode),
    mode,
    now: runtime.now,
    logger: runtime.logger,
  };
}
export type StageDeps = ReturnType<typeof stageDeps>;

/** The campaign's targets from config; an unknown campaign is a NonRetriableError. */
export function campaignTarget(config: TConfig, campaign: string) {
  const target = ownEntry(config.campaigns, campaign);
  if (!target) {
    throw new NonRetriableError(
      `unknown campaign "${campaign}" (configured: ${Object.keys(config.campaigns).join(", ")})`,
    );
  }
  return target;
}
