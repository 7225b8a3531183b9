// `npm run pipeline -- --campaign competitor_gong --mode sandbox --limit 20`: runs one campaign
// through scrape → enrich → verify → segment → craft. On the embedded engine it runs here (sandbox
// runs on a virtual clock, so BetterContact's polling waits cost no real time); with Inngest
// configured, or another process driving the embedded engine, it sends `pipeline.requested` and
// follows the run's scorecard in the store. The entry file (routes/entry/pipeline.ts) hands in the
// function list.
import { parseArgs } from "node:util";
import type { InngestFunction } from "inngest";
import { ConfigError } from "../config/config-error.ts";
import { parseEnv } from "../config/env.ts";
import { loadConfig } from "../config/load-config.ts";
import {
  type Clock,
  createRealClock,
  type EmbeddedEngine,
  type RunView,
  VirtualClock,
} from "../engine/index.ts";
import { checkRunRequest, RunRequestError, startRun } from "../pipeline/start-run.ts";
import { sandboxedInProduction } from "../providers/index.ts";
import { engineModeFor } from "../runtime/engine-mode.ts";
import { createRuntime, type Runtime } from "../runtime/runtime.ts";
import {
  SANDBOX_CLI_ENGINE,
  sandboxCliRunsPending,
  unfinishedPipelineRuns,
} from "../runtime/sandbox-cli-runs.ts";
import { StoreConfigError, StoreInUseError, StoreUnavailableError } from "../store/index.ts";
import { RunInProgressError } from "../store/run-repo.ts";
import { generatedTokenNotice } from "./describe-runtime.ts";
import { formatScorecard } from "./format-scorecard.ts";
import { followProgress } from "./run-progress.ts";
import { unreachableStoreMessage } from "./store-unreachable.ts";

const USAGE = `usage: npm run pipeline -- --campaign <name> [--mode sandbox|production] [--limit N]`;
const FOLLOW_TIMEOUT_MS = 30 * 60 * 1000;

/** Does `work`, printing the runs' progress (run-progress.ts) while it lasts. */
async function withProgress(
  runtime: Runtime,
  runIds: () => readonly string[],
  work: () => Promise<unknown>,
): Promise<void> {
  const stop = followProgress(runIds, runtime.repos.runs.scorecard, (line) =>
    process.stdout.write(`${line}\n`),
  );
  try {
    await work();
  } finally {
    await stop();
  }
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** Refuses the command line, naming what is wrong and showing the usage. */
function refuse(message: string): never {
  return fail(`${message}\n${USAGE}`);
}

function parseCli(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        campaign: { type: "string" },
        mode: { type: "string", default: "sandbox" },
        limit: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    let limit: number | undefined;
    if (values.limit !== undefined) {
      limit = Number(values.limit);
      if (!/^\d+$/.test(values.limit))
        refuse(`--limit: expected a whole number, got "${values.limit}"`);
    }
    return { campaign: values.campaign, mode: values.mode, limit };
  } catch (error) {
    // parseArgs will not take a value that starts with a dash ("--limit -3"): name the field.
    const ambiguous = /^Option '(--[a-z]+)' argument is ambiguous/.exec((error as Error).message);
    const flag = ambiguous?.[1];
    if (flag) {
      const value = argv[argv.indexOf(flag) + 1] ?? "";
      refuse(
        flag === "--limit"
          ? `--limit: expected a whole number, got "${value}"`
          : `${flag}: expected a value, got "${value}"`,
      );
    }
    return refuse((error as Error).message);
  }
}

