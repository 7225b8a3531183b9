// Approving a card approves its whole sequence: a later step that fails compliance blocks the
// approval exactly as the first message does (400 naming the step and the checks); a failed
// legal line (unsubscribe, postal address) never passes, a failed style check passes with an
// override and a reason of a sentence, which the audit trail records with the failing steps.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard, editCard, reviewCard } from "../../lib/approval/decide.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import { HttpError } from "../../lib/http/http-error.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { withRealSender } from "../support/real-sender.ts";
import { refusal } from "../support/refusal.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("whole-sequence compliance at approval", () => {
  it("a later step without its unsubscribe line blocks approval for good; one without its signature unless overridden", async () => {
    rt = await createTestRuntime();
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 3 }, "test");
    await rt.engine?.runUntilIdle();
    const [id] = await rt.repos.cards.pendingIds();
    const card = await rt.repos.cards.get(id ?? "");
    if (!card) throw new Error("no card");
    expect(card.compliance.passed).toBe(true);
    // Step 3's email loses its unsubscribe line (a template changed under it).
    const withStep3 = async (change: (body: string) => string) => {
      const sequence = card.sequence.map((step) =>
        step.step === 3 ? { ...step, body: change(step.body) } : step,
      );
      await rt?.store.redis.set(storeKey("card", card.id), JSON.stringify({ ...card, sequence }));
    };
    await withStep3((body) => body.replace("Reply STOP to unsubscribe.", ""));
    const attempt = (input: Parameters<typeof approveCard>[2]) =>
      approveCard(rt as TestRuntime, card.id, input, "Head of Sales").catch(
        (error: unknown) => error as HttpError,
      );
    const refused = await attempt({});
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(400);
    expect((refused as HttpError).message).toBe(
      "legal_check_failed: step 3 (email) fails compliance (unsubscribe_line); a legal check can never be overridden: edit the message to include the unsubscribe line",
    );
    const forced = await attempt({ override: true, reason: "step 3 is rewritten before it sends" });
    expect((forced as HttpError).message).toMatch(/^legal_check_failed/);
    expect((await rt.repos.cards.get(card.id))?.status).toBe("pending");

    // Step 3 keeps its footer but loses its signature: a style check, overridable with a reason.
    await withStep3((body) => body.replace(rt?.config.sending.sender.signature ?? "", ""));
    expect(((await attempt({})) as HttpError).message).toBe(
      "compliance_failed: step 3 (email) fails compliance (signature); fix it, or approve with override: true and a reason of at least a sentence",
    );
    const approved = await approveCard(
      rt,
      card.id,
      { override: true, reason: "step 3 is rewritten before it sends" },
      "Head of Sales",
    );
    expect(approved.card.decision?.override).toEqual({
      reason: "step 3 is rewritten before it sends",
    });
    const audit = await rt.repos.audit.list({ cardId: card.id, limit: 5, offset: 0 });
    const override = audit.entries.find((entry) => entry.action === "override");
    expect(override?.before).toEqual({
      failedChecks: [],
      failingSteps: [{ step: 3, failedChecks: ["signature"] }],
    });
  });
});

/** The first pending card of a fresh run of `limit` leads. */
async function firstCard(runtime: TestRuntime, mode: "sandbox" | "production") {
  await startRun(runtime, { campaign: "default", mode, limit: 3 }, "test");
  await runtime.engine?.runUntilIdle();
  const [id] = await runtime.repos.cards.pendingIds();
  if (!id) throw new Error("no card");
  return id;
}

describe("the whole sequence on the card", () => {
  it("shows all 8 steps with day, channel and their own checks; edits any step and checks it again", async () => {
    rt = await createTestRuntime();
    const id = await firstCard(rt, "sandbox");
    const view = await reviewCard(rt, id);
    expect(view.sequence.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(view.sequence.map((s) => s.channel)).toContain("linkedin");
    expect(view.sequence.map((s) => s.day)).toEqual(
      [...view.sequence.map((s) => s.day)].sort((a, b) => a - b),
    );
    expect(view.sequencePassed).toBe(true);
    // A sandbox card shows the shipped sample sender, flagged but not failed.
    const example = view.sequence[0]?.compliance.checks.find((c) => c.id === "no_example_values");
    expect(example?.passed).toBe(true);
    expect(example?.detail).toMatch(/100 Example Avenue.*sandbox run, would fail in production/);

    const step3 = view.sequence.find((s) => s.step === 3);
    if (!step3) throw new Error("no step 3");
    const edited = await editCard(
      rt,
      id,
      { step: 3, body: step3.body.replace("Reply STOP to unsubscribe.", "") },
      "Head of Sales",
    );
    const after = edited.sequence.find((s) => s.step === 3);
    expect(after?.compliance.passed).toBe(false);
    expect(after?.compliance.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual([
      "unsubscribe_line",
    ]);
    expect(edited.sequencePassed).toBe(false);
    expect(edited.message.body).toBe(view.message.body);
    expect(edited.compliance.passed).toBe(true);
    const [entry] = (await rt.repos.audit.list({ cardId: id, limit: 1, offset: 0 })).entries;
    expect(entry?.action).toBe("edit");
    expect(entry?.before).toMatchObject({ step: 3, compliancePassed: true });
    expect(entry?.after).toMatchObject({ step: 3, compliancePassed: false });

    const linkedin = view.sequence.find((s) => s.channel === "linkedin");
    const refusedSubject = await refusal(
      editCard(rt, id, { step: linkedin?.step ?? 0, subject: "Hello" }, "Head of Sales"),
    );
    expect(refusedSubject.message).toBe(
      `invalid_request: subject: step ${linkedin?.step} is a LinkedIn message, which has no subject`,
    );
    const refusedStep = await refusal(editCard(rt, id, { step: 9, body: "Hi" }, "Head of Sales"));
    expect(refusedStep.message).toBe(
      "invalid_request: step: the sequence has no step 9 (its steps are 1, 2, 3, 4, 5, 6, 7, 8)",
    );
    // Fixing step 3 makes the sequence pass again, and approval covers it.
    const fixed = await editCard(rt, id, { step: 3, body: step3.body }, "Head of Sales");
    expect(fixed.sequencePassed).toBe(true);
    const approved = await approveCard(rt, id, {}, "Head of Sales");
    expect(approved.card.status).toBe("approved");
  });

  it("fails a production card carrying the sample address or *.example links, for good; real details pass", async () => {
    rt = await createTestRuntime();
    const id = await firstCard(rt, "production");
    const view = await reviewCard(rt, id);
    const example = view.compliance.checks.find((c) => c.id === "no_example_values");
    expect(example?.passed).toBe(false);
    expect(example?.detail).toMatch(/^Example values .*“100 Example Avenue”/);
    expect(view.sequencePassed).toBe(false);
    const refused = await refusal(approveCard(rt, id, {}, "Head of Sales"));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(
      /^legal_check_failed: the message fails compliance \(no_example_values\)/,
    );
    expect(refused.message).toContain(
      "edit the message to carry the sender's real details instead of the example values",
    );
    expect(refused.message).not.toContain("unsubscribe line");
    const forced = await refusal(
      approveCard(
        rt,
        id,
        { override: true, reason: "the address is fine for this test run" },
        "HoS",
      ),
    );
    expect(forced.message).toMatch(/^legal_check_failed/);
    await rt.close();

    rt = await createTestRuntime({ config: withRealSender(loadConfig()) });
    const real = await firstCard(rt, "production");
    expect((await reviewCard(rt, real)).sequencePassed).toBe(true);
    expect((await approveCard(rt, real, {}, "Head of Sales")).card.status).toBe("approved");
  });
});
