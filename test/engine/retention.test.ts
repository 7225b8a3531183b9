// A long-lived embedded engine forgets its oldest finished runs beyond a limit, and never an
// unfinished one, so `npm start` does not grow without bound.

import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { testClient as inngest, recordingLogger, START } from "./support.ts";

const ticked = eventType("test/retention.ticked", { schema: z.object({ n: z.number() }) });

describe("finished-run retention", () => {
  it("keeps the newest finished runs up to the limit, and every unfinished one", async () => {
    const quick = inngest.createFunction(
      { id: "retention-quick", triggers: [ticked] },
      async ({ event }) => event.data.n,
    );
    const sleeper = inngest.createFunction(
      { id: "retention-sleeper", triggers: [ticked] },
      async ({ event, step }) => {
        if (event.data.n === 0) await step.sleep("long", "30d");
        return "woke";
      },
    );
    const clock = new VirtualClock(START);
    const store = storeClient(createMemoryRequester().requester);
    const engine = createEmbeddedEngine({
      functions: [quick, sleeper],
      store,
      clock,
      logger: recordingLogger(),
      keepFinishedRuns: 5,
    });
    for (let n = 0; n < 20; n++) await engine.send({ name: "test/retention.ticked", data: { n } });
    await engine.idle();

    const finished = engine.runs({ status: "completed" });
    expect(finished).toHaveLength(5);
    expect(finished.every((r) => (r.event.data as { n: number }).n >= 17)).toBe(true);
    const sleeping = engine.runs().filter((r) => r.status === "sleeping");
    expect(sleeping).toHaveLength(1);
    // The store forgets finished runs beyond the limit too (it prunes every `keep` finishes).
    const heads = (await store.keys("alpha-swarm:engine:run:*")).filter(
      (k) => !k.endsWith(":steps"),
    );
    // 39 runs finished; pruning every 5 finishes leaves at most 5 kept + 5 since the last prune.
    expect(heads.length).toBeLessThanOrEqual(5 + 5 + 1);
    expect(await store.zcard("alpha-swarm:engine:finished")).toBeLessThanOrEqual(5 + 5);
    await engine.runUntilIdle();
    expect(engine.getRun(sleeping[0]?.id ?? "")?.status).toBe("completed");
  });
});
