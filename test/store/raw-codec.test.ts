// The kept-handle codec gives exactly what zlib's one-shot functions give, value after value:
// the same compressed bytes, the same text back, the same errors for data that does not expand,
// and it keeps working after an error and for values larger than its output buffer.
import { randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DICTIONARY } from "../../lib/store/compact/dictionary-v2.ts";
import { createRawCodec } from "../../lib/store/compact/raw-codec.ts";

const dictionary = Buffer.from(DICTIONARY);
const oneShot = (text: string) => deflateRawSync(text, { dictionary });
const texts = [
  "",
  "x",
  JSON.stringify({ subject: "An idea for Acme", body: "Hi Dana,\n\nReply STOP to unsubscribe." }),
  "Teams like yours usually find that personalised sequences double reply rates. ".repeat(40),
  // Incompressible, and larger than the codec's output buffer once expanded.
  randomBytes(200_000).toString("base64"),
  "naïve café — ünïcödé ✓ ".repeat(100),
];

describe("raw deflate codec with a kept handle", () => {
  it("compresses to zlib's bytes and expands back, value after value", () => {
    const codec = createRawCodec(dictionary);
    for (let round = 0; round < 3; round += 1) {
      for (const text of texts) {
        const packed = codec.deflate(text);
        expect(packed).toBe(oneShot(text).toString("base64"));
        expect(codec.inflate(Buffer.from(packed, "base64"))).toBe(text);
        expect(codec.inflate(oneShot(text))).toBe(
          inflateRawSync(oneShot(text), { dictionary }).toString(),
        );
      }
    }
    // The values went through kept handles, not the one-shot functions.
    expect(codec.kept()).toEqual({ inflate: true, deflate: true });
  });

  it("throws zlib's own error for data that does not expand, then goes on working", () => {
    const codec = createRawCodec(dictionary);
    const good = oneShot(texts[2] as string);
    const cases = [good.subarray(0, good.length - 3), Buffer.from([0xff, 0xff, 0xff, 0xff])];
    for (const bad of cases) {
      let expected: unknown;
      try {
        inflateRawSync(bad, { dictionary });
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).toBeTypeOf("string");
      expect(() => codec.inflate(bad)).toThrow(expected as string);
      expect(codec.kept().inflate).toBe(false);
      expect(codec.inflate(good)).toBe(texts[2]);
      expect(codec.kept().inflate).toBe(true);
    }
  });

  it("needs the dictionary it was made with", () => {
    const other = createRawCodec(Buffer.from("a different dictionary entirely"));
    const packed = oneShot(texts[3] as string);
    expect(() => other.inflate(packed)).toThrow();
  });
});
