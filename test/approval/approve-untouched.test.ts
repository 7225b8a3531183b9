// Approving a card as crafted from its head (card-repo.ts) records and answers exactly what the
// approval from the whole card does, and steps aside (null) whenever the head cannot vouch for
// the card: edited, changed in the store behind the head, decided, without a head, a sender
// changed in config, an approval that edits or overrides.
import { afterEach, describe, expect, it } from "vitest";
import { toDecidedCard } from "../../lib/approval/card-view.ts";
import { approveCard, approveUntouched, editCard, reviewCard } from "../../lib/approval/decide.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { withRealSender } from "../support/real-sender.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const runtimes: TestRuntime[] = [];
afterEach(async () => {
  for (const rt of runtimes.splice(0)) await rt.close();
});

const ACTOR = "Head of Sales";

/** A runtime whose queue holds the pending cards of one sandbox run, oldest first. */
async function queue(config = loadConfig()) {
  const rt = await createTestRuntime({ config });
  runtimes.push(rt);
  await startRun(rt, { campaign: "default", mode: "sandbox", limit: 8 }, "test");
  await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
  return { rt, ids: await rt.repos.cards.pendingIds() };
}

/** Everything an approval of card `id` leaves in the store, runs and ids aside. */
async function effects(rt: TestRuntime, id: string) {
  const [card] = await rt.repos.cards.getMany([id]);
  const day = card?.decision?.at.slice(0, 10) ?? "";
  const { entries: audit } = await rt.repos.audit.list({ cardId: id, limit: 50, offset: 0 });
  return {
    card: { ...card, runId: "run" },
    audit: audit.map(({ id: _, ...entry }) => entry),
    decisions: await rt.repos.cards.decisionsOn(day),
    copy: await rt.repos.cards.copyStats(),
    pending: await rt.repos.cards.pendingCount(),
    outbox: await rt.repos.cards.outbox(),
    reviewed: await rt.repos.cards.reviewedAt([id]),
  };
}

describe("approving a card as crafted, from its head", () => {
  it("records and answers what the approval from the whole card does", async () => {
    const [fast, whole] = [await queue(), await queue()];
    const id = fast.ids[2] ?? "";
    expect(whole.ids).toEqual(fast.ids);
    for (const undoable of [false, true]) {
      const card = undoable ? (fast.ids[3] ?? "") : id;
      const quick = await approveUntouched(fast.rt, card, { undoable }, ACTOR);
      if (!quick) throw new Error("the head did not vouch for an untouched card");
      const full = await approveCard(whole.rt, card, { undoable }, ACTOR);
      const answer = JSON.parse(JSON.stringify({ ...quick, card: { ...quick.card, runId: "" } }));
      const expected = { ...full, card: { ...toDecidedCard(full.card), runId: "" } };
      expect(answer).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(await effects(fast.rt, card)).toEqual(await effects(whole.rt, card));
      // The decided card reads back as its answer said.
      const view = await reviewCard(fast.rt, card);
      expect({ ...toDecidedCard(view), runId: "" }).toEqual(answer.card);
    }
  });

  it("steps aside for a card it cannot vouch for, and approveCard decides it", async () => {
    const { rt, ids } = await queue();
    const [edited, behind, headless, decided] = ids;
    if (!edited || !behind || !headless || !decided) throw new Error("too few cards");
    await editCard(
      rt,
      edited,
      { body: "Hi there, a shorter note. Unsubscribe: reply stop." },
      ACTOR,
    );
    expect(await approveUntouched(rt, edited, {}, ACTOR)).toBeNull();

    // A step changed in the store, behind the head: the body no longer is the one it vouches for.
    const stored = await rt.store.redis.get<string>(storeKey("card", behind));
    const [card] = await rt.repos.cards.getMany([behind]);
    if (!card || !stored) throw new Error("no card");
    const { compact } = await import("../../lib/store/compact/compact-json.ts");
    const changed = { ...card, sequence: card.sequence.map((s) => ({ ...s, body: `${s.body}!` })) };
    await rt.store.redis.set(storeKey("card", behind), compact(changed));
    expect(await approveUntouched(rt, behind, {}, ACTOR)).toBeNull();
    expect((await rt.repos.cards.getMany([behind]))[0]?.status).toBe("pending");

    // A card stored before heads: its whole card in the body, no head.
    const [legacy] = await rt.repos.cards.getMany([headless]);
    await rt.store.redis.set(storeKey("card", headless), compact(legacy));
    await rt.store.redis.del(storeKey("card", headless, "head"));
    expect(await approveUntouched(rt, headless, {}, ACTOR)).toBeNull();
    expect((await approveCard(rt, headless, {}, ACTOR)).card.status).toBe("approved");

    expect(await approveUntouched(rt, decided, {}, ACTOR)).not.toBeNull();
    expect(await approveUntouched(rt, decided, {}, ACTOR)).toBeNull();
    // An approval that edits or overrides is the whole card's to decide.
    const [other] = ids.slice(4);
    if (!other) throw new Error("too few cards");
    expect(await approveUntouched(rt, other, { body: "Hi, new words." }, ACTOR)).toBeNull();
    expect(
      await approveUntouched(rt, other, { override: true, reason: "A sentence of reason." }, ACTOR),
    ).toBeNull();
  });

  it("does not vouch once the sender changes in config", async () => {
    const { rt, ids } = await queue(withRealSender(loadConfig()));
    const [id] = ids;
    if (!id) throw new Error("no card");
    rt.config.sending.sender = { ...rt.config.sending.sender, postal_address: "1 Other Road" };
    expect(await approveUntouched(rt, id, {}, ACTOR)).toBeNull();
  });
});
