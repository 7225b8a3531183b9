// Server-side rules the embedded engine applies as Inngest does: event ids deduplicated per
// function for 24 hours (a duplicate still resumes waits and cancels), reserved `inngest/` names,
// lifecycle events, idempotency keys and concurrency limits per key.
import { describe, expect, it } from "vitest";
import { DAY, testClient as inngest, START, virtualEngine } from "./support.ts";

describe("event ids", () => {
  it("start each function once per id within 24 hours, per function, and again after", async () => {
    const a = inngest.createFunction(
      { id: "dedupe-a", triggers: [{ event: "t/dedupe" }] },
      () => "a",
    );
    const b = inngest.createFunction(
      { id: "dedupe-b", triggers: [{ event: "t/dedupe" }] },
      () => "b",
    );
    const { engine, clock } = virtualEngine([a, b]);
    await engine.send({ name: "t/dedupe", id: "evt-1", data: {} });
    await engine.send({ name: "t/dedupe", id: "evt-1", data: {} });
    await engine.runUntilIdle();
    expect(engine.runs({ functionId: "dedupe-a" })).toHaveLength(1);
    expect(engine.runs({ functionId: "dedupe-b" })).toHaveLength(1);
    clock.advance(DAY + 1000);
    await engine.send({ name: "t/dedupe", id: "evt-1", data: {}, ts: clock.now() });
    await engine.runUntilIdle();
    expect(engine.runs({ functionId: "dedupe-a" })).toHaveLength(2);
  });

  it("still resume waits and cancel runs when the id is a duplicate", async () => {
    const waiter = inngest.createFunction(
      { id: "dup-waiter", triggers: [{ event: "t/start" }] },
      async ({ step }) => step.waitForEvent("reply", { event: "t/reply", timeout: "1d" }),
    );
    const sleeper = inngest.createFunction(
      {
        id: "dup-sleeper",
        triggers: [{ event: "t/start" }],
        cancelOn: [{ event: "t/stop", match: "data.lead" }],
      },
      async ({ step }) => step.sleep("nap", "2d"),
    );
    const onReply = inngest.createFunction(
      { id: "on-reply", triggers: [{ event: "t/reply" }] },
      () => 1,
    );
    const onStop = inngest.createFunction(
      { id: "on-stop", triggers: [{ event: "t/stop" }] },
      () => 1,
    );
    const { engine } = virtualEngine([waiter, sleeper, onReply, onStop]);
    await engine.send({ name: "t/reply", id: "reply-1", data: { n: 1 } });
    await engine.send({ name: "t/stop", id: "stop-1", data: { lead: "other" } });
    await engine.send({ name: "t/start", data: { lead: "l1" } });
    await engine.runUntilIdle({ until: START + 60_000 });
    expect(engine.runs({ functionId: "dup-waiter" })[0]?.status).toBe("waiting");
    await engine.send({ name: "t/reply", id: "reply-1", data: { n: 2 } });
    await engine.send({ name: "t/stop", id: "stop-1", data: { lead: "l1" } });
    await engine.runUntilIdle({ until: START + 120_000 });
    expect(engine.runs({ functionId: "dup-waiter" })[0]).toMatchObject({
      status: "completed",
      output: { name: "t/reply", data: { n: 2 } },
    });
    expect(engine.runs({ functionId: "dup-sleeper" })[0]?.status).toBe("cancelled");
    expect(engine.runs({ functionId: "on-reply" })).toHaveLength(1);
    expect(engine.runs({ functionId: "on-stop" })).toHaveLength(1);
  });
});

describe("each run's event", () => {
  it("is a copy of its own: a change one run makes is not seen by another run or request", async () => {
    const seen: [string, unknown][] = [];
    const mutator = inngest.createFunction(
      { id: "mutates", triggers: [{ event: "t/shared" }] },
      async ({ event, step }) => {
        seen.push(["mutator", event.data.tag]);
        (event.data as { tag: string }).tag = "changed";
        await step.run("pause", () => null);
      },
    );
    const reader = inngest.createFunction(
      { id: "reads", triggers: [{ event: "t/shared" }] },
      async ({ event, step }) => {
        await step.run("pause", () => null);
        seen.push(["reader", event.data.tag]);
      },
    );
    const { engine } = virtualEngine([mutator, reader]);
    await engine.send({ name: "t/shared", data: { tag: "original" } });
    await engine.runUntilIdle();
    expect(seen).toEqual(
      expect.arrayContaining([
        ["mutator", "original"],
        ["reader", "original"],
      ]),
    );
    expect(seen).not.toContainEqual(["reader", "changed"]);
    expect(seen.filter(([who]) => who === "mutator")).toEqual([
      ["mutator", "original"],
      ["mutator", "original"],
    ]);
  });
});

