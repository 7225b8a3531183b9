// Approving a card approves its whole sequence: a later step that fails compliance blocks the
// approval exactly as the first message does (400 naming the step and the checks); a failed
// legal line (unsubscribe, postal address) never passes, a failed style check passes with an
// override and a reason of a sentence, which the audit trail records with the failing steps.
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
      "legal_check_failed: step 3 (email) fails compliance (unsubscribe_line); the unsubscribe line and the postal address can never be overridden: edit the message to include them",
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
