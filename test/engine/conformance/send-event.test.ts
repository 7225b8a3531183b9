// Conformance: ported from inngest/inngest-js packages/inngest/src/test/functions/send-event/
// (index.ts, index.test.ts). step.sendEvent with one event and with a list, in parallel; and the
// client-side validation of `inngest.send` for EventType payloads.
import { eventType, Inngest } from "inngest";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod/v3";
import type { EmbeddedEngine, RunView } from "../../../lib/engine/index.ts";
import { virtualEngine } from "../support.ts";
import { inngest, onlyRun, stepOf } from "./support.ts";

const sendEvent = inngest.createFunction(
  { id: "send-event", triggers: [{ event: "demo/send.event" }] },
  async ({ step }) => {
    await Promise.all([
      // Send a single event
      step.sendEvent("single-event", {
        name: "app/my.event.happened",
        data: { foo: "bar" },
      }),

      // Send multiple events
      step.sendEvent("multiple-events", [
        {
          name: "app/my.event.happened.multiple.1",
          data: { foo: "bar" },
        },
        {
          name: "app/my.event.happened.multiple.2",
          data: { foo: "bar" },
        },
      ]),
    ]);
  },
);

const sentNames = [
  "app/my.event.happened",
  "app/my.event.happened.multiple.1",
  "app/my.event.happened.multiple.2",
];

// Upstream reads the dev server's event list (`receivedEventWithName`). The nearest observable
// through the engine's API: a function triggered by each sent event, whose runs carry them.
const receiver = inngest.createFunction(
  { id: "send-event-receiver", triggers: sentNames.map((event) => ({ event })) },
  ({ event }) => event.name,
);

describe("run", () => {
  let engine: EmbeddedEngine;
  let run: RunView;

  beforeAll(async () => {
    ({ engine } = virtualEngine([sendEvent, receiver]));
    await engine.send({ name: "demo/send.event" });
    await engine.runUntilIdle();
    run = onlyRun(engine, "send-event");
  });

  const received = (eventName: string) =>
    engine
      .runs({ functionId: "send-event-receiver" })
      .filter((candidate) => candidate.event.name === eventName)
      .map((candidate) => candidate.event);

  it("runs in response to 'demo/send.event'", () => {
    expect(run.event.name).toBe("demo/send.event");
    expect(run.status).toBe("completed");
  });

  for (const eventName of sentNames) {
    it(`sent event '${eventName}'`, () => {
      const events = received(eventName);
      expect(events).toHaveLength(1);
      expect(events[0]?.data).toMatchObject({ foo: "bar" });
    });
  }

  // Not asserted upstream: step.sendEvent resolves with the ids of the events it sent.
  it("records each sendEvent step with the ids of the events it sent", () => {
    const single = stepOf(run, "single-event");
    const multiple = stepOf(run, "multiple-events");
    expect(single.op).toBe("sendEvent");
    expect(multiple.op).toBe("sendEvent");
    expect(single.result).toEqual({ ids: received("app/my.event.happened").map((e) => e.id) });
    expect(multiple.result).toEqual({
      ids: [
        ...received("app/my.event.happened.multiple.1"),
        ...received("app/my.event.happened.multiple.2"),
      ].map((e) => e.id),
    });
    expect(run.output).toBeNull();
  });
});

describe("payload validation", () => {
  // Upstream sends with a client pointed at the dev server. Here the client's transport hands
  // the request body to the engine's event intake, standing in for the server's event API.
  const connected = () => {
    const { engine } = virtualEngine([]);
    const posted: unknown[] = [];
    const transport = async (_url: unknown, init?: { body?: unknown }) => {
      const events = JSON.parse(String(init?.body)) as { name: string; data?: unknown }[];
      posted.push(...events);
      const { ids } = await engine.send(events);
      return new Response(JSON.stringify({ ids, status: 200 }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const client = new Inngest({ id: "app", isDev: true, fetch: transport as typeof fetch });
    return { client, posted };
  };

  it("valid data", async () => {
    const { client, posted } = connected();
    const eventName = `${Math.floor(Math.random() * 10_000_000)}`;
    const et = eventType(eventName, {
      schema: z.object({
        valid: z.literal(true),
      }),
    });

    const { ids } = await client.send(et.create({ valid: true }));
    expect(ids).toEqual(expect.any(Array));
    expect(ids).toHaveLength(1);
    expect(posted).toMatchObject([{ name: eventName, data: { valid: true } }]);
  });

  it("invalid data", async () => {
    const { client, posted } = connected();
    const eventName = `${Math.floor(Math.random() * 10_000_000)}`;
    const et = eventType(eventName, {
      schema: z.object({
        valid: z.literal(true),
      }),
    });

    await expect(
      client.send(
        et.create({
          // @ts-expect-error - Invalid data
          valid: false,
        }),
      ),
    ).rejects.toThrowError("Invalid literal value, expected true");
    expect(posted).toEqual([]);
  });

  it("no schema", async () => {
    const { client } = connected();
    const eventName = `${Math.floor(Math.random() * 10_000_000)}`;
    const et = eventType(eventName);

    const { ids } = await client.send(et.create({ data: {} }));
    expect(ids).toEqual(expect.any(Array));
  });
});
