// batchEvents on the embedded engine: a batched function's events gather into one run of up to
// maxSize, or whatever arrived within the timeout of the first; a re-sent event joins once; an
// open batch survives a restart of the engine and starts its run when its timeout passes.
import { eventType } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { EngineStore } from "../../lib/engine/engine-store.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";
import { testClient as inngest, recordingLogger, START, virtualEngine } from "./support.ts";

const noted = eventType("test/batch.noted", { schema: z.object({ n: z.number() }) });

const batched = () =>
  inngest.createFunction(
    { id: "batched", triggers: [noted], batchEvents: { maxSize: 3, timeout: "10s" } },
    async ({ event, events, step }) => {
      const ns = await step.run("sum", () => events.map((e) => e.data.n));
      return { first: event.data.n, ns };
    },
  );

const outputs = (engine: ReturnType<typeof virtualEngine>["engine"]) =>
  engine
    .runs({ functionId: "batched" })
    .map((run) => ({
      status: run.status,
      output: run.output as { first: number; ns: number[] } | undefined,
    }))
    .sort((a, b) => (a.output?.first ?? 0) - (b.output?.first ?? 0));

describe("batchEvents", () => {
  it("runs full batches at once and the rest when the timeout after its first event passes", async () => {
    const { engine } = virtualEngine([batched()]);
    for (let n = 1; n <= 7; n++) await engine.send({ name: "test/batch.noted", data: { n } });
    await engine.runUntilIdle({ until: START + 9_000 });
    expect(outputs(engine)).toEqual([
      { status: "completed", output: { first: 1, ns: [1, 2, 3] } },
      { status: "completed", output: { first: 4, ns: [4, 5, 6] } },
    ]);
    await engine.runUntilIdle();
    expect(outputs(engine)[2]).toEqual({ status: "completed", output: { first: 7, ns: [7] } });
    await engine.close();
  });

  it("puts events that only join batches straight into them; a send with any other event goes through the intake, in order", async () => {
    const other = eventType("test/batch.other", { schema: z.object({ n: z.number() }) });
    const plain = inngest.createFunction(
      { id: "plain", triggers: [other] },
      async ({ event }) => event.data.n,
    );
    const enqueue = vi.spyOn(EngineStore.prototype, "enqueue");
    try {
      const { engine } = virtualEngine([batched(), plain]);
      for (let n = 1; n <= 3; n++) await engine.send({ name: "test/batch.noted", data: { n } });
      expect(enqueue).not.toHaveBeenCalled();
      await engine.send([
        { name: "test/batch.noted", data: { n: 4 } },
        { name: "test/batch.other", data: { n: 0 } },
        { name: "test/batch.noted", data: { n: 5 } },
        { name: "test/batch.noted", data: { n: 6 } },
      ]);
      expect(enqueue).toHaveBeenCalledTimes(1);
      await engine.runUntilIdle();
      expect(outputs(engine)).toEqual([
        { status: "completed", output: { first: 1, ns: [1, 2, 3] } },
        { status: "completed", output: { first: 4, ns: [4, 5, 6] } },
      ]);
      expect(engine.runs({ functionId: "plain" }).map((run) => run.output)).toEqual([0]);
      await engine.close();
    } finally {
      enqueue.mockRestore();
    }
  });

  it("stores a send of several events that only join one function's batch in one transaction, past its size", async () => {
    const enqueue = vi.spyOn(EngineStore.prototype, "enqueue");
    const append = vi.spyOn(EngineStore.prototype, "appendToBatch");
    try {
      const { engine } = virtualEngine([batched()]);
      await engine.send([1, 2, 3, 4, 5].map((n) => ({ name: "test/batch.noted", data: { n } })));
      expect(enqueue).not.toHaveBeenCalled();
      expect(append).toHaveBeenCalledTimes(1);
      expect(append.mock.calls[0]?.[1]).toHaveLength(5);
      await engine.runUntilIdle();
      expect(outputs(engine)).toEqual([
        { status: "completed", output: { first: 1, ns: [1, 2, 3] } },
        { status: "completed", output: { first: 4, ns: [4, 5] } },
      ]);
      await engine.close();
    } finally {
      enqueue.mockRestore();
      append.mockRestore();
    }
  });

  it("takes a re-sent event (same id) once", async () => {
    const { engine } = virtualEngine([batched()]);
    await engine.send({ name: "test/batch.noted", id: "note-1", data: { n: 1 } });
    await engine.send({ name: "test/batch.noted", id: "note-1", data: { n: 1 } });
    await engine.send({ name: "test/batch.noted", id: "note-2", data: { n: 2 } });
    await engine.runUntilIdle();
    expect(outputs(engine)).toEqual([{ status: "completed", output: { first: 1, ns: [1, 2] } }]);
    // A batched run is found by any of its events.
    expect(engine.runs({ eventId: "note-2" }).map((run) => run.status)).toEqual(["completed"]);
    await engine.close();
  });

  it.each(["claimMany", "beginFlush", "endFlush"] as const)(
    "loses and repeats no event when the store fails once at %s",
    async (step) => {
      const original = EngineStore.prototype[step];
      let failed = false;
      const spy = vi.spyOn(EngineStore.prototype, step).mockImplementation(async function (
        this: EngineStore,
        ...args: unknown[]
      ) {
        if (!failed) {
          failed = true;
          throw new Error("store blip");
        }
        return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      } as never);
      try {
        const { engine, clock } = virtualEngine([batched()]);
        await engine.send({ name: "test/batch.noted", data: { n: 1 } });
        await engine.send({ name: "test/batch.noted", data: { n: 2 } });
        await engine.runUntilIdle();
        // Tried again by itself, with no other event to wake it.
        expect(outputs(engine).flatMap((run) => run.output?.ns ?? [])).toEqual([1, 2]);
        for (let n = 3; n <= 8; n++) {
          await engine.send({ name: "test/batch.noted", data: { n } });
          clock.advance(1);
        }
        await engine.runUntilIdle();
        const seen = outputs(engine).flatMap((run) => run.output?.ns ?? []);
        expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        await engine.close();
      } finally {
        spy.mockRestore();
      }
    },
  );

  it("does not run an event again when it is routed again after its batch ran", async () => {
    const { engine } = virtualEngine([batched()]);
    const again = { name: "test/batch.noted", id: "note-1", ts: START, data: { n: 1 } };
    await engine.send(again);
    await engine.send({ name: "test/batch.noted", data: { n: 2 } });
    await engine.send({ name: "test/batch.noted", data: { n: 3 } });
    await engine.runUntilIdle();
    await engine.send(again);
    await engine.send({ name: "test/batch.noted", data: { n: 4 } });
    await engine.runUntilIdle();
    const seen = outputs(engine).flatMap((run) => run.output?.ns ?? []);
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    await engine.close();
  });

  it("takes events into a caller's transaction: stored only if it lands, then run when the batch is full or its timeout passes", async () => {
    const store = storeClient(createMemoryRequester().requester);
    const clock = new VirtualClock(START);
    const other = eventType("test/batch.other", { schema: z.object({ n: z.number() }) });
    const plain = inngest.createFunction(
      { id: "plain", triggers: [other] },
      async ({ event }) => event.data.n,
    );
    const engine = createEmbeddedEngine({
      functions: [batched(), plain],
      store,
      clock,
      logger: recordingLogger(),
    });
    await engine.ready;
    const sent: string[] = [];
    engine.on("event:sent", (event) => sent.push(event.id));
    const noted = (n: number) => ({ name: "test/batch.noted", id: `noted-${n}`, data: { n } });
    /** Appends event n in a transaction with a write of the caller's; `lands` false discards it. */
    const within = async (n: number, lands = true) => {
      const tx = store.multi().set(`caller:${n}`, "written");
      const landed = engine.appendWithin(tx, [noted(n)]);
      if (lands) await tx.exec();
      if (lands) landed?.();
      return landed;
    };
    // An event that does more than join a batch, and a reserved name, are sent instead.
    expect(engine.appendWithin(store.multi(), [{ name: "test/batch.other", data: { n: 0 } }])).toBe(
      null,
    );
    expect(
      engine.appendWithin(store.multi(), [{ name: "inngest/function.failed", data: {} }]),
    ).toBe(null);

    expect(await within(1)).toBeTypeOf("function");
    expect(await within(2, false)).toBeTypeOf("function");
    expect(await within(3)).toBeTypeOf("function");
    expect(await store.get("caller:2")).toBe(null);
    expect(sent).toEqual(["noted-1", "noted-3"]);
    await engine.runUntilIdle({ until: START + 5_000 });
    expect(engine.runs({ functionId: "batched" })).toEqual([]);
    // A third event fills the batch (maxSize 3): its run starts without waiting for the timeout.
    await within(4);
    await engine.runUntilIdle({ until: START + 5_000 });
    expect(outputs(engine)).toEqual([{ status: "completed", output: { first: 1, ns: [1, 3, 4] } }]);
    // One more waits for its batch's timeout, like a sent event.
    await within(5);
    await engine.runUntilIdle({ until: START + 14_000 });
    expect(outputs(engine)).toHaveLength(1);
    await engine.runUntilIdle({ until: START + 16_000 });
    expect(outputs(engine)[1]).toEqual({ status: "completed", output: { first: 5, ns: [5] } });
    await engine.close();
    // A process that does not drive the engine sends its events.
    expect(engine.appendWithin(store.multi(), [noted(6)])).toBe(null);
  });

  it("keeps an open batch across a restart and starts its run when its timeout passes", async () => {
    const store = storeClient(createMemoryRequester().requester);
    const clock = new VirtualClock(START);
    const first = createEmbeddedEngine({
      functions: [batched()],
      store,
      clock,
      logger: recordingLogger(),
    });
    await first.send({ name: "test/batch.noted", data: { n: 1 } });
    await first.send({ name: "test/batch.noted", data: { n: 2 } });
    await first.runUntilIdle({ until: START + 5_000 });
    expect(first.runs({ functionId: "batched" })).toEqual([]);
    await first.close();

    const second = createEmbeddedEngine({
      functions: [batched()],
      store,
      clock,
      logger: recordingLogger(),
    });
    await second.runUntilIdle({ until: START + 9_000 });
    expect(second.runs({ functionId: "batched" })).toEqual([]);
    await second.runUntilIdle({ until: START + 11_000 });
    expect(outputs(second)).toEqual([{ status: "completed", output: { first: 1, ns: [1, 2] } }]);
    await second.close();
  });
});
