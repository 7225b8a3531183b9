// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts
// ("handle onFailure calls") and packages/inngest/src/test/integration/onFailure.test.ts ("skip
// schema validation"). Upstream calls the onFailure handler directly with a hand-made
// `inngest/function.failed` event; here the main handler fails for real (with the error of that
// hand-made event, "Something went wrong") and the engine must raise the failure event itself.
import { eventType, NonRetriableError } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun } from "./support.ts";

describe("handle onFailure calls", () => {
  it("runs the onFailure handler's steps A then B, each once, with the failure event", async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const seen: { error?: unknown } = {};

    const fn = inngest.createFunction(
      {
        id: "name",
        triggers: [{ event: "foo" }],
        onFailure: async ({ step: { run }, error }) => {
          seen.error = error;
          await run("A", A);
          await run("B", B);
        },
      },
      () => {
        throw new NonRetriableError("Something went wrong");
      },
    );
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo", data: {} });
    await engine.runUntilIdle();

    const main = onlyRun(engine, "name");
    expect(main.status).toBe("failed");

    const failure = onlyRun(engine, "name-failure");
    expect(failure.status).toBe("completed");
    expect(failure.steps).toMatchObject([
      { id: "A", op: "run", result: "A" },
      { id: "B", op: "run", result: "B" },
    ]);
    expect(failure.output).toBeNull();
    expect(A).toHaveBeenCalledTimes(1);
    expect(B).toHaveBeenCalledTimes(1);

    // The shape of upstream's hand-made event, filled in by the server from the failed run.
    expect(failure.event).toMatchObject({
      name: "inngest/function.failed",
      data: {
        event: { name: "foo", data: {} },
        function_id: "conformance-name",
        run_id: main.id,
        error: { name: "NonRetriableError", message: "Something went wrong" },
      },
    });
    expect(seen.error).toBeInstanceOf(Error);
    expect((seen.error as Error).message).toBe("Something went wrong");
  });
});

describe("skip schema validation", () => {
  // Runtime schema on the main function's `triggers` does not apply to the `onFailure` handler.
  it("reaches onFailure although the failure event does not match the trigger's schema", async () => {
    const state = { onFailureReached: false };
    const eventName = "evt-on-failure-schema";
    const fn = inngest.createFunction(
      {
        id: "fn",
        onFailure: () => {
          state.onFailureReached = true;
        },
        retries: 0,
        triggers: eventType(eventName, { schema: z.object({ msg: z.string() }) }),
      },
      () => {
        throw new Error("test");
      },
    );
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ data: { msg: "hi" }, name: eventName });
    await engine.runUntilIdle();

    expect(onlyRun(engine, "fn").status).toBe("failed");
    expect(state.onFailureReached).toBe(true);
    expect(onlyRun(engine, "fn-failure").status).toBe("completed");
  });
});
