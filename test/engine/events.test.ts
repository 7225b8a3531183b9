// Events on the embedded engine: intake, schema validation at run start, fan-out, step.sendEvent,
// waitForEvent and cancelOn.
import { eventType } from "inngest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEmbeddedEngine } from "../../lib/engine/embedded-engine.ts";
import { ExpressionError } from "../../lib/engine/expression.ts";
import { DAY, testClient as inngest, START, virtualEngine } from "./support.ts";

const leadCreated = eventType("test/lead.created", {
  schema: z.object({ leadId: z.string(), contact: z.object({ email: z.email() }) }),
});
const leadScored = eventType("test/lead.scored", {
  schema: z.object({ leadId: z.string(), score: z.number() }),
});
const replied = eventType("test/lead.replied", {
  schema: z.object({ leadId: z.string(), intent: z.string() }),
});
const unsubscribed = eventType("test/lead.unsubscribed", {
  schema: z.object({ leadId: z.string() }),
});

const lead = (leadId: string) => ({ leadId, contact: { email: `${leadId}@example.com` } });

describe("send", () => {
  it("accepts invalid data and fails only the consuming run, naming the field (as Inngest)", async () => {
    const fn = inngest.createFunction({ id: "on-created", triggers: [leadCreated] }, () => "ran");
    const { engine } = virtualEngine([fn]);
    const { ids } = await engine.send([
      { name: "test/lead.created", data: lead("ok") },
      { name: "test/lead.created", data: { leadId: "l1", contact: { email: "not-an-email" } } },
    ]);
    expect(ids).toHaveLength(2);
    await engine.runUntilIdle();
    expect(engine.runs({ eventId: ids[0] })[0]).toMatchObject({
      status: "completed",
      output: "ran",
    });
    const bad = engine.runs({ eventId: ids[1] })[0];
    expect(bad).toMatchObject({ status: "failed", attempts: 1 });
    expect(bad?.error?.name).toBe("EventValidationError");
    expect(bad?.error?.message).toContain("contact.email");
  });

  it("assigns ids and timestamps and ignores a re-sent event id", async () => {
    const fn = inngest.createFunction({ id: "on-created-ids", triggers: [leadCreated] }, () => 1);
    const { engine } = virtualEngine([fn]);
    const { ids } = await engine.send({ name: "test/lead.created", data: lead("a") });
    await engine.send({ name: "test/lead.created", data: lead("b"), id: "fixed" });
    await engine.send({ name: "test/lead.created", data: lead("b"), id: "fixed" });
    await engine.idle();
    expect(ids).toHaveLength(1);
    expect(engine.runs({ eventId: ids[0] })[0]?.event).toMatchObject({ id: ids[0], ts: START });
    expect(engine.runs()).toHaveLength(2);
  });

  it("fans step.sendEvent out to every function the event triggers", async () => {
    const producer = inngest.createFunction(
      { id: "producer", triggers: [leadCreated] },
      async ({ event, step }) =>
        step.sendEvent("score", {
          name: "test/lead.scored",
          data: { leadId: event.data.leadId, score: 7 },
        }),
    );
    const consumerA = inngest.createFunction(
      { id: "consumer-a", triggers: [leadScored] },
      async ({ event }) => `a:${event.data.leadId}:${event.data.score}`,
    );
    const consumerB = inngest.createFunction(
      { id: "consumer-b", triggers: [{ event: leadScored }] },
      async ({ event }) => `b:${event.data.leadId}`,
    );
    const { engine } = virtualEngine([producer, consumerA, consumerB]);
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.runUntilIdle();
    const produced = engine.runs({ functionId: "producer" })[0];
    expect(produced?.status).toBe("completed");
    const sentIds = (produced?.output as { ids: string[] } | undefined)?.ids ?? [];
    expect(sentIds).toHaveLength(1);
    expect(engine.runs({ eventId: sentIds[0] }).map((r) => [r.functionId, r.output])).toEqual([
      ["consumer-a", "a:l1:7"],
      ["consumer-b", "b:l1"],
    ]);
  });

  it("runs a function only when its trigger condition holds", async () => {
    const fn = inngest.createFunction(
      { id: "hot-leads", triggers: [{ event: leadScored, if: "event.data.score == 10" }] },
      () => "hot",
    );
    const { engine } = virtualEngine([fn]);
    await engine.send([
      { name: "test/lead.scored", data: { leadId: "a", score: 3 } },
      { name: "test/lead.scored", data: { leadId: "b", score: 10 } },
    ]);
    await engine.idle();
    expect(engine.runs().map((r) => r.event.data.leadId)).toEqual(["b"]);
  });
});

