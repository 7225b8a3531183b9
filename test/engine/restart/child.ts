// The process the restart tests kill: drives the engine over the given store on a virtual clock,
// starts one scenario, moves the clock until its run is blocked, prints READY and waits forever.

import { VirtualClock } from "../../../lib/engine/clock.ts";
import { createEmbeddedEngine } from "../../../lib/engine/embedded-engine.ts";
import { createMemoryRequester } from "../../../lib/store/memory-requester.ts";
import { storeClient } from "../../../lib/store/store-client.ts";
import { createTcpRequester } from "../../../lib/store/tcp-requester.ts";
import { counters, restartFunctions } from "./functions.ts";

const [scenario = "", target = "", start = "0", advance = "0"] = process.argv.slice(2);
const redis = target.startsWith("redis://")
  ? storeClient(createTcpRequester(target).requester)
  : storeClient(createMemoryRequester({ dataDir: target }).requester);
counters.redis = redis;
const clock = new VirtualClock(Number(start));
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error: (...args: unknown[]) => console.error(...args),
};
const engine = createEmbeddedEngine({
  functions: restartFunctions,
  store: redis,
  clock,
  logger: quiet,
  leaseTtlMs: 1000,
});
engine.start({ crons: scenario === "cron" });
await engine.ready;
const events: Record<string, { name: string; data: Record<string, unknown> }> = {
  sleep: { name: "restart/sleep.requested", data: {} },
  wait: { name: "restart/wait.requested", data: { lead: "lead-7" } },
  retry: { name: "restart/retry.requested", data: {} },
};
const event = events[scenario];
if (event) await engine.send(event);
await engine.runUntilIdle({ until: Number(start) + Number(advance) });
process.stdout.write(
  `READY ${JSON.stringify(engine.runs().map((r) => [r.functionId, r.status]))}\n`,
);
setInterval(() => {}, 1 << 30);
