// Sandbox BetterContact request ids: they round-trip what a poll needs, stay compact for 100
// contacts, carry nothing seed-dependent but their tag, and decode to null when garbled or foreign.
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseContacts } from "../../lib/providers/bettercontact-input.ts";
import {
  decodeRequestToken,
  encodeRequestToken,
} from "../../lib/providers/sandbox/bettercontact-token.ts";

const contacts = parseContacts(
  Array.from({ length: 100 }, (_, i) => ({
    uuid: `lead_01J${String(i).padStart(3, "0")}Z8Q4K7M2N6P5R3T1V9W`,
    firstName: i % 7 === 0 ? "José" : `Dana${i}`,
    lastName: `O'Whitfield-${i}`,
    company: `Northwind Analytics ${i}`,
    companyDomain: i % 3 === 0 ? null : `northwind${i}.com`,
    linkedinUrl: i % 2 === 0 ? `https://www.linkedin.com/in/dana-whitfield-${i}-4b1a2c` : null,
  })),
);
const REQUEST = { submittedAt: Date.UTC(2025, 4, 12), processingMs: 45_000, contacts };

describe("sandbox BetterContact request token", () => {
  it("round-trips the submit time, processing time and contacts", () => {
    const id = encodeRequestToken("s", REQUEST);
    expect(id).toMatch(/^bcs1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}$/);
    expect(decodeRequestToken("s", id)).toEqual({
      ...REQUEST,
      contacts: contacts.map((c) => ({
        ...c,
        company: c.company ?? null,
        companyDomain: c.companyDomain ?? null,
        linkedinUrl: c.linkedinUrl ?? null,
      })),
    });
  });

  it("stays compact for 100 contacts and is the same for the same request", () => {
    const id = encodeRequestToken("s", REQUEST);
    expect(id.length).toBeLessThan(8_000);
    expect(encodeRequestToken("s", REQUEST)).toBe(id);
    expect(encodeRequestToken("s", { ...REQUEST, submittedAt: REQUEST.submittedAt + 1 })).not.toBe(
      id,
    );
  });

  it("carries the same payload under any seed, but only its own seed decodes it", () => {
    const [, payloadA, tagA] = encodeRequestToken("a", REQUEST).split(".");
    const [, payloadB, tagB] = encodeRequestToken("b", REQUEST).split(".");
    expect(payloadA).toBe(payloadB);
    expect(tagA).not.toBe(tagB);
    expect(decodeRequestToken("b", encodeRequestToken("a", REQUEST))).toBeNull();
  });

  it("decodes nothing it did not issue", () => {
    const id = encodeRequestToken("s", REQUEST);
    expect(decodeRequestToken("s", "")).toBeNull();
    expect(decodeRequestToken("s", "8a3c2f1e-6b4d-4e5f-9a7b-1c2d3e4f5a6b")).toBeNull();
    expect(decodeRequestToken("s", id.toUpperCase())).toBeNull();
    expect(decodeRequestToken("s", `${id}=`)).toBeNull();
    expect(decodeRequestToken("s", "x".repeat(3_000_000))).toBeNull();
  });

  it("refuses a well-tagged payload that is not a valid request", async () => {
    const { createHmac } = await import("node:crypto");
    const forge = (value: unknown) => {
      const payload = deflateRawSync(JSON.stringify(value)).toString("base64url");
      const tag = createHmac("sha256", "s")
        .update(`bcs1.${payload}`)
        .digest("base64url")
        .slice(0, 16);
      return `bcs1.${payload}.${tag}`;
    };
    const row = ["u", "Ann", "Lee", "Acme", null, null];
    expect(decodeRequestToken("s", forge([0, 0, [row]]))).not.toBeNull();
    expect(decodeRequestToken("s", forge([0, 0, []]))).toBeNull();
    expect(decodeRequestToken("s", forge([0, 0, Array(101).fill(row)]))).toBeNull();
    expect(decodeRequestToken("s", forge([-1, 0, [row]]))).toBeNull();
    expect(decodeRequestToken("s", forge([0, 0, [["u", "", "Lee", null, null, null]]]))).toBeNull();
    expect(decodeRequestToken("s", forge({ contacts: [row] }))).toBeNull();
    // A tiny payload that inflates past the bound is refused, not expanded.
    expect(decodeRequestToken("s", forge([0, 0, [row], "x".repeat(600_000)]))).toBeNull();
  });
});
