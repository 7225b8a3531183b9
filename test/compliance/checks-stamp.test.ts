// A crafted sequence that passed every check carries a stamp, and approving it untouched does not
// run the checks again (checks-stamp.ts). The stamp is trusted only for the same steps, sender and
// checks: a step changed in the store, a sender changed in config, or a change to the checks'
// code (until CHECKS_VERSION is bumped) all leave it unused.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { approveCard, reviewCard } from "../../lib/approval/decide.ts";
import { checkSequence } from "../../lib/approval/sequence-checks.ts";
import { CHECKS_VERSION, checksStamp } from "../../lib/compliance/checks-stamp.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { withRealSender } from "../support/real-sender.ts";
import { refusal } from "../support/refusal.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

async function pendingCards(runtime: TestRuntime, mode: "sandbox" | "production", limit = 6) {
  await startRun(runtime, { campaign: "default", mode, limit }, "test");
  await runtime.engine?.runUntilIdle();
  const ids = await runtime.repos.cards.pendingIds();
  const cards = await runtime.repos.cards.getMany(ids);
  return cards.flatMap((card) => (card ? [card] : []));
}

describe("the checks stamp", () => {
  it("is made for a passing sequence, and the checks it spares read as running them would", async () => {
    rt = await createTestRuntime();
    const cards = await pendingCards(rt, "sandbox");
    expect(cards.length).toBeGreaterThan(0);
    const { sender } = rt.config.sending;
    for (const card of cards) {
      expect(card.checksPassed).toBe(
        checksStamp(card.sequence, sender, { exampleValues: "allow" }),
      );
      // The same card without its stamp is checked step by step: the results are the same.
      const { checksPassed: _, ...unstamped } = card;
      const checked = checkSequence(
        { ...unstamped, sequence: [...card.sequence] },
        sender,
        "sandbox",
      );
      const vouched = checkSequence(card, sender, "sandbox");
      expect(JSON.parse(JSON.stringify(vouched))).toEqual(JSON.parse(JSON.stringify(checked)));
      const view = await reviewCard(rt, card.id);
      expect(view.sequencePassed).toBe(true);
    }
  });

  it("is not made for a sequence that fails, whose approval is refused as before", async () => {
    rt = await createTestRuntime();
    const [card] = await pendingCards(rt, "production", 2);
    if (!card) throw new Error("no card");
    // The shipped sender holds example values: a production card fails, so it has no stamp.
    expect(card.checksPassed).toBeUndefined();
    expect((await refusal(approveCard(rt, card.id, {}, "Head of Sales"))).message).toMatch(
      /^legal_check_failed/,
    );
  });

  it("is not trusted once the sender changes in config: the checks run and refuse", async () => {
    rt = await createTestRuntime({ config: withRealSender(loadConfig()) });
    const [card, other] = await pendingCards(rt, "production", 4);
    if (!card || !other) throw new Error("no cards");
    expect(card.checksPassed).toBeDefined();
    expect((await approveCard(rt, other.id, {}, "Head of Sales")).card.status).toBe("approved");
    // The sender's details go back to the shipped examples (config/sending.json edited).
    rt.config.sending.sender = loadConfig().sending.sender;
    const refused = await refusal(approveCard(rt, card.id, {}, "Head of Sales"));
    // The message carries the old address, not the one now configured.
    expect(refused.message).toMatch(
      /^legal_check_failed: the message fails compliance \(postal_address/,
    );
    expect((await rt.repos.cards.get(card.id))?.status).toBe("pending");
  });

  it("changes with the checks' code: CHECKS_VERSION is bumped whenever lib/compliance changes", () => {
    const dir = join(import.meta.dirname, "../../lib/compliance");
    const sources = readdirSync(dir)
      .filter((name) => name.endsWith(".ts") && name !== "checks-stamp.ts")
      .sort()
      .map((name) => `${name}\n${readFileSync(join(dir, name), "utf8")}`);
    const digest = createHash("sha256").update(sources.join("\n")).digest("hex").slice(0, 16);
    // When this fails: the checks changed, so stamps made before must not be trusted. Bump
    // CHECKS_VERSION in lib/compliance/checks-stamp.ts, then record the new pair here.
    expect({ version: CHECKS_VERSION, digest }).toEqual({ version: 1, digest: "4ff0eb512a0be03a" });
  });
});
