// roundPreservingSum: integers within one of each input whose sum is the rounded total.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundPreservingSum } from "../../lib/scoring/largest-remainder.ts";

describe("roundPreservingSum", () => {
  it("gives the extra units to the largest fractional parts, the first on ties", () => {
    expect(roundPreservingSum([1.2, 2.7, 3.1])).toEqual({ total: 7, parts: [1, 3, 3] });
    expect(roundPreservingSum([0.5, 0.5, 0.5])).toEqual({ total: 2, parts: [1, 1, 0] });
    expect(roundPreservingSum([0.4, 0.4])).toEqual({ total: 1, parts: [1, 0] });
    expect(roundPreservingSum([0.9 * 30, 0.7 * 30])).toEqual({ total: 48, parts: [27, 21] });
  });

  it("always sums to the rounded total with each part within one of its value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 8 }),
        (values) => {
          const { total, parts } = roundPreservingSum(values);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const exact = values.reduce((a, b) => a + b, 0);
          expect(Math.abs(total - exact)).toBeLessThanOrEqual(0.5 + 1e-5);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(Math.abs(part - (values[i] ?? 0))).toBeLessThan(1 + 1e-5);
          });
        },
      ),
    );
  });
});
