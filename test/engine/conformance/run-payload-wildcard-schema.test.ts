// Conformance: ported from inngest/inngest-js
// packages/inngest/src/test/functions/run-payload-wildcard-schema/ (index.ts, index.test.ts).
// As run-payload-schema, with a wildcard EventType ("<name>/*") carrying the schema.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod/v3";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun } from "./support.ts";

const name = "run-payload-wildcard-schema";

const et = eventType(`${name}/*`, {
  schema: z.object({
    nested: z.object({
      msg: z.string(),
    }),
  }),
});

const runPayloadWildcardSchema = inngest.createFunction(
  { id: name, triggers: [et] },
  async ({ event }) => {
    return event.data;
  },
);

describe("run-payload-wildcard-schema", () => {
  it("valid data", async () => {
    const { engine } = virtualEngine([runPayloadWildcardSchema]);
    await engine.send({ name: `${name}/foo`, data: { nested: { msg: "hello" } } });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ nested: { msg: "hello" } });
  });

  it("invalid data", async () => {
    const { engine } = virtualEngine([runPayloadWildcardSchema]);
    // Upstream posts the event straight to the server's event API, which accepts it.
    await expect(
      engine.send({ name: `${name}/foo`, data: { nested: { msg: 123 } } }),
    ).resolves.toEqual({ ids: [expect.any(String)] });
    await engine.runUntilIdle();

    const run = onlyRun(engine, name);
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({
      message: "nested.msg: Expected string, received number",
    });
  });
});
