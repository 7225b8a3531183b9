// The embedded store's sorted set keeps its order as it changes: after any sequence of adds,
// score changes and removals, its order, ranks, score ranges and slices equal a full sort's,
// whatever size its chunks split at.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aboveMin, belowMax, compareBytes } from "../../lib/store/memory/args.ts";
import { SortedSet } from "../../lib/store/memory/sorted-set.ts";

const op = fc.oneof(
  fc.record({
    kind: fc.constant("set" as const),
    member: fc.constantFrom("a", "b", "c", "d", "é", "ab", "card_1", "card_2"),
    score: fc.constantFrom(-1, 0, 0.5, 1, 1, 2, 1e12, 1e12 + 0.001),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    member: fc.constantFrom("a", "b", "c", "d", "é", "ab", "card_1", "card_2"),
  }),
);

describe("the embedded sorted set", () => {
  it("keeps order, ranks and score ranges equal to a full sort after any changes", () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.constantFrom(-1, 0, 0.5, 1, 2),
        fc.boolean(),
        fc.constantFrom(2, 3, 8, 512),
        fc.nat(10),
        (ops, bound, exclusive, chunkMax, start) => {
          // Small chunks split, merge and empty as the set changes; the default never splits here.
          const set = new SortedSet(chunkMax);
          const model = new Map<string, number>();
          for (const change of ops) {
            if (change.kind === "set") {
              set.set(change.member, change.score);
              model.set(change.member, change.score);
            } else {
              expect(set.delete(change.member)).toBe(model.delete(change.member));
            }
          }
          const expected = [...model]
            .map(([member, score]) => ({ member, score }))
            .sort((a, b) =>
              a.score === b.score ? compareBytes(a.member, b.member) : a.score - b.score,
            );
          expect(set.sorted()).toEqual(expected);
          for (const [index, entry] of expected.entries())
            expect(set.rank(entry.member)).toBe(index);
          const min = { value: bound, exclusive };
          const max = { value: 1e12, exclusive: !exclusive };
          const [from, to] = set.scoreRange(min, max);
          expect(set.slice(from, to)).toEqual(
            expected.filter((e) => aboveMin(e.score, min) && belowMax(e.score, max)),
          );
          // Any slice by rank reads as the same slice of the full sort.
          expect(set.slice(start, start + 3)).toEqual(expected.slice(start, start + 3));
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });
  it("splits and merges its chunks as a larger set grows and shrinks, in the same order", () => {
    const set = new SortedSet(8);
    const model = new Map<string, number>();
    let state = 7;
    const next = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    for (let step = 0; step < 3000; step++) {
      const member = `m${Math.floor(next() * 200)}`;
      // Grows for a while, then mostly shrinks: chunks split, then empty and merge.
      if (next() < (step < 1500 ? 0.8 : 0.15)) {
        const score = Math.floor(next() * 20);
        set.set(member, score);
        model.set(member, score);
      } else expect(set.delete(member)).toBe(model.delete(member));
      if (step % 250 === 249) {
        const expected = [...model]
          .map(([m, score]) => ({ member: m, score }))
          .sort((a, b) =>
            a.score === b.score ? compareBytes(a.member, b.member) : a.score - b.score,
          );
        expect(set.sorted()).toEqual(expected);
        expect(set.slice(3, 40)).toEqual(expected.slice(3, 40));
        for (const [index, entry] of expected.entries()) expect(set.rank(entry.member)).toBe(index);
      }
    }
  });
});
