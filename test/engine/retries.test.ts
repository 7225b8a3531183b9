// Retries on the embedded engine: counts, NonRetriableError, RetryAfterError, onFailure.
import { eventType, NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testClient as inngest, START, virtualEngine } from "./support.ts";

const broke = eventType("test/retries.broke", { schema: z.object({ leadId: z.string() }) });

describe("retries", () => {
  it("retries a failing run `retries` more times, then fails it", async () => {
    let executions = 0;
    const fn = inngest.createFunction({ id: "retry-count", triggers: [broke], retries: 2 }, () => {
      executions += 1;
      throw new Error("always");
    });
    const { engine, logger } = virtualEngine([fn], () => 5000);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    const [run] = engine.runs();
    expect(executions).toBe(3);
    expect(run?.status).toBe("failed");
    expect(run?.attempts).toBe(3);
    expect(run?.error).toMatchObject({ name: "Error", message: "always" });
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(2);
    expect(logger.lines.some((l) => l.level === "error" && l.text.includes("always"))).toBe(true);
  });

  it("uses Inngest's default of 3 retries when none are configured", async () => {
    let executions = 0;
    const fn = inngest.createFunction({ id: "retry-default", triggers: [broke] }, () => {
      executions += 1;
      throw new Error("always");
    });
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    expect(executions).toBe(4);
    expect(engine.runs()[0]?.status).toBe("failed");
  });

  it("fails at once on NonRetriableError, thrown in a step or in the handler", async () => {
    let stepBodies = 0;
    let handlerRuns = 0;
    const inStep = inngest.createFunction(
      { id: "nonretriable-step", triggers: [broke], retries: 5 },
      async ({ step }) => {
        await step.run("refuse", () => {
          stepBodies += 1;
          throw new NonRetriableError("lead is gone");
        });
        return "unreachable";
      },
    );
    const inHandler = inngest.createFunction(
      { id: "nonretriable-handler", triggers: [broke], retries: 5 },
      () => {
        handlerRuns += 1;
        throw new NonRetriableError("bad input");
      },
    );
    const { engine } = virtualEngine([inStep, inHandler]);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    expect(stepBodies).toBe(1);
    expect(handlerRuns).toBe(1);
    const step = engine.runs({ functionId: "nonretriable-step" })[0];
    expect(step?.status).toBe("failed");
    expect(step?.error).toMatchObject({ name: "NonRetriableError", message: "lead is gone" });
    expect(step?.steps[0]).toMatchObject({ id: "refuse", error: { message: "lead is gone" } });
    expect(engine.runs({ functionId: "nonretriable-handler" })[0]?.attempts).toBe(1);
  });

  it("lets the handler catch a step that exhausted its retries", async () => {
    const fn = inngest.createFunction(
      { id: "step-error-caught", triggers: [broke], retries: 1 },
      async ({ step }) => {
        try {
          await step.run("doomed", () => {
            throw new Error("nope");
          });
        } catch (error) {
          return `recovered from ${(error as Error).message}`;
        }
        return "unreachable";
      },
    );
    const { engine } = virtualEngine([fn], () => 1000);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    expect(engine.runs()[0]).toMatchObject({ status: "completed", output: "recovered from nope" });
  });

  it("waits the time a RetryAfterError asks for on the virtual clock", async () => {
    const startedAt: number[] = [];
    const fn = inngest.createFunction(
      { id: "retry-after", triggers: [broke], retries: 3 },
      async ({ step, attempt }) => {
        startedAt.push(engine.clock.now());
        await step.run("rate-limited", () => {
          if (attempt === 0) throw new RetryAfterError("slow down", "2h");
          return "ok";
        });
        return "sent";
      },
    );
    const { engine } = virtualEngine([fn], () => 1000);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.idle();
    expect(engine.runs()[0]).toMatchObject({ status: "running", retryAt: START + 2 * 3600_000 });
    await engine.runUntilIdle();
    // The handler runs again after the retried step succeeds, as the SDK re-invokes it.
    expect(startedAt).toEqual([START, START + 2 * 3600_000, START + 2 * 3600_000]);
    expect(engine.runs()[0]?.status).toBe("completed");
  });

  it("runs onFailure with Inngest's failure context once retries are exhausted", async () => {
    const failures: Record<string, unknown>[] = [];
    const fn = inngest.createFunction(
      {
        id: "with-on-failure",
        triggers: [broke],
        retries: 1,
        onFailure: async ({ event, error, step, runId }) => {
          const noted = await step.run("note", () => `noted ${event.data.run_id}`);
          failures.push({ event, error, runId, noted });
        },
      },
      () => {
        throw new Error("kaput");
      },
    );
    const { engine } = virtualEngine([fn], () => 1000);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l9" } });
    await engine.runUntilIdle();

    const failed = engine.runs({ functionId: "with-on-failure" })[0];
    const handler = engine.runs({ functionId: "with-on-failure-failure" })[0];
    expect(failed?.status).toBe("failed");
    expect(handler?.status).toBe("completed");
    expect(failures).toHaveLength(1);
    const [failure] = failures;
    expect(failure?.runId).toBe(handler?.id);
    expect(failure?.noted).toBe(`noted ${failed?.id}`);
    expect(failure?.error).toBeInstanceOf(Error);
    expect((failure?.error as Error | undefined)?.message).toBe("kaput");
    expect(failure?.event).toMatchObject({
      name: "inngest/function.failed",
      data: {
        function_id: "engine-test-with-on-failure",
        run_id: failed?.id,
        error: { name: "Error", message: "kaput" },
        event: { name: "test/retries.broke", data: { leadId: "l9" } },
      },
    });
  });

  it("keeps other runs going when one run fails", async () => {
    const failing = inngest.createFunction(
      { id: "iso-fail", triggers: [broke], retries: 0 },
      () => {
        throw new Error("mine only");
      },
    );
    const fine = inngest.createFunction({ id: "iso-fine", triggers: [broke] }, async ({ step }) =>
      step.run("work", () => "fine"),
    );
    const { engine } = virtualEngine([failing, fine]);
    await engine.send({ name: "test/retries.broke", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    expect(engine.runs({ functionId: "iso-fail" })[0]?.status).toBe("failed");
    expect(engine.runs({ functionId: "iso-fine" })[0]).toMatchObject({
      status: "completed",
      output: "fine",
    });
    await engine.send({ name: "test/retries.broke", data: { leadId: "l2" } });
    await engine.runUntilIdle();
    expect(engine.runs({ status: "completed" })).toHaveLength(2);
  });
});
