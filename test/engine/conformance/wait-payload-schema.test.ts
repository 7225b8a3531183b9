// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/wait-payload-schema/
// (index.ts, index.test.ts). step.waitForEvent with an EventType carrying a schema. The server
// accepts any matching event and resumes the run with it; the SDK validates the event and, when
// it is invalid, rejects the wait so the run fails with the schema's issues as its message.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { START, virtualEngine } from "../support.ts";
import { inngest, onlyRun } from "./support.ts";

const name = "wait-payload-schema";

const et = eventType(`${name}/resolve`, {
  schema: z.object({
    nested: z.object({
      msg: z.string(),
    }),
  }),
});

const waitPayloadSchema = inngest.createFunction(
  { id: name, triggers: [{ event: name }] },
  async ({ step }) => {
    const matched = await step.waitForEvent("wait", {
      event: et,
      timeout: "1m",
    });

    return matched?.data;
  },
);

/** Starts a run and lets it reach its wait, moving virtual time one second (the wait is 1m). */
const startWaitingRun = async () => {
  const { engine } = virtualEngine([waitPayloadSchema]);
  await engine.send({ name });
  await engine.runUntilIdle({ until: START + 1000 });
  expect(onlyRun(engine, name).status).toBe("waiting");
  return engine;
};

describe("wait-payload-schema", () => {
  it("valid data", async () => {
    const engine = await startWaitingRun();
    await engine.send({ name: `${name}/resolve`, data: { nested: { msg: "hello" } } });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ nested: { msg: "hello" } });
  });

  it("invalid data", async () => {
    const engine = await startWaitingRun();
    // Upstream posts the event straight to the server's event API, which accepts it.
    await expect(
      engine.send({ name: `${name}/resolve`, data: { nested: { msg: 123 } } }),
    ).resolves.toEqual({ ids: [expect.any(String)] });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      message: "nested.msg: Expected string, received number",
    });
  });
});
