// One process drives the engine per store: a second engine over the same store only hands its
// events to the store, where the driving one picks them up; when the driver dies (its lease is
// not renewed), the other takes over and finishes the runs it left, on the real clock.
import type { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import {
  createEmbeddedEngine,
  type EmbeddedEngine,
  type EmbeddedEngineOptions,
} from "../../lib/engine/embedded-engine.ts";
import { toEvent } from "../../lib/engine/engine-events.ts";
import { EngineStore } from "../../lib/engine/engine-store.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { testClient as inngest, recordingLogger } from "./support.ts";

const engines: EmbeddedEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const greet = inngest.createFunction(
  { id: "lease-greet", triggers: [{ event: "t/lease.greet" }] },
  ({ event }) => `hello ${String(event.data.who)}`,
);
const nap = inngest.createFunction(
  { id: "lease-nap", triggers: [{ event: "t/lease.nap" }] },
  async ({ step }) => {
    await step.sleep("nap", "1s");
    return step.run("after", () => "rested");
  },
);

const awaitReply = inngest.createFunction(
  { id: "lease-await", triggers: [{ event: "t/lease.ask" }] },
  async ({ step }) =>
    step.waitForEvent("reply", { event: "t/lease.reply", timeout: "1h", match: "data.lead" }),
);

const engineOn = (
  redis: Redis,
  functions: EmbeddedEngineOptions["functions"] = [greet, nap, awaitReply],
) => {
  const engine = createEmbeddedEngine({
    functions,
    store: redis,
    logger: recordingLogger(),
    leaseTtlMs: 300,
    pollIntervalMs: 50,
  });
  engines.push(engine);
  engine.start({ crons: false });
  return engine;
};

describe("the engine lease", () => {
  it("lets one engine drive; another's events reach it; a dead driver is taken over", async () => {
    const redis = storeClient(createMemoryRequester().requester);
    const driver = engineOn(redis);
    await driver.ready;
    const other = engineOn(redis);
    await other.ready;
    expect(driver.isLeader()).toBe(true);
    expect(other.isLeader()).toBe(false);

    await other.send({ name: "t/lease.greet", data: { who: "from the other process" } });
    await until(() => driver.runs({ functionId: "lease-greet" })[0]?.status === "completed");
    expect(driver.runs({ functionId: "lease-greet" })[0]?.output).toBe(
      "hello from the other process",
    );
    expect(other.runs()).toHaveLength(0);

    // An event only a wait in the driver listens for, sent through the other process.
    await other.send({ name: "t/lease.ask", data: { lead: "l7" } });
    await until(() => driver.runs({ functionId: "lease-await" })[0]?.status === "waiting");
    await other.send({ name: "t/lease.reply", data: { lead: "l7", text: "yes" } });
    await until(() => driver.runs({ functionId: "lease-await" })[0]?.status === "completed");
    expect(driver.runs({ functionId: "lease-await" })[0]?.output).toMatchObject({
      data: { lead: "l7", text: "yes" },
    });

    await other.send({ name: "t/lease.nap", data: {} });
    await until(() => driver.runs({ functionId: "lease-nap" })[0]?.status === "sleeping");
    const runId = driver.runs({ functionId: "lease-nap" })[0]?.id;
    driver.stop(); // the driver dies: no heartbeat, no timers, the lease is left to lapse

    await until(() => other.isLeader());
    await until(() => other.getRun(runId ?? "")?.status === "completed");
    expect(other.getRun(runId ?? "")?.output).toBe("rested");
  });

  it("runs a batch no timer watches (an event that joined it after the driver resumed the batches) on the driver's heartbeat", async () => {
    const redis = storeClient(createMemoryRequester().requester);
    const batched = inngest.createFunction(
      {
        id: "lease-batched",
        triggers: [{ event: "t/lease.noted" }],
        batchEvents: { maxSize: 10, timeout: "1s" },
      },
      async ({ events }) => events.length,
    );
    const engine = engineOn(redis, [batched]);
    await engine.ready;
    // As a process that lost the lease a moment ago would leave it: in the batch, with no timer.
    const event = toEvent({ name: "t/lease.noted", id: "late-1", data: {} }, Date.now());
    await new EngineStore(redis).appendToBatch(
      "engine-test-lease-batched",
      [event],
      Date.now(),
      "b1",
    );
    await until(() => engine.runs({ functionId: "lease-batched" })[0]?.status === "completed");
    expect(engine.runs({ functionId: "lease-batched" })[0]?.output).toBe(1);
  });
});