describe("reserved names and lifecycle events", () => {
  it("refuses app events named inngest/…", async () => {
    const { engine } = virtualEngine([]);
    await expect(engine.send({ name: "inngest/function.failed", data: {} })).rejects.toThrow(
      /reserved/,
    );
  });

  it("emits function.finished, .failed and .cancelled for the runs of app events", async () => {
    const seen: { name: string; fn: unknown; error?: unknown; result?: unknown }[] = [];
    const record = (name: string) =>
      inngest.createFunction(
        { id: `see-${name.split(".")[1]}`, triggers: [{ event: name }] },
        ({ event }) => {
          const data = event.data as Record<string, unknown>;
          seen.push({ name, fn: data.function_id, error: data.error, result: data.result });
        },
      );
    const ok = inngest.createFunction({ id: "life-ok", triggers: [{ event: "t/life" }] }, () => 7);
    const bad = inngest.createFunction(
      { id: "life-bad", triggers: [{ event: "t/life" }], retries: 0 },
      () => {
        throw new Error("boom");
      },
    );
    const stopped = inngest.createFunction(
      { id: "life-stopped", triggers: [{ event: "t/life" }], cancelOn: [{ event: "t/halt" }] },
      async ({ step }) => step.sleep("nap", "1h"),
    );
    const { engine } = virtualEngine([
      ok,
      bad,
      stopped,
      record("inngest/function.finished"),
      record("inngest/function.failed"),
      record("inngest/function.cancelled"),
    ]);
    await engine.send({ name: "t/life", data: {} });
    await engine.runUntilIdle({ until: START + 60_000 });
    await engine.send({ name: "t/halt", data: {} });
    await engine.runUntilIdle({ until: START + 120_000 });
    const by = (name: string, fn: string) => seen.filter((s) => s.name === name && s.fn === fn);
    expect(by("inngest/function.finished", "engine-test-life-ok")[0]?.result).toBe(7);
    expect(by("inngest/function.finished", "engine-test-life-bad")[0]?.error).toMatchObject({
      message: "boom",
    });
    expect(by("inngest/function.failed", "engine-test-life-bad")).toHaveLength(1);
    expect(by("inngest/function.failed", "engine-test-life-ok")).toHaveLength(0);
    expect(by("inngest/function.cancelled", "engine-test-life-stopped")).toHaveLength(1);
    // Runs of lifecycle events raise no lifecycle events of their own.
    expect(seen.filter((s) => String(s.fn).includes("see-"))).toHaveLength(0);
  });
});

describe("lifecycle events of cron runs", () => {
  it("raise function.failed for a cron run that fails, so its failure is alerted", async () => {
    const failures: unknown[] = [];
    const cronJob = inngest.createFunction(
      { id: "cron-breaks", triggers: [{ cron: "0 * * * *" }], retries: 0 },
      () => {
        throw new Error("outbox unreadable");
      },
    );
    const alert = inngest.createFunction(
      { id: "cron-alert", triggers: [{ event: "inngest/function.failed" }] },
      ({ event }) => failures.push(event.data.function_id),
    );
    const { engine } = virtualEngine([cronJob, alert]);
    engine.start();
    await engine.runUntilIdle({ until: START + 61 * 60 * 1000 });
    engine.stop();
    expect(engine.runs({ functionId: "cron-breaks" })[0]?.status).toBe("failed");
    expect(failures).toEqual(["engine-test-cron-breaks"]);
  });
});

