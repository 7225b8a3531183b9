// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the case "can use built-in logger middleware". The handler logs through `ctx.logger`, which
// the SDK's built-in logger middleware backs with the client's logger and silences while steps
// are replayed: upstream expects ["info1", "A"], then ["2", "B"], then ["3"] over the three
// requests, i.e. every line exactly once over the whole run, in program order.
import { Inngest } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { virtualEngine } from "../support.ts";
import { captureLogger, onlyRun } from "./support.ts";

describe("can use built-in logger middleware", () => {
  it("logs each line of the handler once, through the client's logger", async () => {
    const logger = captureLogger();
    const inngest = new Inngest({ id: "conformance", logger });

    type Log = { info: (...args: unknown[]) => void };
    const A = vi.fn((log: Log) => {
      log.info("A");
      return "A";
    });
    const B = vi.fn((log: Log) => {
      log.info("B");
      return "B";
    });

    const fn = inngest.createFunction(
      { id: "name", triggers: [{ event: "foo" }] },
      async ({ step: { run }, logger }) => {
        logger.info("info1");
        await run("A", () => A(logger));
        logger.info("2");
        await run("B", () => B(logger));
        logger.info("3");
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "foo" });
    await engine.runUntilIdle();

    expect(onlyRun(engine, "name").status).toBe("completed");
    const ours = new Set(["info1", "A", "2", "B", "3"]);
    const infos = logger.lines
      .filter((line) => line.level === "info" && ours.has(line.text))
      .map((line) => line.text);
    expect(infos).toEqual(["info1", "A", "2", "B", "3"]);
  });
});
