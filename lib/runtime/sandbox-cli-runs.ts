// The sandbox pipeline CLI's runs. `npm run pipeline` drives a sandbox run on a virtual clock, in
// an engine namespace of the app's store apart from the server's runs (so it never fast-forwards
// them). A run it leaves unfinished (the process killed) stays there, and is driven to its end on
// a virtual clock, as the CLI would have: by the next `npm run pipeline`, or by `npm start`.

import { EngineStore } from "../engine/engine-store.ts";
import { createEmbeddedEngine, type EmbeddedEngine, VirtualClock } from "../engine/index.ts";
import { isFinal } from "../engine/run-record.ts";
import type { Runtime } from "./runtime.ts";

/** The key root of the sandbox CLI's engine. */
export const SANDBOX_CLI_ENGINE = "engine-cli";

/** The pipeline runs that unfinished runs of `engine` work for, oldest first. */
export function unfinishedPipelineRuns(engine: EmbeddedEngine): string[] {
  const ids = new Set<string>();
  for (const run of engine.runs()) {
    const runId = (run.event.data as { runId?: unknown } | undefined)?.runId;
    if (!isFinal(run) && typeof runId === "string") ids.add(runId);
  }
  return [...ids];
}

/** Whether the sandbox CLI's engine has unfinished runs (or events) in the store. */
export function sandboxCliRunsPending(runtime: {
  store: Pick<Runtime["store"], "redis">;
}): Promise<boolean> {
  return new EngineStore(runtime.store.redis, SANDBOX_CLI_ENGINE).hasWork();
}

type CliRunsRuntime = Pick<Runtime, "functions" | "logger" | "bind" | "engineMode"> & {
  store: Pick<Runtime["store"], "redis" | "transport">;
};

/**
 * Watches for sandbox CLI runs nobody drives (at once, then every `everyMs`: on Redis a CLI can
 * stop while the server runs) and drives them to their end, then runs `afterEach` (the server
 * ends runs that nothing will end). `stop` waits for the work in hand.
 */
export function watchSandboxCliRuns(
  runtime: CliRunsRuntime,
  everyMs = 30_000,
  afterEach: () => Promise<void> = async () => {},
) {
  let engine: EmbeddedEngine | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const resume = async (): Promise<void> => {
    if (stopped || !(await sandboxCliRunsPending(runtime))) return;
    engine = createEmbeddedEngine({
      functions: runtime.functions,
      logger: runtime.logger,
      store: runtime.store.redis,
      namespace: SANDBOX_CLI_ENGINE,
      exclusiveStore: runtime.store.transport === "embedded",
      keepFinishedRuns: 0,
      clock: new VirtualClock(Date.now()),
      around: (work) => runtime.bind(work),
    });
    try {
      await engine.ready;
      // A live `npm run pipeline` holds the lease: it drives its runs itself.
      if (!engine.isLeader() || stopped) return;
      engine.start({ crons: false });
      const runs = unfinishedPipelineRuns(engine);
      runtime.logger.info(
        `Resuming ${runs.length} sandbox run(s) that a stopped \`npm run pipeline\` left unfinished: ${runs.join(", ")}`,
      );
      await engine.runUntilIdle();
      if (!stopped) runtime.logger.info(`Resumed sandbox run(s) ended: ${runs.join(", ")}`);
    } finally {
      await engine.close();
      engine = undefined;
    }
  };

  const check = () => {
    current = resume()
      .then(() => (stopped ? undefined : afterEach()))
      .catch((error: unknown) => runtime.logger.error("Resuming sandbox CLI runs failed:", error));
    void current.finally(() => {
      if (!stopped) timer = setTimeout(check, everyMs).unref();
    });
  };
  if (runtime.engineMode === "embedded") check();

  return {
    /** The check in hand (tests wait for it). */
    settled: () => current,
    stop: async (): Promise<void> => {
      stopped = true;
      if (timer) clearTimeout(timer);
      engine?.stop();
      await current;
    },
  };
}
