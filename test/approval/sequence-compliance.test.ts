// Approving a card approves its whole sequence: a later step that fails compliance blocks the
// approval exactly as the first message does (400 naming the step and the checks), unless the
// approval overrides with a reason, which the audit trail records with the failing steps.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { HttpError } from "../../lib/http/http-error.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("whole-sequence compliance at approval", () => {
  it("a failing later step blocks approval unless overridden with a reason", async () => {
    rt = await createTestRuntime();
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 3 }, "test");
    await rt.engine?.runUntilIdle();
    const [id] = await rt.repos.cards.pendingIds();
    const card = await rt.repos.cards.get(id ?? "");
    if (!card) throw new Error("no card");
    expect(card.compliance.passed).toBe(true);
    // Step 3's email loses its unsubscribe line (a template changed under it).
    const sequence = card.sequence.map((step) =>
      step.step === 3
        ? { ...step, body: step.body.replace("Reply STOP to unsubscribe.", "") }
        : step,
    );
    await rt.store.redis.set(storeKey("card", card.id), JSON.stringify({ ...card, sequence }));

    const refused = await approveCard(rt, card.id, {}, "Head of Sales").catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(400);
    expect((refused as HttpError).message).toBe(
      "compliance_failed: " +
        "step 3 (email) fails compliance (unsubscribe_line); fix it, or approve with override: true and a reason",
    );
    expect((await rt.repos.cards.get(card.id))?.status).toBe("pending");

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
      failingSteps: [{ step: 3, failedChecks: ["unsubscribe_line"] }],
    });
  });
});
