// Minutes inside the send window (Mon–Fri 09:00–17:00 America/Detroit): weekends, nights and DST.
import { describe, expect, it } from "vitest";
import { localParts, minutesInWindow, zonedTime } from "../../lib/approval/send-window.ts";

const window = { timezone: "America/Detroit", from: "09:00", to: "17:00", days: [1, 2, 3, 4, 5] };
const detroit = (y: number, m: number, d: number, h: number, min = 0) =>
  zonedTime("America/Detroit", y, m - 1, d, h, min);

describe("send window minutes", () => {
  it("converts Detroit wall-clock time across DST", () => {
    expect(new Date(detroit(2026, 1, 6, 9)).toISOString()).toBe("2026-01-06T14:00:00.000Z");
    expect(new Date(detroit(2026, 7, 7, 9)).toISOString()).toBe("2026-07-07T13:00:00.000Z");
  });

  it("counts only the minutes inside the window on one day", () => {
    // Tuesday 2026-11-24, 08:30 → 10:15 local: 75 minutes inside 09:00–17:00.
    expect(
      minutesInWindow(detroit(2026, 11, 24, 8, 30), detroit(2026, 11, 24, 10, 15), window),
    ).toBe(75);
    expect(
      minutesInWindow(detroit(2026, 11, 24, 17, 30), detroit(2026, 11, 24, 23, 0), window),
    ).toBe(0);
  });

  it("skips the weekend: Friday 16:50 to Monday 09:20 is 30 minutes", () => {
    expect(
      minutesInWindow(detroit(2026, 11, 27, 16, 50), detroit(2026, 11, 30, 9, 20), window),
    ).toBe(30);
  });

  it("counts whole working days across a week and a DST change", () => {
    // Monday 2026-03-02 09:00 → Monday 2026-03-16 09:00 (DST starts 2026-03-08): ten full days.
    expect(minutesInWindow(detroit(2026, 3, 2, 9), detroit(2026, 3, 16, 9), window)).toBe(
      10 * 8 * 60,
    );
  });

  it("is zero for an empty or reversed interval", () => {
    const t = detroit(2026, 11, 24, 10);
    expect(minutesInWindow(t, t, window)).toBe(0);
    expect(minutesInWindow(t + 60_000, t, window)).toBe(0);
  });
});

describe("local time in a zone", () => {
  /** The wall-clock parts as Intl formats them (what localParts must always agree with). */
  function intlParts(ms: number, timeZone: string) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return {
      year: get("year"),
      month: get("month") - 1,
      day: get("day"),
      hour: get("hour"),
      minute: get("minute"),
      second: get("second"),
    };
  }

  it("agrees with Intl minute by minute through DST switches, half-hour zones and a 30-minute DST", () => {
    const days: [string, number][] = [
      ["America/Detroit", Date.UTC(2026, 2, 8)],
      ["America/Detroit", Date.UTC(2026, 10, 1)],
      ["Europe/London", Date.UTC(2026, 2, 29)],
      ["Asia/Kathmandu", Date.UTC(2026, 5, 1)],
      ["Australia/Lord_Howe", Date.UTC(2026, 3, 4, 12)],
      ["America/St_Johns", Date.UTC(2026, 2, 8)],
    ];
    for (const [zone, start] of days) {
      for (let minute = 0; minute < 24 * 60; minute += 1) {
        const ms = start + minute * 60_000 + 29_500;
        expect(localParts(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(
          intlParts(ms, zone),
        );
      }
    }
  });
});
