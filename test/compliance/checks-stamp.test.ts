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
    const root = join(import.meta.dirname, "../..");
    // Every file of the checks (subfolders included), and how a sequence is checked from a card.
    const files = [
      ...readdirSync(join(root, "lib/compliance"), { recursive: true, encoding: "utf8" })
        .filter((name) => name.endsWith(".ts") && name !== "checks-stamp.ts")
        .map((name) => `lib/compliance/${name}`),
      "lib/approval/sequence-checks.ts",
    ].sort();
    const sources = files.map((file) => `${file}\n${readFileSync(join(root, file), "utf8")}`);
    const digest = createHash("sha256").update(sources.join("\n")).digest("hex").slice(0, 16);
    // When this fails, the checks changed and stamps made before must not be trusted: bump
    // CHECKS_VERSION in lib/compliance/checks-stamp.ts and add the new version's digest here
    // (an entry is never changed: each version keeps the digest of the checks it stamped).
    const recorded: Readonly<Record<number, string>> = {
      1: "f603f0e2bc45f007",
      2: "e5b8f2d7e640b61f",
      3: "40b78e9d0cdcc6b8",
    };
    expect(new Set(Object.values(recorded)).size).toBe(Object.keys(recorded).length);
    expect(Math.max(...Object.keys(recorded).map(Number))).toBe(CHECKS_VERSION);
    expect(digest, `the checks changed: bump CHECKS_VERSION (now ${CHECKS_VERSION})`).toBe(
      recorded[CHECKS_VERSION],
    );
  });
});
