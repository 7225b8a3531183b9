// The engine through a store outage: a write that fails is retried until it is stored, and a run
// only counts as finished (waiters, lifecycle events) once its final state is; a heartbeat that
// cannot reach the store keeps driving instead of dropping its runs.
import type { Requester } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine, type EmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { testClient as inngest, recordingLogger, START } from "./support.ts";

const engines: EmbeddedEngine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** A store whose every request fails while `down` is set. */
const flakyStore = () => {
  const inner = createMemoryRequester().requester;
  const state = { down: false, refused: 0 };
  const requester: Requester = {
    request: ((req) => {
      if (state.down) {
        state.refused += 1;
        return Promise.reject(new Error("connection refused"));
      }
      return inner.request(req);
    }) as Requester["request"],
  };
  return { redis: storeClient(requester), state };
};

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("a store outage", () => {
  it("holds a finished run's lifecycle until its final state is stored", async () => {
    const { redis, state } = flakyStore();
    let stepped = 0;
    const failed: unknown[] = [];
    const work = inngest.createFunction(
      { id: "outage-work", triggers: [{ event: "t/outage" }], retries: 0 },
      async ({ step }) => {
        await step.run("once", () => {
          stepped += 1;
          state.down = true;
          setTimeout(() => {
            state.down = false;
          }, 300);
        });
        throw new Error("after the step");
      },
    );
    const onFailed = inngest.createFunction(
      { id: "outage-alert", triggers: [{ event: "inngest/function.failed" }] },
      ({ event }) => failed.push(event.data.function_id),
    );
    const logger = recordingLogger();
    const engine = createEmbeddedEngine({
      functions: [work, onFailed],
      store: redis,
      clock: new VirtualClock(START),
      logger,
    });
    engines.push(engine);
    await engine.send({ name: "t/outage", data: {} });
    await engine.runUntilIdle();
    expect(state.refused).toBeGreaterThan(0);
    expect(stepped).toBe(1);
    expect(engine.runs({ functionId: "outage-work" })[0]?.status).toBe("failed");
    expect(failed).toEqual(["engine-test-outage-work"]);
    expect(logger.lines.some((l) => l.text.includes("could not store run"))).toBe(true);
    expect(await redis.smembers("alpha-swarm:engine:active")).toEqual([]);
  });

  it("keeps driving through a heartbeat that cannot reach the store", async () => {
    const { redis, state } = flakyStore();
    const nap = inngest.createFunction(
      { id: "outage-nap", triggers: [{ event: "t/outage.nap" }] },
      async ({ step }) => {
        await step.sleep("nap", "1s");
        return "rested";
      },
    );
    const engine = createEmbeddedEngine({
      functions: [nap],
      store: redis,
      logger: recordingLogger(),
      leaseTtlMs: 3000,
      pollIntervalMs: 50,
    });
    engines.push(engine);
    engine.start({ crons: false });
    await engine.ready;
    await engine.send({ name: "t/outage.nap", data: {} });
    await until(() => engine.runs()[0]?.status === "sleeping");
    state.down = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    state.down = false;
    expect(engine.isLeader()).toBe(true);
    await until(() => engine.runs()[0]?.status === "completed");
    expect(engine.runs()[0]?.output).toBe("rested");
  });
});
