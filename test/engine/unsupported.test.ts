// What the embedded engine refuses: function options it does not implement stop start-up with
// their name, and step tools it does not implement fail the run at once with a clear error.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { UnsupportedFunctionError } from "../../lib/engine/function-registry.ts";
import { testClient as inngest, recordingLogger, START, virtualEngine } from "./support.ts";

const asked = eventType("test/unsupported.asked", { schema: z.object({ q: z.string() }) });

describe("what the engine does not implement", () => {
  it("fails a run using a step tool it does not implement at once, naming the tool", async () => {
    const caller = inngest.createFunction(
      { id: "signaller", triggers: [asked], retries: 3 },
      async ({ step }) =>
        step.waitForSignal("signal", { signal: "go", timeout: "1h", onConflict: "fail" }),
    );
    const { engine } = virtualEngine([caller]);
    await engine.send({ name: "test/unsupported.asked", data: { q: "x" } });
    await engine.runUntilIdle();
    const run = engine.runs({ functionId: "signaller" })[0];
    expect(run?.status).toBe("failed");
    expect(run?.attempts).toBe(1);
    expect(run?.error?.message).toMatch(
      /step "signal" uses WaitForSignal, which the embedded engine does not implement/,
    );
  });

  it("fails a run whose request never answers (a step nested in another) after its retries", async () => {
    const fn = inngest.createFunction(
      { id: "nested", triggers: [asked], retries: 1 },
      async ({ step }) => step.run("outer", async () => step.run("inner", () => 1)),
    );
    const engine = createEmbeddedEngine({
      functions: [fn],
      clock: new VirtualClock(START),
      logger: recordingLogger(),
      backoff: () => 1000,
      requestTimeoutMs: 200,
    });
    await engine.send({ name: "test/unsupported.asked", data: { q: "x" } });
    await engine.runUntilIdle();
    const run = engine.runs({ functionId: "nested" })[0];
    expect(run?.status).toBe("failed");
    expect(run?.attempts).toBe(2);
    expect(run?.error?.name).toBe("RequestTimeoutError");
    expect(run?.error?.message).toMatch(/nested in another/);
  });

  it.each([
    ["debounce", { debounce: { period: "5m" } }],
    ["priority", { priority: { run: "10" } }],
    ["timeouts", { timeouts: { finish: "1h" } }],
  ])("refuses to start with a function using %s, naming it", (option, extra) => {
    const fn = inngest.createFunction(
      { id: `with-${option}`, triggers: [asked], ...extra } as Parameters<
        typeof inngest.createFunction
      >[0],
      () => null,
    );
    expect(() => virtualEngine([fn])).toThrow(UnsupportedFunctionError);
    expect(() => virtualEngine([fn])).toThrow(new RegExp(`"${option}" is not implemented`));
  });

  it.each([
    ["batchEvents.key", { batchEvents: { maxSize: 10, timeout: "5s", key: "event.data.q" } }],
    ["batchEvents.if", { batchEvents: { maxSize: 10, timeout: "5s", if: "event.data.q == 'a'" } }],
    ["idempotency", { batchEvents: { maxSize: 10, timeout: "5s" }, idempotency: "event.data.q" }],
    [
      "rateLimit",
      { batchEvents: { maxSize: 10, timeout: "5s" }, rateLimit: { limit: 1, period: "1m" } },
    ],
    ["maxSize", { batchEvents: { maxSize: 0, timeout: "5s" } }],
  ])("refuses batchEvents with %s, naming it", (option, extra) => {
    const fn = inngest.createFunction(
      { id: "batched", triggers: [asked], ...extra } as Parameters<
        typeof inngest.createFunction
      >[0],
      () => null,
    );
    expect(() => virtualEngine([fn])).toThrow(UnsupportedFunctionError);
    expect(() => virtualEngine([fn])).toThrow(new RegExp(option.replace(".", "\\.")));
  });

  it("refuses a throttle burst it does not implement, naming it", () => {
    const fn = inngest.createFunction(
      { id: "bursty", triggers: [asked], throttle: { limit: 5, period: "1m", burst: 3 } },
      () => null,
    );
    expect(() => virtualEngine([fn])).toThrow(/throttle\.burst/);
  });
});
