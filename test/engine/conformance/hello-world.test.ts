// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/hello-world/
// (index.ts, index.test.ts). The simplest function: no steps, a string returned as the output.
import { beforeAll, describe, expect, it } from "vitest";
import type { RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun } from "./support.ts";

const helloWorld = inngest.createFunction(
  { id: "hello-world", triggers: [{ event: "demo/hello.world" }] },
  () => "Hello, Inngest!",
);

describe("hello-world", () => {
  let run: RunView;

  beforeAll(async () => {
    const { engine } = virtualEngine([helloWorld]);
    await engine.send({ name: "demo/hello.world" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "hello-world");
  });

  // Upstream `checkIntrospection` checks the registered name and triggers against the dev
  // server; the nearest observable here is that the event starts a run of that function id.
  it("runs in response to 'demo/hello.world'", () => {
    expect(run.functionId).toBe("hello-world");
    expect(run.event.name).toBe("demo/hello.world");
  });

  it("returns 'Hello, Inngest!'", () => {
    expect(run.status).toBe("completed");
    expect(run.output).toEqual("Hello, Inngest!");
    expect(run.steps).toEqual([]);
  });
});
