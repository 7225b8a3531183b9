// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/polling/
// (index.ts, index.test.ts). Polls an external job every 10s with a step, giving up once an
// unawaited 30s sleep has finished. Upstream only checks the function's registration (its id
// and trigger); the behaviour below follows from the function body, with Math.random pinned so
// the job is either done at once or never.
import { afterEach, describe, expect, it, vi } from "vitest";
import { START, virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepIds, stepOf, tally } from "./support.ts";

const bodies = tally();

const polling = inngest.createFunction(
  { id: "polling", triggers: [{ event: "demo/polling" }] },
  async ({ step }) => {
    const poll = async () => {
      let timedOut = false;
      void step.sleep("polling-time-out", "30s").then(() => (timedOut = true));
      let interval = 0;

      do {
        const jobData = await step.run(
          "Check if external job complete",
          bodies.counted("check", () => {
            const jobComplete = Math.random() > 0.5;

            if (jobComplete) {
              return { data: { foo: "bar" } };
            }

            return null;
          }),
        );

        if (jobData !== null) {
          return jobData;
        }

        await step.sleep(`interval-${interval++}`, "10s");
      } while (!timedOut);

      return null;
    };

    const jobData = await poll();

    if (jobData) {
      await step.run(
        "Do something with data",
        bodies.counted("do", () => {
          console.log(jobData);
        }),
      );
    }
  },
);

const CHECK = "Check if external job complete";

describe("polling", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Upstream `checkIntrospection({ name: "polling", triggers: [{ event: "demo/polling" }] })`.
  it("is the function 'polling', triggered by 'demo/polling'", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.9);
    vi.spyOn(console, "log").mockImplementation(() => {});
    const { engine } = virtualEngine([polling]);
    await engine.send({ name: "demo/polling" });
    await engine.runUntilIdle();
    expect(onlyRun(engine, "polling").event.name).toBe("demo/polling");
  });

  it("uses the job's data once the first check finds it complete", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.9);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const before = { check: bodies.count("check"), do: bodies.count("do") };
    const { engine } = virtualEngine([polling]);
    await engine.send({ name: "demo/polling" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "polling");
    expect(run.status).toBe("completed");
    expect(run.output).toBeNull();
    expect(stepOf(run, CHECK).result).toEqual({ data: { foo: "bar" } });
    expect(stepOf(run, "Do something with data").result).toBeNull();
    expect(stepIds(run).filter((id) => id.startsWith("interval-"))).toEqual([]);
    expect(bodies.count("check") - before.check).toBe(1);
    expect(bodies.count("do") - before.do).toBe(1);
    expect(log).toHaveBeenCalledWith({ data: { foo: "bar" } });
  });

  it("polls every 10s until the 30s time-out, then gives up without using data", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.1);
    const before = { check: bodies.count("check"), do: bodies.count("do") };
    const { engine } = virtualEngine([polling]);
    await engine.send({ name: "demo/polling" });
    await engine.runUntilIdle();

    const run = onlyRun(engine, "polling");
    expect(run.status).toBe("completed");
    expect(run.output).toBeNull();
    expect(stepOf(run, "polling-time-out").op).toBe("sleep");
    const checks = stepIds(run).filter((id) => id === CHECK || id.startsWith(`${CHECK}:`));
    const intervals = stepIds(run).filter((id) => id.startsWith("interval-"));
    expect(checks.length).toBeGreaterThanOrEqual(1);
    // Every check found nothing and was followed by an interval sleep; each body ran once.
    for (const id of checks) expect(stepOf(run, id).result).toBeNull();
    expect(intervals).toHaveLength(checks.length);
    expect(bodies.count("check") - before.check).toBe(checks.length);
    expect(bodies.count("do") - before.do).toBe(0);
    expect(stepIds(run)).not.toContain("Do something with data");
    // The loop ends at the first interval that finishes after the time-out: no sooner than
    // 30s, and no later than one more 10s interval.
    expect(run.startedAt).toBe(START);
    const took = (run.endedAt ?? Number.NaN) - run.startedAt;
    expect(took).toBeGreaterThanOrEqual(30_000);
    expect(took).toBeLessThanOrEqual(40_000);
  });
});
