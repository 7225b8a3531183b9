// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the cases "throws a NonRetriableError when one is thrown inside a step", "... when thrown
// inside the main function body", "NonRetriableError in step should use StepFailed opcode (not
// StepError) even on early attempts" and "detects NonRetriableError by name when instanceof
// fails". Upstream asserts the SDK's response (StepFailed / function-rejected, retriable: false);
// the observable equivalent here: no retry (one execution of the body) despite the default
// retries: 3, and the error recorded on the step and the run.
import { NonRetriableError } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun, stepOf } from "./support.ts";

describe("throws a NonRetriableError when one is thrown inside a step", () => {
  it("fails step A on its first attempt, and with it the run", async () => {
    const A = vi.fn(() => {
      throw new NonRetriableError("A error message");
    });
    const fn = inngest.createFunction(
      { id: "Foo", triggers: [{ event: "foo" }] },
      async ({ step: { run } }) => {
        await run("A", A);
      },
    );
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "Foo");
    expect(A).toHaveBeenCalledTimes(1);
    expect(stepOf(run, "A").error).toMatchObject({
      name: "NonRetriableError",
      message: "A error message",
      stack: expect.any(String),
    });
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ name: "NonRetriableError", message: "A error message" });
  });
});

describe("NonRetriableError in step should use StepFailed opcode (not StepError) even on early attempts", () => {
  it("does not retry the step although retries remain", async () => {
    const A = vi.fn(() => {
      throw new NonRetriableError("Should not retry this step");
    });
    const fn = inngest.createFunction(
      { id: "Foo", triggers: [{ event: "foo" }] },
      async ({ step: { run } }) => {
        await run("A", A);
      },
    );
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "Foo");
    expect(A).toHaveBeenCalledTimes(1);
    expect(stepOf(run, "A").error).toMatchObject({
      name: "NonRetriableError",
      message: "Should not retry this step",
    });
    expect(run.status).toBe("failed");
  });
});

describe("throws a NonRetriableError when thrown inside the main function body", () => {
  it("fails the run after one execution", async () => {
    let executions = 0;
    const fn = inngest.createFunction({ id: "Foo", triggers: [{ event: "foo" }] }, async () => {
      executions += 1;
      throw new NonRetriableError("Error message");
    });
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "Foo");
    expect(executions).toBe(1);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      name: "NonRetriableError",
      message: "Error message",
      stack: expect.any(String),
    });
    expect(run.steps).toEqual([]);
  });
});

describe("detects NonRetriableError by name when instanceof fails", () => {
  it("fails the run after one execution", async () => {
    let executions = 0;
    const fn = inngest.createFunction({ id: "Foo", triggers: [{ event: "foo" }] }, async () => {
      executions += 1;
      const error = new Error("Simulated monorepo error");
      error.name = "NonRetriableError";
      throw error;
    });
    const { engine } = virtualEngine([fn], fixedBackoff);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "Foo");
    expect(executions).toBe(1);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      name: "NonRetriableError",
      message: "Simulated monorepo error",
    });
  });
});
