// Engines in different namespaces of one store (the server's and the sandbox CLI's) each hold their
// own lease and runs; the server's watcher leaves CLI runs to a CLI that is alive, and finishes on a
// virtual clock the ones a CLI left unfinished, without touching the server's runs.
import type { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine, type EmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { EngineStore } from "../../lib/engine/engine-store.ts";
import { createLogger, type LogLevel } from "../../lib/log.ts";
import { SANDBOX_CLI_ENGINE, watchSandboxCliRuns } from "../../lib/runtime/sandbox-cli-runs.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { testClient as inngest, recordingLogger } from "./support.ts";

const HOUR = 3600_000;
const napper = inngest.createFunction(
  { id: "ns-nap", triggers: [{ event: "t/ns.nap" }] },
  async ({ step }) => {
    await step.sleep("nap", "1h");
    return step.run("after", () => "rested");
  },
);

const engines: EmbeddedEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

const engineOn = (redis: Redis, namespace: string | undefined, clock: VirtualClock) => {
  const engine = createEmbeddedEngine({
    functions: [napper],
    store: redis,
    ...(namespace !== undefined && { namespace }),
    clock,
    logger: recordingLogger(),
  });
  engines.push(engine);
  engine.start({ crons: false });
  return engine;
};

const watcherRuntime = (redis: Redis) => {
  const logs: [LogLevel, string][] = [];
  return {
    logs,
    runtime: {
      store: { redis, transport: "redis" as const },
      functions: [napper],
      logger: createLogger({ level: "debug", sink: (level, line) => logs.push([level, line]) }),
      bind: <T>(work: () => Promise<T>) => work(),
      engineMode: "embedded" as const,
    },
  };
};

describe("engine namespaces", () => {
  it("keep each engine's lease and runs apart in one store", async () => {
    const redis = storeClient(createMemoryRequester().requester);
    const clock = new VirtualClock(Date.now());
    const server = engineOn(redis, undefined, clock);
    const cli = engineOn(redis, SANDBOX_CLI_ENGINE, new VirtualClock(Date.now()));
    await Promise.all([server.ready, cli.ready]);
    expect([server.isLeader(), cli.isLeader()]).toEqual([true, true]);
    await cli.send({ name: "t/ns.nap", data: { runId: "run_cli" } });
    await server.send({ name: "t/ns.nap", data: { runId: "run_server" } });
    await Promise.all([cli.idle(), server.idle()]);
    // The CLI fast-forwards its own sleep; the server's run sleeps on.
    await cli.runUntilIdle();
    expect(cli.runs().map((run) => [run.event.data.runId, run.status])).toEqual([
      ["run_cli", "completed"],
    ]);
    expect(server.runs().map((run) => [run.event.data.runId, run.status])).toEqual([
      ["run_server", "sleeping"],
    ]);
    expect(await new EngineStore(redis).hasWork()).toBe(true);
    expect(await new EngineStore(redis, SANDBOX_CLI_ENGINE).hasWork()).toBe(false);
  });

  it("the watcher leaves a live CLI's runs to it, and finishes those a stopped CLI left", async () => {
    const redis = storeClient(createMemoryRequester().requester);
    const server = engineOn(redis, undefined, new VirtualClock(Date.now()));
    await server.send({ name: "t/ns.nap", data: { runId: "run_server" } });
    const cli = engineOn(redis, SANDBOX_CLI_ENGINE, new VirtualClock(Date.now()));
    await cli.send({ name: "t/ns.nap", data: { runId: "run_cli" } });
    await cli.idle();

    const { runtime, logs } = watcherRuntime(redis);
    const busy = watchSandboxCliRuns(runtime, 60_000);
    await busy.settled();
    await busy.stop();
    expect(logs).toEqual([]);
    expect(cli.runs()[0]?.status).toBe("sleeping");

    // The CLI stops mid-run (its lease goes with it); its run waits in the store.
    await cli.close();
    expect(await new EngineStore(redis, SANDBOX_CLI_ENGINE).hasWork()).toBe(true);
    const watcher = watchSandboxCliRuns(runtime, 60_000);
    await watcher.settled();
    await watcher.stop();
    expect(logs.map(([, line]) => line.replace(/^\S+ \S+ /, ""))).toEqual([
      "Resuming 1 sandbox run(s) that a stopped `npm run pipeline` left unfinished: run_cli",
      "Resumed sandbox run(s) ended: run_cli",
    ]);
    expect(await new EngineStore(redis, SANDBOX_CLI_ENGINE).hasWork()).toBe(false);
    // The server's own run was neither taken nor fast-forwarded: it still sleeps its hour.
    await server.runUntilIdle({ until: Date.now() + HOUR / 2 });
    expect(server.runs().map((run) => run.status)).toEqual(["sleeping"]);
  });
});
