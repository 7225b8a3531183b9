// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/multiple-triggers/
// (index.ts, index.test.ts). One function, two event triggers; each event starts its own run.
import { beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedEngine } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest } from "./support.ts";

const events = ["demo/multiple-triggers.1", "demo/multiple-triggers.2"];

const multipleTriggers = inngest.createFunction(
  { id: "multiple-triggers", triggers: events.map((event) => ({ event })) },
  ({ event }) => `Hello, ${event.name}!`,
);

describe("multiple-triggers", () => {
  let engine: EmbeddedEngine;

  beforeAll(async () => {
    ({ engine } = virtualEngine([multipleTriggers]));
    for (const name of events) await engine.send({ name });
    await engine.runUntilIdle();
  });

  it("starts exactly one run per triggering event", () => {
    const runs = engine.runs({ functionId: "multiple-triggers" });
    expect(runs.map((run) => run.event.name).sort()).toEqual([...events].sort());
  });

  for (const eventName of events) {
    it(`runs in response to '${eventName}' and returns 'Hello, ${eventName}!'`, () => {
      const run = engine
        .runs({ functionId: "multiple-triggers" })
        .find((candidate) => candidate.event.name === eventName);
      expect(run?.status).toBe("completed");
      expect(run?.output).toEqual(`Hello, ${eventName}!`);
    });
  }
});
