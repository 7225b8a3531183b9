// step.run semantics on the embedded engine, as the SDK executes them: memoisation across
// retries, re-invocation per request, JSON results, step ids.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testClient as inngest, virtualEngine } from "./support.ts";

const poked = eventType("test/steps.poked", { schema: z.object({ n: z.number() }) });

describe("step.run", () => {
  it("runs a completed step once even when a later step fails and the run retries", async () => {
    let firstBody = 0;
    let flakyBody = 0;
    const attemptsSeen: number[] = [];
    const fn = inngest.createFunction(
      { id: "steps-memo", triggers: [poked], retries: 3 },
      async ({ event, step, attempt }) => {
        attemptsSeen.push(attempt);
        const first = await step.run("first", () => {
          firstBody += 1;
          return { n: event.data.n, at: new Date(0), gone: undefined };
        });
        const second = await step.run("flaky", () => {
          flakyBody += 1;
          if (flakyBody < 3) throw new Error(`flaky ${flakyBody}`);
          return first.n + 1;
        });
        return { first, second };
      },
    );
    const { engine } = virtualEngine([fn], () => 1000);

    await engine.send({ name: "test/steps.poked", data: { n: 41 } });
    await engine.runUntilIdle();

    const [run] = engine.runs();
    expect(firstBody).toBe(1);
    expect(flakyBody).toBe(3);
    // The SDK re-invokes the handler for every request: first (run at once), flaky at attempts
    // 0, 1 and 2, then the request that returns; `attempt` is the retried step's.
    expect(attemptsSeen).toEqual([0, 0, 1, 2, 0]);
    expect(run?.status).toBe("completed");
    expect(run?.attempts).toBe(5);
    expect(run?.output).toEqual({ first: { n: 41, at: "1970-01-01T00:00:00.000Z" }, second: 42 });
    expect(run?.steps.map((s) => s.id)).toEqual(["first", "flaky"]);
  });

  it("hands the handler JSON round-tripped results, also on first execution", async () => {
    const seen: unknown[] = [];
    const fn = inngest.createFunction({ id: "steps-json", triggers: [poked] }, async ({ step }) => {
      seen.push(await step.run("date", () => new Date(Date.UTC(2026, 0, 1))));
      seen.push(await step.run("nothing", () => undefined));
      return "done";
    });
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "test/steps.poked", data: { n: 1 } });
    await engine.runUntilIdle();
    // Each step's result is memoised as JSON; the handler sees it again on every later request.
    expect(seen).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", null]);
  });

  it("gives repeated step ids Inngest's :n suffixes and replays them by position", async () => {
    let bodies = 0;
    let failed = false;
    const fn = inngest.createFunction(
      { id: "steps-repeat", triggers: [poked], retries: 1 },
      async ({ step }) => {
        const results: number[] = [];
        for (const x of [1, 2, 3]) {
          results.push(
            await step.run("item", () => {
              bodies += 1;
              return x * 10;
            }),
          );
        }
        if (!failed) {
          failed = true;
          throw new Error("once");
        }
        return results;
      },
    );
    const { engine } = virtualEngine([fn], () => 1000);
    await engine.send({ name: "test/steps.poked", data: { n: 1 } });
    await engine.runUntilIdle();
    const [run] = engine.runs();
    expect(run?.output).toEqual([10, 20, 30]);
    expect(bodies).toBe(3);
    expect(run?.steps.map((s) => s.id)).toEqual(["item", "item:1", "item:2"]);
  });

  it("runs parallel steps together", async () => {
    const fn = inngest.createFunction(
      { id: "steps-parallel", triggers: [poked] },
      async ({ step }) => {
        const [a, b] = await Promise.all([
          step.run("a", async () => "a"),
          step.run("b", async () => "b"),
        ]);
        return a + b;
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "test/steps.poked", data: { n: 1 } });
    await engine.idle();
    expect(engine.runs()[0]?.output).toBe("ab");
  });
});
