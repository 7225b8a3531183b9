// The decay scan on the virtual clock: a lead contacted and quiet for 14 days decays, one that
// engaged more recently does not yet, a reply never decays; a decayed lead of a revival tier
// becomes a revival candidate after 30 more quiet days; each change once, with a timeline line.
import { afterEach, describe, expect, it } from "vitest";
import { decayScan } from "../../lib/signals/decay-scan.ts";
import { ALL_TIERS, approvedCards, dispatchRuntime, sendLive } from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";

const DAY = 86_400_000;
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("decay scan", () => {
  it("decays quiet leads, spares engaged and replied ones, and makes revival candidates", async () => {
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: { SHADOW_MODE: "false" },
      crons: false,
    });
    await approvedCards(rt, 8);
    const live = await sendLive(rt);
    const leads = live.channels.email.wouldSend.map((u) => u.leadId);
    const [quiet, engaged, replied] = leads;
    if (!quiet || !engaged || !replied) throw new Error("expected three live leads");
    const at = (days: number) => new Date(rt?.now().getTime() ?? 0).getTime() + days * DAY;
    rt.clock.advance(10 * DAY);
    await rt.repos.outreach.setEngagement(engaged, {
      status: "opened",
      at: new Date(at(0)).toISOString(),
      reason: "open",
    });
    await rt.repos.outreach.setEngagement(replied, {
      status: "replied",
      at: new Date(at(0)).toISOString(),
      reason: "reply",
    });
    rt.clock.advance(5 * DAY); // 15 days after the send, 5 after the open and the reply

    const first = await decayScan(rt, 0, 1000);
    expect(first.changes.map((c) => c.leadId)).toContain(quiet);
    expect(first.changes.map((c) => c.leadId)).not.toContain(engaged);
    expect(first.changes.map((c) => c.leadId)).not.toContain(replied);
    expect((await rt.repos.outreach.getMany([quiet]))[0]?.engagement?.status).toBe("decayed");
    // The same scan the same day changes nothing more.
    expect((await decayScan(rt, 0, 1000)).changes).toEqual([]);
    const timeline = (await rt.repos.outreach.timeline(quiet)).map((t) => t.type);
    expect(timeline).toContain("system.decayed");

    rt.clock.advance(31 * DAY);
    const later = await decayScan(rt, 0, 1000);
    const tierOf = new Map(live.channels.email.wouldSend.map((u) => [u.leadId, u.tier]));
    const revival = later.changes.filter((c) => c.to === "revival_candidate").map((c) => c.leadId);
    for (const leadId of revival) expect(["tier_1", "tier_2"]).toContain(tierOf.get(leadId));
    const quietStatus = (await rt.repos.outreach.getMany([quiet]))[0]?.engagement?.status;
    expect(quietStatus).toBe(
      ["tier_1", "tier_2"].includes(String(tierOf.get(quiet))) ? "revival_candidate" : "decayed",
    );
    expect((await rt.repos.outreach.getMany([replied]))[0]?.engagement?.status).toBe("replied");
    // The engaged lead decays in its turn, 14 days after its open.
    expect(later.changes.find((c) => c.leadId === engaged)).toMatchObject({
      from: "opened",
      to: "decayed",
    });
  });
});
