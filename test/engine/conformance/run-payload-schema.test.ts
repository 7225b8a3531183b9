// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/run-payload-schema/
// (index.ts, index.test.ts). The trigger is an EventType with a schema. The Inngest server does
// not validate events it receives (schemas live in the SDK): an invalid event is accepted and
// starts a run, which the SDK then fails with the schema's issues as the error message.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun } from "./support.ts";

const name = "run-payload-schema";

const et = eventType(name, {
  schema: z.object({
    nested: z.object({
      msg: z.string(),
    }),
  }),
});

/** How many times the handler body has been entered (a counter added to the upstream body). */
let handlerCalls = 0;

const runPayloadSchema = inngest.createFunction({ id: name, triggers: [et] }, async ({ event }) => {
  handlerCalls += 1;
  return event.data;
});

describe("run-payload-schema", () => {
  it("valid data", async () => {
    const { engine } = virtualEngine([runPayloadSchema]);
    await engine.send({ name, data: { nested: { msg: "hello" } } });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ nested: { msg: "hello" } });
  });

  it("invalid data", async () => {
    const { engine } = virtualEngine([runPayloadSchema]);
    const before = handlerCalls;
    // Upstream posts the event straight to the server's event API, which accepts it.
    await expect(engine.send({ name, data: { nested: { msg: 123 } } })).resolves.toEqual({
      ids: [expect.any(String)],
    });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      message: "nested.msg: Expected string, received number",
    });
    // Not asserted upstream: the SDK validates the event before calling the handler.
    expect(handlerCalls).toBe(before);
  });
});
