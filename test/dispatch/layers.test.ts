// The outbound motion's safety layers, each holding leads back on its own with its reason, in
// order: emergency stop, suppression, dedup, CRM, ramp, daily caps, routing. Dry runs write nothing.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  approvedCards,
  dispatchRuntime,
  LIVE_CRM_ENV,
  sendingProviders,
  useProviderServer,
} from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const dryRun = (runtime: TestRuntime) => runOutbound(runtime, { live: false, by: "operator" });
const sent = (answer: Awaited<ReturnType<typeof dryRun>>) => [
  ...answer.channels.email.wouldSend.map((u) => u.leadId),
  ...answer.channels.linkedin.wouldSend.map((u) => u.leadId),
];

describe("outbound dispatch layers", () => {
  it("the emergency stop holds every lead, from env or from the runtime switch", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, env: { EMERGENCY_STOP: "true" } });
    const ids = await approvedCards(rt, 12);
    const answer = await dryRun(rt);
    expect(sent(answer)).toEqual([]);
    expect(answer.held).toHaveLength(ids.length);
    expect(answer.held.every((h) => h.layer === "emergency_stop")).toBe(true);
    expect(answer.held[0]?.reason).toBe("emergency stop: EMERGENCY_STOP is set");
    await rt.close();

    rt = await dispatchRuntime({ config: ALL_TIERS });
    await approvedCards(rt, 12);
    expect(sent(await dryRun(rt)).length).toBeGreaterThan(0);
    await rt.repos.safety.setSwitch({ on: true, by: "ops", reason: "bounce spike" });
    const stopped = await dryRun(rt);
    expect(sent(stopped)).toEqual([]);
    expect(stopped.held[0]?.reason).toBe("emergency stop: bounce spike");
  });

  it("a suppressed person is held on every channel, whichever identity was suppressed", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS });
    await approvedCards(rt, 12);
    const before = await dryRun(rt);
    const emailLead = before.channels.email.wouldSend[0];
    const linkedinLead = before.channels.linkedin.wouldSend.find(
      (u) => u.leadId !== emailLead?.leadId,
    );
    if (!emailLead?.to || !linkedinLead?.to) throw new Error("expected leads on both channels");
    const at = rt.now().toISOString();
    await rt.repos.suppression.add(
      { email: emailLead.to.toUpperCase() },
      { reason: "unsubscribed", source: "instantly", at, note: null },
    );
    await rt.repos.suppression.add(
      { linkedinUrl: `${linkedinLead.to}/` },
      { reason: "manual", source: "ops", at, note: "asked us" },
    );
    const after = await dryRun(rt);
    expect(sent(after)).not.toContain(emailLead.leadId);
    expect(sent(after)).not.toContain(linkedinLead.leadId);
    const held = after.held.filter((h) => h.layer === "suppression");
    expect(held.map((h) => h.leadId).sort()).toEqual(
      [emailLead.leadId, linkedinLead.leadId].sort(),
    );
    expect(held.find((h) => h.leadId === emailLead.leadId)?.reason).toMatch(
      /^suppressed \(unsubscribed, 2026-11-24\)$/,
    );
    // A live run retires cards held for good, so they never crowd the approved pool.
    expect(await rt.repos.cards.dispatchQueue()).toContain(emailLead.cardId);
    await runOutbound(rt, { live: true, by: "operator" });
    expect(await rt.repos.cards.dispatchQueue()).not.toContain(emailLead.cardId);
  });

  it("dedup holds a lead that replied, or was contacted today", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS });
    await approvedCards(rt, 12);
    const [first, second] = (await dryRun(rt)).channels.email.wouldSend;
    if (!first || !second) throw new Error("expected two leads");
    await rt.repos.outreach.setEngagement(first.leadId, {
      status: "replied",
      at: rt.now().toISOString(),
      reason: "reply_received",
    });
    await rt.repos.ledger.markContacted("2026-11-24", [second.leadId]);
    const answer = await dryRun(rt);
    const dedup = answer.held.filter((h) => h.layer === "dedup");
    expect(dedup.find((h) => h.leadId === first.leadId)?.reason).toBe("lead replied (2026-11-24)");
    expect(dedup.find((h) => h.leadId === second.leadId)?.reason).toBe(
      "already contacted today (2026-11-24)",
    );
    expect(sent(answer)).not.toContain(first.leadId);
    expect(sent(answer)).not.toContain(second.leadId);
  });

  it("dedup holds a lead a provider reported contacting although this system never dispatched it", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS });
    await approvedCards(rt, 8);
    const [lead] = (await dryRun(rt)).channels.email.wouldSend;
    if (!lead) throw new Error("expected a lead");
    // Instantly's email_sent from a campaign made elsewhere sets the status; no outreach of ours.
    await rt.repos.outreach.setEngagement(lead.leadId, {
      status: "contacted",
      at: rt.now().toISOString(),
      reason: "instantly.email_sent",
    });
    const answer = await dryRun(rt);
    expect(answer.held.find((h) => h.leadId === lead.leadId)).toMatchObject({
      layer: "dedup",
      reason:
        "contacted outside this system (instantly.email_sent, 2026-11-24): it is in a sequence elsewhere",
    });
    expect(sent(answer)).not.toContain(lead.leadId);
  });

  it("dedup: a lead in a live batch waiting for approval is held as such, not as contacted", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS });
    await approvedCards(rt, 8);
    const live = await runOutbound(rt, { live: true, by: "operator" });
    const batch = live.batches[0];
    if (!batch) throw new Error("expected a batch");
    // The live answer counts what it just reserved.
    expect(live.channels.email.cap.used).toBe(live.channels.email.wouldSend.length);
    const [lead] = (await rt.repos.batches.get(batch.id))?.snapshot.leads ?? [];
    const held = (await dryRun(rt)).held.filter((h) => h.leadId === lead?.leadId);
    expect(held.map((h) => h.reason)).toContain(`in batch ${batch.id}, waiting for its approval`);
    expect(held.map((h) => h.reason)).not.toContain("already contacted today (2026-11-24)");
  });

  it("a lead already in GoHighLevel is held (contact search by email)", async () => {
    const providers = sendingProviders({ ghl: { contacts: {} } });
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env: LIVE_CRM_ENV });
    await approvedCards(rt, 6);
    const plain = await dryRun(rt);
    const target = plain.channels.email.wouldSend[0];
    if (!target?.to) throw new Error("expected an email lead");
    server.use(
      ...sendingProviders({
        ghl: {
          contacts: {
            [target.to.toLowerCase()]: {
              id: "ghl_contact_1",
              email: target.to,
              tags: ["customer"],
            } as never,
          },
        },
      }).handlers,
    );
    const answer = await dryRun(rt);
    expect(answer.held.find((h) => h.layer === "crm")).toMatchObject({
      leadId: target.leadId,
      reason: "already a contact in GoHighLevel (ghl_contact_1)",
    });
    expect(sent(answer)).not.toContain(target.leadId);
    // One search per address, with the documented headers.
    expect(providers.ghl.requests.length).toBeGreaterThan(0);
    expect(providers.ghl.requests[0]?.headers.get("version")).toBe("2021-07-28");
  });

  it("while ramping only the ramp's tiers go, at the ramp's daily limit", async () => {
    rt = await dispatchRuntime();
    await approvedCards(rt, 60);
    const answer = await dryRun(rt);
    expect(answer.ramp).toMatchObject({ active: true, tiers: ["tier_1"], streak: 0, required: 3 });
    const ramp = answer.held.filter((h) => h.layer === "ramp");
    expect(ramp.length).toBeGreaterThan(0);
    expect(ramp[0]?.reason).toMatch(
      /^ramp: tier_[23] waits until the ramp graduates \(0\/3 clean days; only tier_1 meanwhile\)$/,
    );
    for (const unit of answer.channels.email.wouldSend) expect(unit.tier).toBe("tier_1");
    expect(answer.channels.email.cap.limit).toBe(5);
  });

  it("daily caps hold what is over the channel's cap and each account's limit", async () => {
    rt = await dispatchRuntime({
      config: {
        ...ALL_TIERS,
        ramp: { enabled: false, ramp_tiers: ["tier_1"] },
        caps: { daily: { email: 4, linkedin: 2 } },
      },
    });
    await approvedCards(rt, 16);
    const answer = await dryRun(rt);
    expect(answer.channels.email.wouldSend).toHaveLength(4);
    expect(answer.channels.linkedin.wouldSend).toHaveLength(2);
    const capped = answer.held.filter((h) => h.layer === "daily_cap");
    expect(
      capped.some(
        (h) =>
          h.reason === "email daily cap reached (4/day: 0 used earlier today, 4 in this dispatch)",
      ),
    ).toBe(true);
    // Round robin over the sending accounts.
    const accounts = answer.channels.email.wouldSend.map((u) => u.account);
    expect(new Set(accounts).size).toBe(4);
  });

  it("routing: tier_3 goes by email only, and LinkedIn only when enabled", async () => {
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
    });
    await approvedCards(rt, 16);
    const answer = await dryRun(rt);
    expect(answer.channels.linkedin.wouldSend).toEqual([]);
    const routing = answer.held.filter((h) => h.layer === "routing");
    expect(
      routing.some((h) => h.reason === "LinkedIn is off (config/sending.json heyreach.enabled)"),
    ).toBe(true);
    expect(routing.some((h) => h.reason === "tier_3 goes by email only")).toBe(true);
    // Layers are reported in order.
    const order = answer.held.map((h) => h.layer);
    expect(order.indexOf("routing")).toBeGreaterThan(order.lastIndexOf("daily_cap"));
  });

  it("routing: a card with no channel it can ever go out on is retired by a live run, not kept forever", async () => {
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
    });
    const ids = await approvedCards(rt, 6);
    // One lead's address turns out to be a spamtrap: with LinkedIn off it has nowhere to go.
    const [card] = await rt.repos.cards.getMany([ids[0] ?? ""]);
    const [lead] = await rt.repos.leads.getMany([card?.leadId ?? ""]);
    if (!lead?.verification) throw new Error("expected a verified lead");
    await rt.repos.leads.save(
      [{ ...lead, verification: { ...lead.verification, status: "spamtrap" } }],
      ["verification"],
    );
    const dry = await dryRun(rt);
    const holds = dry.held.filter((h) => h.cardId === card?.id);
    expect(holds.map((h) => h.reason)).toContain("the address must not be mailed (verification)");
    expect(holds.every((h) => h.permanent)).toBe(true);
    expect(await rt.repos.cards.dispatchQueue()).toContain(card?.id);
    await runOutbound(rt, { live: true, by: "operator" });
    expect(await rt.repos.cards.dispatchQueue()).not.toContain(card?.id);
  });

  it("a sandbox run's leads never go to a live provider", async () => {
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: { SHADOW_MODE: "false", INSTANTLY_API_KEY: "inst-test-key-9f3b6d2e71" },
    });
    await startRun(rt, { campaign: "default", mode: "sandbox", limit: 6 }, "test");
    await rt.engine?.runUntilIdle();
    for (const id of await rt.repos.cards.pendingIds())
      await approveCard(rt, id, {}, "Head of Sales");
    await rt.engine?.runUntilIdle();
    const answer = await dryRun(rt);
    expect(answer.channels.email.wouldSend).toEqual([]);
    expect(answer.held.filter((h) => h.layer === "routing").map((h) => h.reason)).toContain(
      "a sandbox run's lead (generated, not a real person) never goes to a live provider",
    );
  });

  it("a dry run sends, reserves and counts nothing", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, redis: true });
    await approvedCards(rt, 12);
    const keysBefore = (await rt.store.redis.keys("*")).sort();
    const answer = await dryRun(rt);
    expect(answer.live).toBe(false);
    expect(sent(answer).length).toBeGreaterThan(0);
    expect((await rt.store.redis.keys("*")).sort()).toEqual(keysBefore);
    expect(await rt.repos.ledger.counts("2026-11-24")).toEqual({});
    expect(await rt.repos.batches.recent(10)).toEqual([]);
  });
});
