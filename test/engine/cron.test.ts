// Cron triggers as Inngest parses them (pkg/inngest/trigger.go, robfig/cron/v3 parser) and
// schedules them (robfig/cron/v3 spec.go SpecSchedule.Next), daylight-saving days included.
import { describe, expect, it } from "vitest";
import { parseCron, validateCron } from "../../lib/engine/cron.ts";

/** The next `count` ticks strictly after `from`, as ISO strings. */
const ticks = (expression: string, from: string, count: number): string[] => {
  const schedule = parseCron(expression);
  const out: string[] = [];
  let at = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(at);
    if (next === undefined) break;
    out.push(new Date(next).toISOString());
    at = next;
  }
  return out;
};

describe("parsing", () => {
  it("keeps the declared string and ticks strictly after the given time, in UTC by default", () => {
    const schedule = parseCron("0 10 * * *");
    expect(schedule.expression).toBe("0 10 * * *");
    expect(schedule.next(Date.parse("2026-01-05T10:00:00Z"))).toBe(
      Date.parse("2026-01-06T10:00:00Z"),
    );
    expect(schedule.next(Date.parse("2026-01-05T09:59:59.999Z"))).toBe(
      Date.parse("2026-01-05T10:00:00Z"),
    );
  });

  it("reads TZ= and CRON_TZ= prefixes", () => {
    expect(ticks("TZ=Europe/Paris 0 9 * * *", "2026-01-05T00:00:00Z", 1)).toEqual([
      "2026-01-05T08:00:00.000Z",
    ]);
    expect(ticks("CRON_TZ=Asia/Tokyo 0 9 * * *", "2026-01-04T23:00:00Z", 1)).toEqual([
      "2026-01-05T00:00:00.000Z",
    ]);
    expect(ticks("TZ=UTC 0 9 * * *", "2026-01-05T00:00:00Z", 1)).toEqual([
      "2026-01-05T09:00:00.000Z",
    ]);
  });

  it("reads lists, ranges, steps and case-insensitive names", () => {
    expect(ticks("5/15 * * * *", "2026-01-05T10:00:00Z", 4)).toEqual([
      "2026-01-05T10:05:00.000Z",
      "2026-01-05T10:20:00.000Z",
      "2026-01-05T10:35:00.000Z",
      "2026-01-05T10:50:00.000Z",
    ]);
    expect(ticks("0 9,17 * * mon-FRI", "2026-01-09T10:00:00Z", 3)).toEqual([
      "2026-01-09T17:00:00.000Z",
      "2026-01-12T09:00:00.000Z",
      "2026-01-12T17:00:00.000Z",
    ]);
    expect(ticks("0 0 1 Jan,jul *", "2026-02-01T00:00:00Z", 2)).toEqual([
      "2026-07-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ]);
  });

  it("ORs day-of-month and day-of-week unless either is a star (`*/1` counts as one, `*/2` not)", () => {
    // 2026-01-01 is a Thursday.
    expect(ticks("0 0 1 * 1", "2026-01-25T00:00:00Z", 2)).toEqual([
      "2026-01-26T00:00:00.000Z",
      "2026-02-01T00:00:00.000Z",
    ]);
    expect(ticks("0 0 */1 * 1", "2026-01-01T00:00:00Z", 2)).toEqual([
      "2026-01-05T00:00:00.000Z",
      "2026-01-12T00:00:00.000Z",
    ]);
    expect(ticks("0 0 */2 * 1", "2026-01-01T00:00:00Z", 3)).toEqual([
      "2026-01-03T00:00:00.000Z",
      "2026-01-05T00:00:00.000Z",
      "2026-01-07T00:00:00.000Z",
    ]);
  });

  it("has no next tick for a date that never comes", () => {
    expect(parseCron("0 0 30 2 *").next(Date.parse("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it.each([
    ["@daily", /does not accept descriptors/],
    ["@every 5m", /does not accept descriptors/],
    ["0 0 9 * * *", /expected exactly 5 fields, found 6/],
    ["* * * *", /expected exactly 5 fields, found 4/],
    ["0 0 * * 7", /above maximum \(6\)/],
    ["60 * * * *", /above maximum \(59\)/],
    ["0 0 0 * *", /below minimum \(1\)/],
    ["0 5-1 * * *", /beyond end of range/],
    ["*/0 * * * *", /positive number/],
    ["0 0 * foo *", /failed to parse int from foo/],
    ["TZ=Mars/Olympus 0 0 * * *", /bad location Mars\/Olympus/],
    ["TZ=america/new_york 0 0 * * *", /bad location america\/new_york/],
    ["TZ=UTC", /followed by the schedule/],
  ])("refuses %j, naming it", (expression, reason) => {
    expect(() => parseCron(expression)).toThrow(reason);
    expect(() => parseCron(expression)).toThrow(JSON.stringify(expression));
    expect(validateCron(expression)).toMatch(reason);
  });

  it("validates without throwing", () => {
    expect(validateCron("TZ=America/New_York 30 2 * * 1-5")).toBeUndefined();
  });
});

describe("daylight saving (robfig/cron/v3 SpecSchedule.Next)", () => {
  it("America/New_York spring forward: 02:30 does not exist on 8 March 2026 and is skipped", () => {
    expect(ticks("TZ=America/New_York 30 2 * * *", "2026-03-06T12:00:00Z", 3)).toEqual([
      "2026-03-07T07:30:00.000Z", // 02:30 EST
      "2026-03-09T06:30:00.000Z", // 02:30 EDT; none on the 8th
      "2026-03-10T06:30:00.000Z",
    ]);
  });

  it("America/New_York fall back: 01:30 happens twice on 1 November 2026 and fires twice", () => {
    expect(ticks("TZ=America/New_York 30 1 * * *", "2026-10-30T12:00:00Z", 4)).toEqual([
      "2026-10-31T05:30:00.000Z",
      "2026-11-01T05:30:00.000Z", // 01:30 EDT
      "2026-11-01T06:30:00.000Z", // 01:30 EST
      "2026-11-02T06:30:00.000Z",
    ]);
  });

  it("Europe/London spring forward: 01:30 does not exist on 29 March 2026 and is skipped", () => {
    expect(ticks("TZ=Europe/London 30 1 * * *", "2026-03-27T12:00:00Z", 3)).toEqual([
      "2026-03-28T01:30:00.000Z", // 01:30 GMT
      "2026-03-30T00:30:00.000Z", // 01:30 BST; none on the 29th
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("Europe/London fall back: 01:30 happens twice on 25 October 2026 and fires twice", () => {
    expect(ticks("CRON_TZ=Europe/London 30 1 * * *", "2026-10-23T12:00:00Z", 4)).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z", // 01:30 BST
      "2026-10-25T01:30:00.000Z", // 01:30 GMT
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("hourly schedules keep to real hours across both transitions", () => {
    expect(ticks("TZ=America/New_York 0 * * * *", "2026-03-08T05:30:00Z", 3)).toEqual([
      "2026-03-08T06:00:00.000Z", // 01:00 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT
      "2026-03-08T08:00:00.000Z",
    ]);
    expect(ticks("TZ=America/New_York 0 * * * *", "2026-11-01T04:30:00Z", 3)).toEqual([
      "2026-11-01T05:00:00.000Z", // 01:00 EDT
      "2026-11-01T06:00:00.000Z", // 01:00 EST
      "2026-11-01T07:00:00.000Z", // 02:00 EST
    ]);
  });

  it("resets to the start of an hour after the transition as Go's time.Date does", () => {
    // From 04:30 EDT on the transition day, robfig resets to 04:00 (time.Date looks the offset up
    // again for the instant it lands on) and finds 05:00 EDT the same day.
    expect(ticks("TZ=America/New_York 0 5 * * *", "2026-03-08T08:30:00Z", 2)).toEqual([
      "2026-03-08T09:00:00.000Z",
      "2026-03-09T09:00:00.000Z",
    ]);
  });

  it("a daily time outside the transition keeps its wall-clock time", () => {
    expect(ticks("TZ=America/New_York 0 10 * * *", "2026-03-07T16:00:00Z", 2)).toEqual([
      "2026-03-08T14:00:00.000Z", // 10:00 EDT
      "2026-03-09T14:00:00.000Z",
    ]);
  });
});
