// Functions of the restart tests, shared by the child process that is killed and the test that
// restarts the engine: each leaves a counter in the store for every time a step body runs.

import type { Redis } from "@upstash/redis";
import { Inngest, RetryAfterError } from "inngest";

export const restartClient = new Inngest({
  id: "restart-test",
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});

/** The store the step bodies count in; set by whoever creates the engine. */
export const counters: { redis?: Redis } = {};

const count = async (name: string): Promise<number> => {
  if (!counters.redis) throw new Error("counters.redis is not set");
  return counters.redis.incr(`restart-test:count:${name}`);
};

export const DAY = 24 * 60 * 60 * 1000;

/** Sleeps until day 17 between two steps. */
export const sleeper = restartClient.createFunction(
  { id: "sleeper", triggers: [{ event: "restart/sleep.requested" }] },
  async ({ step }) => {
    await step.run("before", () => count("sleeper:before"));
    await step.sleep("until-day-17", "17d");
    await step.run("after", () => count("sleeper:after"));
    return "woke";
  },
);

/** Waits up to 30 days for a reply matching its lead. */
export const waiter = restartClient.createFunction(
  { id: "waiter", triggers: [{ event: "restart/wait.requested" }] },
  async ({ step, event }) => {
    await step.run("before", () => count("waiter:before"));
    const reply = await step.waitForEvent("reply", {
      event: "restart/lead.replied",
      timeout: "30d",
      if: "async.data.lead == event.data.lead",
    });
    await step.run("after", () => count("waiter:after"));
    return { replied: reply?.data ?? null, lead: event.data.lead };
  },
);

/** A step that fails once and asks to be retried an hour later. */
export const retrier = restartClient.createFunction(
  { id: "retrier", triggers: [{ event: "restart/retry.requested" }], retries: 3 },
  async ({ step }) => {
    return step.run("flaky", async () => {
      const n = await count("retrier:flaky");
      if (n === 1) throw new RetryAfterError("provider busy", 60 * 60 * 1000);
      return n;
    });
  },
);

/** A daily cron at 10:00 UTC. */
export const ticker = restartClient.createFunction(
  { id: "ticker", triggers: [{ cron: "0 10 * * *" }] },
  async ({ step }) => step.run("tick", () => count("ticker:tick")),
);

export const restartFunctions = [sleeper, waiter, retrier, ticker];
