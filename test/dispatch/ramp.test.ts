// The ramp in clean_days mode over virtual days: it graduates after three clean supervised live
// days (and Slack hears of it), not after a day with an error (which resets the streak); and the
// dispatch day follows the send window's time zone across a DST change.
import { afterEach, describe, expect, it } from "vitest";
import { approveBatch } from "../../lib/dispatch/batch-lifecycle.ts";
import { dispatchDay } from "../../lib/dispatch/day.ts";
import { runOutbound } from "../../lib/dispatch/outbound.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  ALL_TIERS,
  approvedCards,
  configWith,
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  sendLive,
  useProviderServer,
} from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const HOUR = 3_600_000;

/** One supervised live day: dispatch at 10:00, approve every batch, run past the 17:30 judging. */
async function liveDay(runtime: TestRuntime) {
  const live = await sendLive(runtime, 8 * HOUR);
  const days = await runtime.repos.ramp.days(1);
  // On to 10:00 the next day.
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 16 * HOUR });
  return { live, judged: days[0] };
}

describe("ramp", () => {
  it("graduates after three clean live days, and tells Slack", async () => {
    server.use(...sendingProviders({ ghl: { contacts: {} } }).handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: LIVE_PROVIDER_ENV,
    });
    await approvedCards(rt, 20);
    const judged = [];
    for (let day = 0; day < 3; day++) judged.push((await liveDay(rt)).judged);
    expect(judged.map((d) => [d?.day, d?.clean, d?.effect, d?.streakAfter])).toEqual([
      ["2026-11-24", true, "counted", 1],
      ["2026-11-25", true, "counted", 2],
      ["2026-11-26", true, "counted", 3],
    ]);
    expect(judged[0]?.reasons).toEqual([
      "clean: live run, 5 dispatch(es), no errors, nothing held",
    ]);
    const state = await rt.repos.ramp.state();
    expect(state.graduatedAt).not.toBeNull();
    const alerts = (rt.engine?.runs({ functionId: "send-alert" }) ?? []).map(
      (r) => r.event.data.title,
    );
    expect(alerts).toContain("The ramp graduated");
    // Graduated: the graduated limit and every tier.
    const next = await runOutbound(rt, { live: false, by: "operator" });
    expect(next.ramp.active).toBe(false);
    expect(next.channels.email.cap.limit).toBe(25);
  });

  it("does not graduate after a day with an error, which resets the streak; a quiet day changes nothing", async () => {
    server.use(...sendingProviders({ ghl: { contacts: {} } }).handlers);
    rt = await dispatchRuntime({
      config: { ...ALL_TIERS, sending: { heyreach: { enabled: false } } },
      env: LIVE_PROVIDER_ENV,
    });
    await approvedCards(rt, 25);
    await liveDay(rt); // clean: streak 1
    await liveDay(rt); // clean: streak 2
    // Day 3: Instantly fails for good.
    server.use(
      ...sendingProviders({ ghl: { contacts: {} }, instantly: { unauthorized: true } }).handlers,
    );
    const failing = await liveDay(rt);
    expect(failing.judged).toMatchObject({
      clean: false,
      effect: "reset",
      streakAfter: 0,
      errors: 1,
    });
    expect(failing.judged?.reasons).toContain("1 error(s)");
    // Day 4: no live run at all: not clean, streak unchanged.
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 24 * HOUR });
    const [quiet] = await rt.repos.ramp.days(1);
    expect(quiet).toMatchObject({
      clean: false,
      effect: "unchanged",
      streakAfter: 0,
      reasons: expect.arrayContaining(["no live run"]),
    });
    expect((await rt.repos.ramp.state()).graduatedAt).toBeNull();
  });

  it("the dispatch day follows the send window's time zone across a DST change", async () => {
    const config = configWith();
    // 8 March 2026: Detroit springs forward at 02:00 local (UTC-5 → UTC-4).
    expect(dispatchDay(new Date("2026-03-08T04:59:00Z"), config)).toBe("2026-03-07");
    expect(dispatchDay(new Date("2026-03-08T05:00:00Z"), config)).toBe("2026-03-08");
    expect(dispatchDay(new Date("2026-03-09T03:59:00Z"), config)).toBe("2026-03-08");
    expect(dispatchDay(new Date("2026-03-09T04:00:00Z"), config)).toBe("2026-03-09");
    // Caps: 23:30 on the DST day and 00:30 the next day are two days, each with its own cap.
    rt = await dispatchRuntime({
      config: {
        ...ALL_TIERS,
        ramp: { enabled: false },
        caps: { daily: { email: 2 } },
        sending: { heyreach: { enabled: false } },
      },
      start: new Date("2026-03-09T03:30:00Z"),
    });
    await approvedCards(rt, 10);
    const late = await runOutbound(rt, { live: true, by: "operator" });
    expect(late.day).toBe("2026-03-08");
    expect(late.channels.email.wouldSend).toHaveLength(2);
    // A batch cannot outlive its day: it expires at local midnight unless approved before.
    const [lateBatch] = late.batches;
    expect(lateBatch?.expiresAt).toBe("2026-03-09T04:00:00.000Z");
    for (const batch of late.batches) await approveBatch(rt, batch.id, "Head of Sales");
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 10 * 60_000 });
    rt.clock.advance(HOUR);
    const early = await runOutbound(rt, { live: true, by: "operator" });
    expect(early.day).toBe("2026-03-09");
    expect(early.channels.email.wouldSend).toHaveLength(2);
    expect((await rt.repos.ledger.counts("2026-03-08")).email).toBe(2);
    expect((await rt.repos.ledger.counts("2026-03-09")).email).toBe(2);
  });
});