async function waitForRun(runtime: Runtime, runId: string, virtual: boolean): Promise<void> {
  const engine = runtime.engine;
  const deadline = Date.now() + FOLLOW_TIMEOUT_MS;
  while (Date.now() < deadline) {
    // Another CLI (or the server resuming a stopped one) may drive the sandbox engine: follow the
    // run until it ends, or until this process takes the lease over and drives it itself.
    if (engine && virtual && engine.isLeader()) {
      await engine.runUntilIdle();
      return;
    }
    const run = await runtime.repos.runs.get(runId);
    if (run && run.status !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`run ${runId} did not finish within ${FOLLOW_TIMEOUT_MS / 60_000} minutes`);
}

const WHERE_TO_REVIEW = "GET /api/emails/pending, or the /sales page of `npm start`";

/** What the run added to the Head of Sales queue, and what the queue holds now. */
function queueLine(
  card: { stages: { stage: string; countIn: number; countOut: number }[] },
  crafted: number,
  pending: number,
): string {
  if (crafted > 0) {
    return `${crafted} card(s) from this run wait in the Head of Sales queue: ${WHERE_TO_REVIEW}.`;
  }
  const scrape = card.stages.find((stage) => stage.stage === "scrape");
  const why =
    scrape && scrape.countIn > 0 && scrape.countOut === 0
      ? `all ${scrape.countIn} leads it found were found by an earlier run of this campaign, and a lead gets one card per campaign`
      : "no lead it found reached the craft stage";
  return `No new cards from this run: ${why}. ${pending} card(s) wait in the Head of Sales queue: ${WHERE_TO_REVIEW}.`;
}

/** Longest wait for the sandbox engine's lease: its 15 s lifetime, and a few heartbeats. */
const ENGINE_WAIT_MS = 20_000;

/**
 * Drives to their end the sandbox runs an earlier `npm run pipeline` left unfinished when it was
 * stopped (they wait in this engine's namespace), and says how each ended. On Redis the lease of
 * a CLI killed a moment ago lasts a few seconds more: it waits for it (saying so) rather than
 * refuse a run of the same campaign or leave the resumed runs unreported; a CLI that is alive
 * and still driving after that drives this process's run too.
 */
async function resumeLeftRuns(runtime: Runtime): Promise<void> {
  const engine = runtime.engine;
  if (!engine) return;
  // Every pipeline run the engine works on before this command starts its own is one a stopped
  // CLI left, including one that starts (or ends) while the lease is taken over.
  const seen = new Set<string>();
  const note = (run: RunView) => {
    const runId = (run.event.data as { runId?: unknown } | undefined)?.runId;
    if (typeof runId === "string") seen.add(runId);
  };
  const unsubscribe = [engine.on("run:started", note), engine.on("run:finished", note)];
  try {
    await resumeSeen(runtime, engine, seen);
  } finally {
    for (const off of unsubscribe) off();
  }
}

async function resumeSeen(runtime: Runtime, engine: EmbeddedEngine, seen: Set<string>) {
  /** Another process holds the sandbox engine while it has work. */
  const drivenElsewhere = async () => !engine.isLeader() && (await sandboxCliRunsPending(runtime));
  if (await drivenElsewhere()) {
    process.stdout.write(
      "Waiting for the sandbox engine: another `npm run pipeline` is driving it (or one stopped a moment ago, and its lease runs out within 15 s)…\n",
    );
    const deadline = Date.now() + ENGINE_WAIT_MS;
    let waiting = true;
    while (waiting && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      waiting = await drivenElsewhere();
    }
    if (waiting) {
      process.stdout.write(
        "The other `npm run pipeline` is still driving the sandbox engine: it runs this run too, and this command follows it to the end.\n",
      );
    }
  }
  if (!engine.isLeader()) return;
  const known = () => {
    for (const runId of unfinishedPipelineRuns(engine)) seen.add(runId);
    return [...seen];
  };
  let left = known();
  // A lease just taken over may still be taking in the stopped CLI's runs and events.
  if (left.length === 0) {
    await engine.idle();
    left = known();
  }
  if (left.length === 0) return;
  process.stdout.write(
    `Resuming ${left.length} run(s) an earlier \`npm run pipeline\` left unfinished: ${left.join(", ")}\n`,
  );
  await withProgress(runtime, known, () => engine.runUntilIdle());
  for (const id of known()) {
    const card = await runtime.repos.runs.scorecard(id);
    const crafted = card?.stages.find((stage) => stage.stage === "craft")?.countOut ?? 0;
    process.stdout.write(
      `Run ${id}: ${card ? `campaign ${card.campaign}, ${card.status}, ${crafted} card(s) crafted` : "no longer stored"}\n`,
    );
  }
}

/** Runs one campaign from the command line `argv` with `functions`; sets the exit code. */
export async function runPipelineCli(argv: string[], functions: InngestFunction.Any[]) {
  const args = parseCli(argv);
  if (!args.campaign) refuse("--campaign is required");
  const request = { campaign: args.campaign, mode: args.mode, limit: args.limit };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    checkRunRequest({ config }, request);
  } catch (error) {
    if (error instanceof RunRequestError) refuse(`--${error.message}`);
    if (error instanceof ConfigError) fail(`Cannot run: ${error.message}`);
    throw error;
  }
  let runtime: Runtime;
  let virtual = false;
  try {
    const env = parseEnv();
    const embedded = engineModeFor(env) === "embedded";
    virtual = embedded && args.mode === "sandbox";
    const clock: Clock = virtual ? new VirtualClock(Date.now()) : createRealClock();
    // A sandbox run on the virtual clock drives its runs in an engine namespace of its own, so
    // it never fast-forwards (or waits on) the runs a server drives in the same store; a run it
    // leaves unfinished waits there for the next CLI or server to finish it.
    runtime = await createRuntime({
      config,
      clock,
      functions,
      startCrons: false,
      ...(virtual && {
        engineNamespace: SANDBOX_CLI_ENGINE,
        keepFinishedRuns: 0,
        wallClockRecords: true,
      }),
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreConfigError) {
      fail(`Cannot run: ${error.message}`);
    }
    if (error instanceof StoreUnavailableError)
      fail(`Cannot run: ${unreachableStoreMessage(error)}`);
    const message = (error as Error).message;
    if (error instanceof StoreInUseError) {
      fail(
        `Cannot run: ${message}.\nThe embedded store serves one process: stop \`npm start\`, or start the run through its API (POST /api/pipeline/runs).`,
      );
    }
    throw error;
  }
  try {
    if (virtual) await resumeLeftRuns(runtime);
    const started = Date.now();
    const run = await startRun(runtime, request, "cli").catch((error: unknown) => {
      if (error instanceof RunInProgressError) fail(`Cannot run: ${error.message}`);
      throw error;
    });
    process.stdout.write(
      `Run ${run.id}: campaign ${run.campaign}, mode ${run.mode}, limit ${run.limit}, engine ${runtime.engineMode}\n`,
    );
    if (run.mode === "production") {
      const sandboxed = sandboxedInProduction(runtime.env);
      if (sandboxed.length > 0) {
        process.stderr.write(
          `WARNING: production mode, but ${sandboxed.map((s) => `${s.provider} (no ${s.key})`).join(", ")} run${sandboxed.length === 1 ? "s" : ""} as sandbox: their data is generated, not real.\n`,
        );
      }
    }
    await withProgress(
      runtime,
      () => [run.id],
      () => waitForRun(runtime, run.id, virtual),
    );
    const card = await runtime.repos.runs.scorecard(run.id);
    if (!card) throw new Error(`run ${run.id} has no scorecard`);
    process.stdout.write(`${formatScorecard(card).join("\n")}\n`);
    const crafted = card.stages.find((stage) => stage.stage === "craft")?.countOut ?? 0;
    process.stdout.write(
      `  wall     ${Date.now() - started} ms\n\n${queueLine(card, crafted, await runtime.repos.cards.pendingCount())}\n`,
    );
    const notice = generatedTokenNotice(runtime);
    if (notice.length > 0) process.stdout.write(`${notice.join("\n")}\n`);
    process.exitCode = card.status === "completed" ? 0 : 1;
  } finally {
    await runtime.close();
  }
}
