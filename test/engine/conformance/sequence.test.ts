// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the cases "simple A to B", "step indexing in sequence", "step indexing synchronously",
// "step indexing in parallel" and "step indexing in parallel with separated indexes". Upstream
// drives the SDK request by request with a hand-made step state; here the engine drives the
// whole run, and the assertions are the union of upstream's per-request ones: which bodies ran,
// the ids ("A", "A:1", "A:2") and data of the steps, the final `data: null`, and the
// AUTOMATIC_PARALLEL_INDEXING warning on the client's logger (or its absence).
// Upstream's `await wait(200)` (a real timer) is a macrotask hop here: what matters is that the
// later step is found after the SDK has finished collecting the earlier ones.
import { Inngest } from "inngest";
import { describe, expect, it, vi } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { captureLogger, onlyRun, stepIds, stepOf } from "./support.ts";

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `build(client)` once on a fresh engine; returns the run and the client's warnings. */
const runOnce = async (
  build: (client: Inngest.Any) => Parameters<typeof virtualEngine>[0][number],
): Promise<{ run: RunView; warnings: string[] }> => {
  const logger = captureLogger();
  const client = new Inngest({ id: "conformance", logger });
  const { engine } = virtualEngine([build(client)]);
  await engine.send({ name: "foo" });
  await engine.runUntilIdle();
  const warnings = logger.lines.filter((line) => line.level === "warn").map((line) => line.text);
  return { run: onlyRun(engine, "name"), warnings };
};

describe("simple A to B", () => {
  it("runs A then B, each once, and resolves with null", async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const { run, warnings } = await runOnce((inngest) =>
      inngest.createFunction(
        { id: "name", triggers: [{ event: "foo" }] },
        async ({ step: { run } }) => {
          await run("A", A);
          await run("B", B);
        },
      ),
    );

    expect(run.status).toBe("completed");
    expect(run.steps).toMatchObject([
      { id: "A", op: "run", result: "A" },
      { id: "B", op: "run", result: "B" },
    ]);
    expect(A).toHaveBeenCalledTimes(1);
    expect(B).toHaveBeenCalledTimes(1);
    expect(run.output).toBeNull();
    expect(warnings).toEqual([]);
  });
});

describe("step indexing in sequence", () => {
  it('gives a reused id the suffixes ":1", ":2" in call order', async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const C = vi.fn(() => "C");
    const id = "A";
    const { run, warnings } = await runOnce((inngest) =>
      inngest.createFunction(
        { id: "name", triggers: [{ event: "foo" }] },
        async ({ step: { run } }) => {
          await run(id, A);
          await run(id, B);
          await run(id, C);
        },
      ),
    );

    expect(run.status).toBe("completed");
    expect(run.steps).toMatchObject([
      { id: "A", result: "A" },
      { id: "A:1", result: "B" },
      { id: "A:2", result: "C" },
    ]);
    for (const body of [A, B, C]) expect(body).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
  });
});

describe("step indexing synchronously", () => {
  it("indexes steps created in the same tick by call order", async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const C = vi.fn(() => "C");
    const id = "A";
    const { run, warnings } = await runOnce((inngest) =>
      inngest.createFunction(
        { id: "name", triggers: [{ event: "foo" }] },
        async ({ step: { run } }) => {
          await Promise.all([run(id, A), run(id, B), run(id, C)]);
        },
      ),
    );

    expect(run.status).toBe("completed");
    expect(stepIds(run).sort()).toEqual(["A", "A:1", "A:2"]);
    expect(stepOf(run, "A").result).toBe("A");
    expect(stepOf(run, "A:1").result).toBe("B");
    expect(stepOf(run, "A:2").result).toBe("C");
    for (const body of [A, B, C]) expect(body).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
  });
});

describe("step indexing in parallel", () => {
  it("indexes a reused id found after an async gap, warning about parallel indexing", async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const id = "A";
    const { run, warnings } = await runOnce((inngest) =>
      inngest.createFunction(
        { id: "name", triggers: [{ event: "foo" }] },
        async ({ step: { run } }) => {
          await run(id, A);
          await nextMacrotask();
          await run(id, B);
        },
      ),
    );

    expect(run.status).toBe("completed");
    expect(run.steps).toMatchObject([
      { id: "A", result: "A" },
      { id: "A:1", result: "B" },
    ]);
    expect(A).toHaveBeenCalledTimes(1);
    expect(B).toHaveBeenCalledTimes(1);
    expect(warnings.some((text) => text.includes("AUTOMATIC_PARALLEL_INDEXING"))).toBe(true);
  });
});

describe("step indexing in parallel with separated indexes", () => {
  it("keeps counting the index after a parallel group, warning about parallel indexing", async () => {
    const A = vi.fn(() => "A");
    const B = vi.fn(() => "B");
    const C = vi.fn(() => "C");
    const id = "A";
    const { run, warnings } = await runOnce((inngest) =>
      inngest.createFunction(
        { id: "name", triggers: [{ event: "foo" }] },
        async ({ step: { run } }) => {
          await Promise.all([run(id, A), run(id, B)]);
          await nextMacrotask();
          await run(id, C);
        },
      ),
    );

    expect(run.status).toBe("completed");
    expect(stepIds(run).slice(0, 2).sort()).toEqual(["A", "A:1"]);
    expect(stepIds(run)[2]).toBe("A:2");
    expect(stepOf(run, "A").result).toBe("A");
    expect(stepOf(run, "A:1").result).toBe("B");
    expect(stepOf(run, "A:2").result).toBe("C");
    for (const body of [A, B, C]) expect(body).toHaveBeenCalledTimes(1);
    expect(warnings.some((text) => text.includes("AUTOMATIC_PARALLEL_INDEXING"))).toBe(true);
  });
});
