// Clocks: the virtual clock fires timers in order only when advanced; the real clock fires on time.
import { describe, expect, it } from "vitest";
import { createRealClock, VirtualClock } from "../../lib/engine/clock.ts";

describe("VirtualClock", () => {
  it("stands still until advanced, then fires due timers in order at their own time", () => {
    const clock = new VirtualClock(1000);
    const fired: [string, number][] = [];
    clock.setTimer(3000, () => fired.push(["c", clock.now()]));
    clock.setTimer(2000, () => fired.push(["b", clock.now()]));
    const cancel = clock.setTimer(2500, () => fired.push(["x", clock.now()]));
    cancel();
    expect(clock.now()).toBe(1000);
    expect(clock.nextTimerAt()).toBe(2000);
    clock.advance(1500);
    expect(fired).toEqual([["b", 2000]]);
    expect(clock.now()).toBe(2500);
    clock.advanceTo(new Date(10_000));
    expect(fired).toEqual([
      ["b", 2000],
      ["c", 3000],
    ]);
    expect(clock.now()).toBe(10_000);
    expect(clock.nextTimerAt()).toBeUndefined();
  });
});

describe("real clock", () => {
  it("fires a timer at its time and can cancel another", async () => {
    const clock = createRealClock();
    const began = clock.now();
    let cancelledFired = false;
    clock.setTimer(began + 5, () => {
      cancelledFired = true;
    })();
    const firedAt = await new Promise<number>((resolve) => {
      clock.setTimer(began + 20, () => resolve(clock.now()));
    });
    expect(firedAt - began).toBeGreaterThanOrEqual(19);
    expect(cancelledFired).toBe(false);
  });
});