describe("flow control", () => {
  it("starts one run per idempotency key within 24 hours", async () => {
    const fn = inngest.createFunction(
      { id: "once-per-lead", triggers: [{ event: "t/enrol" }], idempotency: "event.data.lead" },
      ({ event }) => event.data.lead,
    );
    const { engine } = virtualEngine([fn]);
    for (const lead of ["a", "b", "a", "a", "b"])
      await engine.send({ name: "t/enrol", data: { lead } });
    await engine.runUntilIdle();
    expect(
      engine
        .runs()
        .map((r) => r.output)
        .sort(),
    ).toEqual(["a", "b"]);
  });

  it("keeps at most `limit` requests per concurrency key in progress", async () => {
    let inFlight = new Map<string, number>();
    let peak = new Map<string, number>();
    const fn = inngest.createFunction(
      {
        id: "per-account",
        triggers: [{ event: "t/send" }],
        concurrency: { limit: 1, key: "event.data.account" },
      },
      async ({ event, step }) =>
        step.run("send", async () => {
          const account = String(event.data.account);
          inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
          peak.set(account, Math.max(peak.get(account) ?? 0, inFlight.get(account) ?? 0));
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight.set(account, (inFlight.get(account) ?? 1) - 1);
        }),
    );
    const { engine } = virtualEngine([fn]);
    inFlight = new Map();
    peak = new Map();
    const events = ["x", "x", "x", "y", "y", "y"].map((account) => ({
      name: "t/send",
      data: { account },
    }));
    await engine.send(events);
    await engine.runUntilIdle();
    expect(engine.runs({ status: "completed" })).toHaveLength(6);
    expect(peak.get("x")).toBe(1);
    expect(peak.get("y")).toBe(1);
  });

  it("shares an env-scoped concurrency key between functions (one provider, two callers)", async () => {
    let inFlight = 0;
    let peak = 0;
    const call = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    };
    const options = (id: string) => ({
      id,
      triggers: [{ event: "t/provider" }],
      concurrency: { scope: "env" as const, key: '"provider-apollo"', limit: 2 },
    });
    const search = inngest.createFunction(options("shared-search"), async ({ step }) =>
      step.run("search", call),
    );
    const match = inngest.createFunction(options("shared-match"), async ({ step }) =>
      step.run("match", call),
    );
    const { engine } = virtualEngine([search, match]);
    await engine.send(Array.from({ length: 5 }, () => ({ name: "t/provider", data: {} })));
    await engine.runUntilIdle();
    expect(engine.runs({ status: "completed" })).toHaveLength(10);
    expect(peak).toBe(2);
  });

  it("refuses a shared concurrency scope without a key", () => {
    const fn = inngest.createFunction(
      {
        id: "shared-no-key",
        triggers: [{ event: "t/provider" }],
        concurrency: { scope: "env", limit: 2 },
      },
      () => "x",
    );
    expect(() => virtualEngine([fn])).toThrow(/scope "env" needs a key/);
  });

  it("throttles run starts per key: at most `limit` per period, the rest start later", async () => {
    const startedAt: number[] = [];
    const fn = inngest.createFunction(
      {
        id: "throttled-sends",
        triggers: [{ event: "t/throttle" }],
        throttle: { limit: 2, period: "1m", key: "event.data.account" },
      },
      async ({ step, event }) =>
        step.run("start", () => startedAt.push(engine.clock.now()) && event.data.account),
    );
    const { engine } = virtualEngine([fn]);
    const events = ["a", "a", "a", "a", "a", "b"].map((account) => ({
      name: "t/throttle",
      data: { account },
    }));
    await engine.send(events);
    await engine.runUntilIdle();
    expect(engine.runs({ status: "completed" })).toHaveLength(6);
    const offsets = startedAt.map((at) => at - START).sort((x, y) => x - y);
    expect(offsets).toEqual([0, 0, 0, 60_000, 60_000, 120_000]);
  });

  it("skips runs beyond a rate limit within its period", async () => {
    const fn = inngest.createFunction(
      {
        id: "rate-limited",
        triggers: [{ event: "t/rate" }],
        rateLimit: { limit: 2, period: "1h", key: "event.data.lead" },
      },
      ({ event }) => event.data.lead,
    );
    const { engine, clock } = virtualEngine([fn]);
    for (const lead of ["a", "a", "a", "b"]) await engine.send({ name: "t/rate", data: { lead } });
    await engine.runUntilIdle();
    expect(
      engine
        .runs()
        .map((r) => r.output)
        .sort(),
    ).toEqual(["a", "a", "b"]);
    clock.advance(61 * 60 * 1000);
    await engine.send({ name: "t/rate", data: { lead: "a" } });
    await engine.runUntilIdle();
    expect(engine.runs()).toHaveLength(4);
  });

  it.each([
    ["skip", ["completed", "completed"], 1],
    ["cancel", ["cancelled", "completed"], 2],
  ] as const)("keeps one run per singleton key (mode %s)", async (mode, statuses, laterRuns) => {
    const fn = inngest.createFunction(
      {
        id: `singleton-${mode}`,
        triggers: [{ event: "t/single" }],
        singleton: { mode, key: "event.data.campaign" },
      },
      async ({ step, event }) => {
        await step.sleep("work", "10m");
        return event.data.n;
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "t/single", data: { campaign: "c1", n: 1 } });
    await engine.runUntilIdle({ until: START + 60_000 });
    await engine.send({ name: "t/single", data: { campaign: "c1", n: 2 } });
    await engine.send({ name: "t/single", data: { campaign: "c2", n: 3 } });
    await engine.runUntilIdle();
    const c1 = engine.runs().filter((r) => r.event.data.campaign === "c1");
    expect(c1).toHaveLength(laterRuns);
    expect(engine.runs().filter((r) => r.event.data.campaign === "c2")[0]?.status).toBe(
      "completed",
    );
    expect(c1.map((r) => r.status)).toEqual(statuses.slice(0, laterRuns));
  });
});
