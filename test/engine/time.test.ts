// Time on the embedded engine: long sleeps on the virtual clock, cron triggers, the real clock.
import { cron, eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { DAY, testClient as inngest, recordingLogger, START, virtualEngine } from "./support.ts";

const enrolled = eventType("test/time.enrolled", { schema: z.object({ leadId: z.string() }) });

describe("sleeps on the virtual clock", () => {
  it("completes a 21-day sleep at once, with the clock advanced by 21 days", async () => {
    let wokeAt = 0;
    const fn = inngest.createFunction(
      { id: "cadence-21d", triggers: [enrolled] },
      async ({ step }) => {
        await step.run("touch-1", () => "sent");
        await step.sleep("wait-21d", "21d");
        wokeAt = await step.run("touch-2", () => engine.clock.now());
        return "done";
      },
    );
    const { engine, clock } = virtualEngine([fn]);
    const wall = Date.now();
    await engine.send({ name: "test/time.enrolled", data: { leadId: "l1" } });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("sleeping");
    await engine.runUntilIdle();
    expect(Date.now() - wall).toBeLessThan(2000);
    expect(clock.now() - START).toBeGreaterThanOrEqual(21 * DAY);
    expect(wokeAt).toBe(START + 21 * DAY);
    expect(engine.runs()[0]).toMatchObject({ status: "completed", output: "done" });
    expect(engine.runs()[0]?.steps.map((s) => s.op)).toEqual(["run", "sleep", "run"]);
  });

  it("sleeps for a duration and until a given date", async () => {
    const wakes: number[] = [];
    const fn = inngest.createFunction(
      { id: "sleep-until", triggers: [enrolled] },
      async ({ step }) => {
        await step.sleep("short", "26h");
        await step.run("woke-short", () => wakes.push(engine.clock.now()));
        await step.sleepUntil("later", new Date(START + 30 * DAY));
        await step.run("woke-later", () => wakes.push(engine.clock.now()));
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "test/time.enrolled", data: { leadId: "l1" } });
    await engine.runUntilIdle();
    expect(wakes).toEqual([START + DAY + 2 * 3600_000, START + 30 * DAY]);
    expect(engine.runs()[0]?.status).toBe("completed");
  });

  it("wakes and completes 3,000 runs sleeping a day each", async () => {
    const fn = inngest.createFunction(
      { id: "many-sleepers", triggers: [enrolled] },
      async ({ event, step }) => {
        await step.sleep("nap", "1d");
        return step.run("finish", () => event.data.leadId);
      },
    );
    const { engine } = virtualEngine([fn]);
    const events = Array.from({ length: 3000 }, (_, i) => ({
      name: "test/time.enrolled",
      data: { leadId: `l${i}` },
    }));
    await engine.send(events);
    await engine.runUntilIdle();
    expect(engine.runs({ status: "completed" })).toHaveLength(3000);
  }, 60_000);
});

describe("cron triggers", () => {
  it("fires `0 10 * * *` at 10:00 UTC each day on the virtual clock", async () => {
    const fn = inngest.createFunction(
      { id: "daily-digest", triggers: cron("0 10 * * *") },
      async ({ event }) => ({ name: event.name, data: event.data }),
    );
    const { engine, clock } = virtualEngine([fn]);
    engine.start();
    await engine.runUntilIdle();
    expect(engine.runs()).toHaveLength(0);

    await engine.runUntilIdle({ until: START + 3 * DAY });
    const runs = engine.runs();
    expect(runs.map((r) => new Date(r.startedAt).toISOString())).toEqual([
      "2026-01-05T10:00:00.000Z",
      "2026-01-06T10:00:00.000Z",
      "2026-01-07T10:00:00.000Z",
    ]);
    expect(runs[0]?.output).toEqual({
      name: "inngest/scheduled.timer",
      data: { cron: "0 10 * * *" },
    });
    expect(clock.now()).toBe(START + 3 * DAY);
    engine.stop();
  });

  it("honours a TZ= prefix", async () => {
    const fn = inngest.createFunction(
      { id: "detroit-morning", triggers: [cron("TZ=America/Detroit 0 9 * * *")] },
      () => "morning",
    );
    const { engine } = virtualEngine([fn]);
    engine.start();
    await engine.runUntilIdle({ until: START + DAY });
    expect(engine.runs().map((r) => new Date(r.startedAt).toISOString())).toEqual([
      "2026-01-05T14:00:00.000Z",
    ]);
    engine.stop();
  });

  it("refuses an invalid cron string when the engine is created", () => {
    const fn = inngest.createFunction({ id: "bad-cron", triggers: cron("61 * * * *") }, () => 1);
    expect(() => createEmbeddedEngine({ functions: [fn], logger: recordingLogger() })).toThrow(
      /Invalid cron trigger "61 \* \* \* \*"/,
    );
  });
});

describe("real clock", () => {
  it("completes a 20 ms sleep, rounded up to a second as Inngest does", async () => {
    const fn = inngest.createFunction(
      { id: "real-sleep", triggers: [enrolled] },
      async ({ step }) => {
        await step.sleep("blink", 20);
        return "awake";
      },
    );
    const engine = createEmbeddedEngine({ functions: [fn], logger: recordingLogger() });
    const began = Date.now();
    const { ids } = await engine.send({ name: "test/time.enrolled", data: { leadId: "l1" } });
    await engine.idle();
    const [run] = engine.runs({ eventId: ids[0] });
    const finished = await engine.waitForRun(run?.id ?? "");
    expect(finished).toMatchObject({ status: "completed", output: "awake" });
    expect(Date.now() - began).toBeGreaterThanOrEqual(999);
    await engine.close();
  });
});
