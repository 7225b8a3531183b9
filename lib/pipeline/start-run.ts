// Starting a pipeline run, for the API and the CLI alike: check the request against config,
// record the run (its scorecard), then emit `pipeline.requested` to the active engine.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { describeIssues } from "../config/config-error.ts";
import { ownEntry } from "../config/own-entry.ts";
import { InvalidEventError } from "../engine/emit.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { sandboxCliRunsPending, unfinishedPipelineRuns } from "../runtime/sandbox-cli-runs.ts";
import type { RunLiveness, TRunRecord } from "../store/run-repo.ts";

export const MAX_RUN_LIMIT = 50_000;

/** A run request that config refuses; names the field and what is allowed. */
export class RunRequestError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "RunRequestError";
    this.field = field;
  }
}

export const ZRunRequest = z.strictObject({
  campaign: z.string().min(1),
  mode: z.enum(["sandbox", "production"], { error: "expected sandbox or production" }),
  limit: z
    .number({ error: "expected a whole number" })
    .int("expected a whole number")
    .min(1, "expected at least 1")
    .max(MAX_RUN_LIMIT, `expected at most ${MAX_RUN_LIMIT} (Apollo serves 50,000 per search)`)
    .optional(),
});
export type TRunRequest = z.infer<typeof ZRunRequest>;

/** Checks a request against the schema and the configured campaigns. */
export function checkRunRequest(runtime: Pick<Runtime, "config">, input: unknown) {
  const parsed = ZRunRequest.safeParse(input);
  if (!parsed.success) {
    const [first] = describeIssues("", parsed.error);
    const [field = "request", ...rest] = (first ?? "request: invalid").split(": ");
    throw new RunRequestError(field, rest.join(": "));
  }
  const campaigns = Object.keys(runtime.config.campaigns);
  const target = ownEntry(runtime.config.campaigns, parsed.data.campaign);
  if (!target) {
    throw new RunRequestError(
      "campaign",
      `unknown campaign "${parsed.data.campaign}"; allowed: ${campaigns.join(", ")}`,
    );
  }
  return { ...parsed.data, limit: parsed.data.limit ?? target.default_limit };
}

export function newRunId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);
  return `run_${stamp}_${randomBytes(3).toString("hex")}`;
}

/**
 * Records the run and emits `pipeline.requested`; the run is marked failed if the emit fails.
 * A campaign runs one at a time (RunInProgressError otherwise).
 */
export async function startRun(
  runtime: Runtime,
  input: unknown,
  requestedBy: string,
): Promise<TRunRecord> {
  const request = checkRunRequest(runtime, input);
  const id = newRunId(runtime.now());
  const run = await runtime.repos.runs.create(
    { id, ...request, requestedBy },
    runLiveness(runtime),
  );
  try {
    await runtime.emit({
      name: "pipeline.requested",
      data: { runId: id, ...request, requestedBy },
    });
  } catch (error) {
    if (error instanceof InvalidEventError) {
      await runtime.repos.runs.markFailed(id, error.message);
      throw error;
    }
    const reason = `the ${runtime.engineMode} engine did not take the run: ${error instanceof Error ? error.message : String(error)}`;
    await runtime.repos.runs.markFailed(id, reason);
    throw new EngineUnavailableError(reason);
  }
  return run;
}

/** How old a run with nothing pending must be before it counts as interrupted for good. */
const INTERRUPTED_AFTER_MS = 60_000;

/**
 * Fails each campaign's run that nothing will ever end (its process stopped between recording it
 * and starting its first stage), once it is a minute old, so it does not show as running for
 * good; returns their ids. Only on the embedded engine driven here, which can tell.
 */
export async function endInterruptedRuns(
  runtime: Pick<Runtime, "engine" | "store" | "repos" | "config">,
): Promise<string[]> {
  const isLive = runLiveness(runtime);
  if (!isLive) return [];
  const ended: string[] = [];
  for (const campaign of Object.keys(runtime.config.campaigns)) {
    const outcome = await runtime.repos.runs.endInterrupted(campaign, isLive, INTERRUPTED_AFTER_MS);
    if (outcome.ended) ended.push(outcome.ended);
  }
  return ended;
}

/** The engine (Inngest, when configured) could not be reached to start work; try again later. */
export class EngineUnavailableError extends Error {
  override name = "EngineUnavailableError";
}

/**
 * On the embedded engine driven by this process: whether a pipeline run still has a stage run
 * pending (or events on their way to one). Elsewhere (Inngest, or another process driving) it
 * cannot be told, so a running run counts as live.
 */
function runLiveness(runtime: Pick<Runtime, "engine" | "store">): RunLiveness | undefined {
  const engine = runtime.engine;
  if (!engine) return undefined;
  return async (runId) => {
    if (!engine.isLeader() || (await engine.busy())) return true;
    if (unfinishedPipelineRuns(engine).includes(runId)) return true;
    // A sandbox run a stopped `npm run pipeline` left is finished by the server's watcher.
    return sandboxCliRunsPending(runtime);
  };
}
