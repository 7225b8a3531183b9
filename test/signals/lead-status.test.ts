// The lead status rules: forward only, terminal statuses kept, an out-of-office only before a
// conversation, and a late or out-of-order open never undoing a reply, bounce or unsubscribe.
import { describe, expect, it } from "vitest";
import { LEAD_STATUSES, type TLeadStatus, transition } from "../../lib/signals/lead-status.ts";

/** The status after applying `events` in order. */
const statusAfter = (events: TLeadStatus[]) =>
  events.reduce<TLeadStatus | null>(
    (current, next) => (transition(current, next) ? next : current),
    null,
  );

describe("lead status transitions", () => {
  it("has 21 statuses", () => {
    expect(LEAD_STATUSES).toHaveLength(21);
  });

  it("moves forward only, whatever order the events arrive in", () => {
    expect(statusAfter(["contacted", "opened", "clicked", "replied"])).toBe("replied");
    expect(statusAfter(["contacted", "replied", "opened", "clicked"])).toBe("replied");
    expect(statusAfter(["replied", "contacted"])).toBe("replied");
    expect(statusAfter(["contacted", "meeting_booked", "replied", "interested"])).toBe(
      "meeting_booked",
    );
  });

  it("never leaves unsubscribed or bounced", () => {
    expect(statusAfter(["contacted", "unsubscribed", "opened", "replied", "meeting_booked"])).toBe(
      "unsubscribed",
    );
    expect(statusAfter(["contacted", "bounced", "clicked"])).toBe("bounced");
    expect(statusAfter(["meeting_booked", "unsubscribed"])).toBe("unsubscribed");
  });

  it("notes an out-of-office only before a conversation, and moves on from it", () => {
    expect(statusAfter(["contacted", "out_of_office"])).toBe("out_of_office");
    expect(statusAfter(["contacted", "out_of_office", "opened"])).toBe("opened");
    expect(statusAfter(["contacted", "replied", "out_of_office"])).toBe("replied");
  });

  it("decays only without an answer, and a decayed lead engaging again moves on", () => {
    expect(statusAfter(["contacted", "opened", "decayed"])).toBe("decayed");
    expect(statusAfter(["contacted", "replied", "decayed"])).toBe("replied");
    expect(statusAfter(["contacted", "decayed", "clicked"])).toBe("clicked");
    expect(statusAfter(["contacted", "decayed", "revival_candidate", "contacted"])).toBe(
      "contacted",
    );
  });
});
