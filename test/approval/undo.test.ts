// Undo: a decision made with `undoable` is held for the queue's undo window (10 s): its event is not
// sent until the window closes, the person who made it can undo it (the card is pending again, the
// day's count goes back), and whatever happens the card ends with exactly one decision announced
// by exactly one event; an undone card is back in the queue's index as it was. A release that was never scheduled is done by the outbox's cron.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard, decisionDay, rejectCard, undoDecision } from "../../lib/approval/decide.ts";
import { flushDecisionOutbox } from "../../lib/approval/outbox.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { refusal } from "../support/refusal.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const HOS = "Head of Sales";

async function setup() {
  const runtime = await createTestRuntime({ start: new Date("2026-11-24T15:00:00Z") });
  rt = runtime;
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 4 }, "test");
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
  const ids = await runtime.repos.cards.pendingIds();
  const events = (name: string, cardId: string) =>
    runtime.engine?.runs().filter((r) => r.event.name === name && r.event.data.cardId === cardId)
      .length ?? 0;
  const settle = (ms: number) =>
    runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + ms });
  const today = () =>
    runtime.repos.cards.decisionsOn(decisionDay(runtime, runtime.now().toISOString()));
  return { runtime, ids, events, settle, today };
}

describe("a decision held for its undo window", () => {
  it("is not announced for 10 s, is undone by its maker, and the card is pending again", async () => {
    const { runtime, ids, events, settle, today } = await setup();
    // The fourth card of its batch, so putting it back "where it was" is not trivially first.
    const id = ids[3] ?? "";
    const [crafted] = await runtime.repos.cards.summaries([id]);
    expect(crafted).toBeDefined();
    const approved = await approveCard(runtime, id, { undoable: true }, HOS);
    // A decision takes the card's summary out of the queue's index.
    expect(await runtime.repos.cards.summaries([id])).toEqual([undefined]);
    expect(approved.card.status).toBe("approved");
    expect(approved.card.decision?.undoUntil).toBe(
      new Date(runtime.now().getTime() + 10_000).toISOString(),
    );
    expect(approved.event).toMatchObject({ name: "email.approved", sent: false });
    expect(await today()).toEqual({ approved: 1 });
    await settle(5_000);
    expect(events("email.approved", id)).toBe(0);
    const other = await refusal(undoDecision(runtime, id, "Someone Else"));
    expect(other.status).toBe(409);
    expect(other.message).toMatch(/only Head of Sales, who made the decision, can undo it/);

    // Flushing the outbox (tools do) does not send a held decision.
    expect(await flushDecisionOutbox(runtime)).toMatchObject({ sent: 0 });
    expect(events("email.approved", id)).toBe(0);
    const undone = await undoDecision(runtime, id, HOS);
    expect(undone.status).toBe("pending");
    expect(undone.decision).toBeNull();
    expect(await runtime.repos.cards.pendingIds()).toEqual(ids);
    // The undo puts its summary back as crafting wrote it: the queue need not build it again.
    expect(await runtime.repos.cards.summaries([id])).toEqual([crafted]);
    expect(await runtime.repos.cards.outbox()).not.toContain(id);
    expect(await today()).toEqual({ approved: 0 });
    const [entry] = (await runtime.repos.audit.list({ cardId: id, limit: 1, offset: 0 })).entries;
    expect(entry).toMatchObject({ action: "undo", before: { status: "approved" } });
    await settle(60_000);
    expect(events("email.approved", id)).toBe(0);
  });

  it("is announced once when the window closes, and then stands", async () => {
    const { runtime, ids, events, settle } = await setup();
    const id = ids[1] ?? "";
    await rejectCard(runtime, id, { rejection_tag: "wrong_icp_fit", undoable: true }, HOS);
    await settle(11_000);
    expect(events("email.rejected", id)).toBe(1);
    const card = await runtime.repos.cards.get(id);
    expect(card?.decision?.undoUntil).toBeUndefined();
    expect(await runtime.repos.cards.outbox()).not.toContain(id);
    const late = await refusal(undoDecision(runtime, id, HOS));
    expect(late.message).toMatch(/the decision \(rejected\) stands: its undo window has closed/);
    await settle(10 * 60_000);
    expect(events("email.rejected", id)).toBe(1);
  });

  it("approve, undo, reject: only the rejection is ever announced", async () => {
    const { runtime, ids, events, settle, today } = await setup();
    const id = ids[2] ?? "";
    await approveCard(runtime, id, { undoable: true }, HOS);
    await undoDecision(runtime, id, HOS);
    await rejectCard(runtime, id, { rejection_tag: "other", undoable: true }, HOS);
    await settle(60_000);
    expect(events("email.approved", id)).toBe(0);
    expect(events("email.rejected", id)).toBe(1);
    expect(await today()).toEqual({ approved: 0, rejected: 1 });
    const again = await refusal(approveCard(runtime, id, {}, HOS));
    expect(again.status).toBe(409);
  });

  it("a release that could not be scheduled is done by the outbox's cron once due", async () => {
    const { runtime, ids, events, settle } = await setup();
    const id = ids[3] ?? "";
    const emit = runtime.emit;
    runtime.emit = async (event) => {
      const list = Array.isArray(event) ? event : [event];
      if (list.some((e) => e.name === "email.decision.held")) throw new Error("engine unreachable");
      return emit(event);
    };
    await approveCard(runtime, id, { undoable: true }, HOS);
    runtime.emit = emit;
    await settle(60_000);
    expect(events("email.approved", id)).toBe(0);
    await settle(5 * 60_000);
    expect(events("email.approved", id)).toBe(1);
    expect((await runtime.repos.cards.get(id))?.decision?.undoUntil).toBeUndefined();
  });
});
