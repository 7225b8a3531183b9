// Compact storage of large records: a card round-trips through compaction at a fraction of its
// size, small values stay plain JSON, plain records written before compaction still read, and a
// value that cannot be expanded is a damaged record, not a crash.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "../../lib/crafting/templates/default-templates.ts";
import { ZCard } from "../../lib/store/card-repo.ts";
import { COMPACT_MIN_BYTES, compact, expand } from "../../lib/store/compact/compact-json.ts";
import { DICTIONARY as DICTIONARY_V1 } from "../../lib/store/compact/dictionary-v1.ts";
import { hashReply, parseStored, StoredRecordError } from "../../lib/store/parse-stored.ts";

const body = (n: number) =>
  `Hi Dana,\n\n${DEFAULT_TEMPLATES.initial.bodies[0]}\n\nStep ${n}.\n\nThe Alpha Swarm team\n100 Example Avenue, Suite 200, Detroit, MI 48226, USA\n\nReply STOP to unsubscribe.`;

const card = ZCard.parse({
  id: "card_0123456789abcdef0123",
  leadId: "lead_0123456789abcdef0123",
  runId: "run_20261124_150000_abcdef",
  campaign: "default",
  status: "pending",
  tier: "tier_2",
  score: 62,
  whyThisScore: [
    {
      factor: "industry",
      points: 20,
      reason: "Industry computer software is a core ICP industry — 1 × 20",
    },
  ],
  message: { channel: "email", step: 1, subject: "An idea for Acme", body: body(1) },
  sequence: Array.from({ length: 8 }, (_, i) => ({
    step: i + 1,
    day: i * 3 + 1,
    channel: "email",
    template: "initial",
    subject: "An idea for Acme",
    body: body(i + 1),
  })),
  compliance: {
    passed: true,
    checks: [
      { id: "unsubscribe_line", passed: true, detail: "Has the line “Reply STOP to unsubscribe.”" },
    ],
  },
  failure: null,
  createdAt: "2026-11-24T15:00:00.000Z",
  updatedAt: "2026-11-24T15:00:00.000Z",
});

describe("compact JSON", () => {
  it("stores a card at a fraction of its size and reads it back exactly", () => {
    const stored = compact(card);
    expect(typeof stored).toBe("string");
    expect(String(stored)).toMatch(/^~z2:[A-Za-z0-9+/=]+$/);
    expect(String(stored).length).toBeLessThan(JSON.stringify(card).length / 4);
    expect(expand(stored)).toEqual(card);
    expect(parseStored(ZCard, "card", stored)).toEqual(card);
  });

  it("reads a card compressed with the first dictionary, frozen since", () => {
    const json = JSON.stringify(card);
    const v1 = deflateRawSync(json, { dictionary: Buffer.from(DICTIONARY_V1) });
    const stored = `~z1:${v1.toString("base64")}`;
    expect(expand(stored)).toEqual(card);
    expect(parseStored(ZCard, "card", stored)).toEqual(card);
  });

  it("leaves small values plain, and reads plain values as they are", () => {
    const small = { status: "queued", cardId: null };
    expect(JSON.stringify(small).length).toBeLessThan(COMPACT_MIN_BYTES);
    expect(compact(small)).toBe(small);
    expect(expand(small)).toBe(small);
    expect(expand("plain text")).toBe("plain text");
    // A card stored before compaction (as a JSON object) still parses.
    expect(parseStored(ZCard, "card", JSON.parse(JSON.stringify(card)))).toEqual(card);
  });

  it("parses the raw text the store client hands on, once", () => {
    // The client does not deserialise: a stored object comes back as its JSON text.
    expect(parseStored(ZCard, "card", JSON.stringify(card))).toEqual(card);
    expect(expand('{"a":[1,"b"]}')).toEqual({ a: [1, "b"] });
    expect(expand("42")).toBe(42);
    expect(expand("true")).toBe(true);
    // Text that is not JSON (an ISO time, a token) stays text; so does a number JSON would round.
    expect(expand("2026-11-24T15:00:00.000Z")).toBe("2026-11-24T15:00:00.000Z");
    expect(expand("12345678901234567890")).toBe("12345678901234567890");
    expect(expand("{not json")).toBe("{not json");
    expect(() => parseStored(ZCard, "alpha-swarm:card:y", "{not json")).toThrow(
      /alpha-swarm:card:y is malformed/,
    );
    // HGETALL's reply is a flat list of fields and values.
    expect(hashReply(["a", "1", "b", '{"x":2}'])).toEqual({ a: "1", b: '{"x":2}' });
    expect(hashReply(null)).toEqual({});
  });

  it("reports a value it cannot expand as a damaged record", () => {
    expect(() => parseStored(ZCard, "alpha-swarm:card:x", "~z9:AAAA")).toThrow(StoredRecordError);
    expect(() => parseStored(ZCard, "alpha-swarm:card:x", "~z9:AAAA")).toThrow(
      /alpha-swarm:card:x is malformed: compressed with an unknown dictionary version "9"/,
    );
    expect(() => parseStored(ZCard, "alpha-swarm:card:x", "~z1:not-deflate")).toThrow(
      /does not expand/,
    );
  });
});
