// Decision events on the embedded engine: the outbox cron re-sends what a failed send left behind,
// and a function that fails for good (here the dispatch seam, handed a card that is not approved)
// raises a CRITICAL alert naming it.
import { setupServer } from "msw/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { eventFor } from "../../lib/approval/outbox.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { APOLLO_TEST_KEY } from "../msw/apollo.ts";
import { providerHandlers } from "../msw/index.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let runtime: TestRuntime | undefined;

/** Sends a decided card's event again, as the outbox does after a failed send. */
async function flushAgain(rt: TestRuntime, id: string) {
  const card = await rt.repos.cards.get(id);
  const event = card ? eventFor(card) : null;
  if (event) await rt.emit(event);
}
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup() {
  const rt = await createTestRuntime();
  runtime = rt;
  await startRun(rt, { campaign: "default", mode: "sandbox", limit: 4 }, "test");
  await rt.engine?.runUntilIdle();
  return rt;
}

describe("decision events", () => {
  it("the outbox cron re-sends an approval whose event could not be sent", async () => {
    const rt = await setup();
    const [id] = await rt.repos.cards.pendingIds();
    if (!id) throw new Error("no card");
    const emit = rt.emit;
    // Events sent, as to Inngest, rather than stored with their decisions (the outbox's case).
    rt.emitWithin = () => null;
    rt.emit = async () => {
      throw new Error("Inngest unreachable");
    };
    const result = await approveCard(rt, id, {}, "Head of Sales");
    expect(result.event.sent).toBe(false);
    rt.emit = emit;
    expect(await rt.repos.cards.outbox()).toEqual([id]);

    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 6 * 60_000 });
    expect(await rt.repos.cards.outbox()).toEqual([]);
    const approved = rt.engine?.runs({ functionId: "queue-approved-email" }) ?? [];
    expect(approved.map((r) => r.status)).toEqual(["completed"]);
    expect(await rt.repos.cards.dispatchQueue()).toEqual([id]);
  });

  it("on the embedded engine an approval's event is stored with the decision: nothing is sent, the card never joins the outbox, and its run takes it", async () => {
    const rt = await setup();
    const [id] = await rt.repos.cards.pendingIds();
    if (!id) throw new Error("no card");
    let sends = 0;
    const emit = rt.emit;
    rt.emit = async (events) => {
      sends += 1;
      return emit(events);
    };
    const clearOutbox = vi.spyOn(rt.repos.cards, "clearOutbox");
    const result = await approveCard(rt, id, {}, "Head of Sales");
    expect(result.event).toEqual({
      name: "email.approved",
      sent: true,
      id: `email.approved-${id}`,
    });
    expect(sends).toBe(0);
    expect(clearOutbox).not.toHaveBeenCalled();
    expect(await rt.repos.cards.outbox()).toEqual([]);
    await rt.engine?.runUntilIdle();
    const runs = rt.engine?.runs({ functionId: "queue-approved-email" }) ?? [];
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
    expect(await rt.repos.cards.dispatchQueue()).toEqual([id]);
  });

  it("a decision whose event cannot be stored with it still lands, its event waiting in the outbox", async () => {
    const rt = await setup();
    const [id] = await rt.repos.cards.pendingIds();
    if (!id) throw new Error("no card");
    rt.emitWithin = () => {
      throw new Error("invalid email.approved event: data.leadId");
    };
    const emit = rt.emit;
    rt.emit = async () => {
      throw new Error("Inngest unreachable");
    };
    const result = await approveCard(rt, id, {}, "Head of Sales");
    expect(result.card.status).toBe("approved");
    expect(result.event.sent).toBe(false);
    expect(await rt.repos.cards.outbox()).toEqual([id]);
    expect(rt.logs.some(([level, line]) => level === "warn" && line.includes("not stored"))).toBe(
      true,
    );
    rt.emit = emit;
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 6 * 60_000 });
    expect(await rt.repos.cards.outbox()).toEqual([]);
    expect(await rt.repos.cards.dispatchQueue()).toEqual([id]);
  });

  it("decisions landing together go out in one send and leave the outbox together", async () => {
    const rt = await setup();
    const ids = (await rt.repos.cards.pendingIds()).slice(0, 3);
    expect(ids).toHaveLength(3);
    const emit = rt.emit;
    // Events sent, as to Inngest, rather than stored with their decisions (the outbox's case).
    rt.emitWithin = () => null;
    const sends: string[][] = [];
    rt.emit = async (events) => {
      const list = Array.isArray(events) ? events : [events];
      sends.push(list.map((event) => event.id ?? ""));
      return emit(list);
    };
    const results = await Promise.all(ids.map((id) => approveCard(rt, id, {}, "Head of Sales")));
    expect(results.map((r) => r.event)).toEqual(
      ids.map((id) => ({ name: "email.approved", sent: true, id: `email.approved-${id}` })),
    );
    expect(sends).toEqual([ids.map((id) => `email.approved-${id}`)]);
    expect(await rt.repos.cards.outbox()).toEqual([]);
    await rt.engine?.runUntilIdle();
    expect((await rt.repos.cards.dispatchQueue()).sort()).toEqual([...ids].sort());
  });

  it("when a joint send fails, each decision's event is sent on its own: only the failing one stays in the outbox", async () => {
    const rt = await setup();
    const ids = (await rt.repos.cards.pendingIds()).slice(0, 3);
    const [, bad] = ids;
    if (!bad) throw new Error("no card");
    const emit = rt.emit;
    // Events sent, as to Inngest, rather than stored with their decisions (the outbox's case).
    rt.emitWithin = () => null;
    rt.emit = async (events) => {
      const list = Array.isArray(events) ? events : [events];
      if (list.some((event) => event.id === `email.approved-${bad}`)) {
        throw new Error("Inngest refused the event");
      }
      return emit(list);
    };
    const results = await Promise.all(ids.map((id) => approveCard(rt, id, {}, "Head of Sales")));
    expect(results.map((r) => r.event.sent)).toEqual([true, false, true]);
    expect(await rt.repos.cards.outbox()).toEqual([bad]);
    expect(rt.logs.filter(([level, line]) => level === "warn" && line.includes(bad))).toHaveLength(
      1,
    );
  });

  it("events sent whose outbox clearing fails are not sent again: their cards wait in the outbox", async () => {
    const rt = await setup();
    const ids = (await rt.repos.cards.pendingIds()).slice(0, 2);
    const emit = rt.emit;
    // Events sent, as to Inngest, rather than stored with their decisions (the outbox's case).
    rt.emitWithin = () => null;
    let sent = 0;
    rt.emit = async (events) => {
      sent += Array.isArray(events) ? events.length : 1;
      return emit(events);
    };
    const clear = rt.repos.cards.clearOutbox;
    rt.repos.cards.clearOutbox = async () => {
      throw new Error("store timed out");
    };
    try {
      const results = await Promise.all(ids.map((id) => approveCard(rt, id, {}, "Head of Sales")));
      expect(results.map((r) => r.event.sent)).toEqual([true, true]);
    } finally {
      rt.repos.cards.clearOutbox = clear;
    }
    expect(sent).toBe(2);
    expect((await rt.repos.cards.outbox()).sort()).toEqual([...ids].sort());
    expect(rt.logs.some(([level, line]) => level === "warn" && line.includes(ids[0] ?? ""))).toBe(
      true,
    );
  });

  it("approvals made together are queued for dispatch by one run, each once", async () => {
    const rt = await setup();
    const ids = (await rt.repos.cards.pendingIds()).slice(0, 3);
    expect(ids).toHaveLength(3);
    for (const id of ids) await approveCard(rt, id, {}, "Head of Sales");
    // The same approval announced again (the outbox's re-send) changes nothing.
    await flushAgain(rt, ids[0] ?? "");
    await rt.engine?.runUntilIdle();
    const runs = rt.engine?.runs({ functionId: "queue-approved-email" }) ?? [];
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
    expect(runs[0]?.output).toEqual({ queued: 3, alreadyQueued: 0, notApproved: [] });
    expect((await rt.repos.cards.dispatchQueue()).sort()).toEqual([...ids].sort());
  });

  it("a function failing for good raises a CRITICAL alert naming it and its run", async () => {
    const rt = await setup();
    const [id] = await rt.repos.cards.pendingIds();
    if (!id) throw new Error("no card");
    await rt.emit({
      name: "email.approved",
      data: { cardId: id, leadId: "lead_x", approvedBy: "someone", edited: false },
    });
    await rt.engine?.runUntilIdle();
    const [failed] = rt.engine?.runs({ functionId: "queue-approved-email" }) ?? [];
    expect(failed?.status).toBe("failed");
    const alert = rt.logs.find(
      ([, line]) => line.includes("ALERT") && line.includes("queue-approved-email"),
    );
    expect(alert?.[1]).toContain(
      "*CRITICAL* Function queue-approved-email failed after its retries",
    );
    expect(alert?.[1]).toContain(`is not approved`);
    expect(alert?.[1]).toContain(`run: ${failed?.id}`);
  });

  it("does not alert twice for a pipeline stage, which raises its own WARNING", async () => {
    const server = setupServer(
      ...providerHandlers({ apollo: { scenario: "unauthorized" } }).handlers,
    );
    server.listen({ onUnhandledFrame: "error" });
    try {
      const rt = await createTestRuntime({ rawEnv: { APOLLO_API_KEY: APOLLO_TEST_KEY } });
      runtime = rt;
      await startRun(rt, { campaign: "default", mode: "production", limit: 5 }, "test");
      await rt.engine?.runUntilIdle();
      const alerts = rt.logs.filter(([, line]) => line.includes("ALERT"));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.[1]).toContain("*WARNING* Pipeline stage scrape failed");
      expect(alerts[0]?.[1]).toContain("Apollo refused the API key (401)");
      expect(alerts[0]?.[1]).not.toContain(APOLLO_TEST_KEY);
    } finally {
      server.close();
    }
  });
});