describe("step.waitForEvent", () => {
  const awaitReply = (options: { match: string } | { if: string }) =>
    inngest.createFunction({ id: "await-reply", triggers: [leadCreated] }, async ({ step }) => {
      const reply = await step.waitForEvent("reply", { event: replied, timeout: "3d", ...options });
      return reply ? reply.data.intent : null;
    });

  it("resolves with the first matching event sent after the step started", async () => {
    const { engine } = virtualEngine([awaitReply({ match: "data.leadId" })]);
    await engine.send({ name: "test/lead.replied", data: { leadId: "l1", intent: "too-early" } });
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("waiting");

    await engine.send({
      name: "test/lead.replied",
      data: { leadId: "other", intent: "wrong-lead" },
    });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("waiting");

    await engine.send({ name: "test/lead.replied", data: { leadId: "l1", intent: "interested" } });
    await engine.idle();
    expect(engine.runs()[0]).toMatchObject({ status: "completed", output: "interested" });
    expect(engine.runs()[0]?.steps[0]).toMatchObject({
      id: "reply",
      op: "waitForEvent",
      result: { name: "test/lead.replied", data: { leadId: "l1", intent: "interested" } },
    });
  });

  it("supports `if` expressions comparing fields and literals", async () => {
    const { engine } = virtualEngine([
      awaitReply({ if: "async.data.leadId == event.data.leadId && async.data.intent == 'yes'" }),
    ]);
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.idle();
    await engine.send({ name: "test/lead.replied", data: { leadId: "l1", intent: "maybe" } });
    await engine.send({ name: "test/lead.replied", data: { leadId: "l2", intent: "yes" } });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("waiting");
    await engine.send({ name: "test/lead.replied", data: { leadId: "l1", intent: "yes" } });
    await engine.idle();
    expect(engine.runs()[0]).toMatchObject({ status: "completed", output: "yes" });
  });

  it("resolves with null when the timeout passes", async () => {
    const { engine, clock } = virtualEngine([awaitReply({ match: "data.leadId" })]);
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.runUntilIdle();
    expect(engine.runs()[0]).toMatchObject({ status: "completed", output: null });
    expect(clock.now()).toBe(START + 3 * DAY);
  });

  it("fails the run with a clear error for an expression that does not compile", async () => {
    const { engine } = virtualEngine([awaitReply({ if: "async.data.score >" })]);
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.runUntilIdle();
    const [run] = engine.runs();
    expect(run?.status).toBe("failed");
    expect(run?.attempts).toBe(1);
    expect(run?.error?.message).toContain('"async.data.score >"');
  });
});

describe("cancelOn", () => {
  it("cancels a sleeping run at once so that it never executes its next step", async () => {
    let after = 0;
    const fn = inngest.createFunction(
      {
        id: "cadence",
        triggers: [leadCreated],
        cancelOn: [{ event: unsubscribed, match: "data.leadId" }],
      },
      async ({ step }) => {
        await step.run("before", () => "sent first touch");
        await step.sleep("gap", "3d");
        await step.run("after", () => {
          after += 1;
          return "sent second touch";
        });
      },
    );
    const { engine } = virtualEngine([fn]);
    await engine.send({ name: "test/lead.created", data: lead("l1") });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("sleeping");

    await engine.send({ name: "test/lead.unsubscribed", data: { leadId: "someone-else" } });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("sleeping");

    await engine.send({ name: "test/lead.unsubscribed", data: { leadId: "l1" } });
    await engine.idle();
    expect(engine.runs()[0]?.status).toBe("cancelled");
    await engine.runUntilIdle({ until: START + 10 * DAY });
    expect(after).toBe(0);
    expect(engine.runs()[0]?.status).toBe("cancelled");
    expect(engine.runs()[0]?.steps.map((s) => s.id)).toEqual(["before"]);
  });

  it("rejects a cancelOn expression Inngest refuses at registration when the engine is created", () => {
    const fn = inngest.createFunction(
      {
        id: "bad-cancel",
        triggers: [leadCreated],
        cancelOn: [{ event: unsubscribed, if: "has(async.data.leadId)" }],
      },
      () => null,
    );
    expect(() => createEmbeddedEngine({ functions: [fn] })).toThrow(ExpressionError);
  });
});
