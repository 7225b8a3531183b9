// The runtime end to end on the embedded engine: emit() validates against the catalog, then the
// event reaches the real function (send-alert) with the runtime's dependencies injected.
import { afterEach, describe, expect, it } from "vitest";
import { InvalidEventError } from "../lib/engine/emit.ts";
import { inngest } from "../lib/inngest.ts";
import { UnboundRuntimeError } from "../lib/runtime/function-deps.ts";
import { createTestRuntime, type TestRuntime } from "./support/runtime.ts";

let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe("runtime on the embedded engine", () => {
  it("injects its own dependencies into functions, through the client middleware", async () => {
    const seen: unknown[] = [];
    const probe = inngest.createFunction(
      { id: "runtime-probe", triggers: [{ event: "alert.raised" }] },
      async ({ deps }) => {
        seen.push(deps.repos, deps.config);
        return "seen";
      },
    );
    runtime = await createTestRuntime({ functions: [probe] });
    await runtime.emit({
      name: "alert.raised",
      data: { severity: "WARNING", title: "t", detail: "d", context: {} },
    });
    await runtime.engine?.runUntilIdle();
    expect(seen).toEqual([runtime.repos, runtime.config]);
  });

  it("refuses to run a function with no runtime bound to the request", async () => {
    const { InngestTestEngine } = await import("@inngest/test");
    const probe = inngest.createFunction(
      { id: "unbound-probe", triggers: [{ event: "alert.raised" }] },
      async ({ deps }) => deps.config.campaigns,
    );
    const outcome = await new InngestTestEngine({ function: probe }).execute({
      events: [{ name: "alert.raised", data: {} }],
    });
    expect((outcome.error as Error).name).toBe(new UnboundRuntimeError().name);
  });

  it("delivers an emitted alert through the send-alert function", async () => {
    runtime = await createTestRuntime();
    const { ids } = await runtime.emit({
      name: "alert.raised",
      data: {
        severity: "WARNING",
        title: "Stage enrich failed",
        detail: "3 errors",
        context: { run: "r1" },
      },
    });
    expect(ids).toHaveLength(1);
    await runtime.engine?.runUntilIdle();
    const run = runtime.engine?.runs().find((r) => r.event.name === "alert.raised");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ delivered: "log", level: 1, severity: "WARNING" });
    expect(runtime.logs.some(([, line]) => line.includes("*WARNING* Stage enrich failed"))).toBe(
      true,
    );
  });

  it("refuses an invalid event before any run starts, naming the field", async () => {
    runtime = await createTestRuntime();
    const error = await runtime
      .emit({
        name: "pipeline.requested",
        data: {
          runId: "r1",
          campaign: "default",
          mode: "live" as "sandbox",
          limit: 0,
          requestedBy: "cli",
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).problems.join("\n")).toMatch(
      /data\.mode:[\s\S]*data\.limit:/,
    );
    expect(runtime.engine?.runs()).toHaveLength(0);
  });
});
