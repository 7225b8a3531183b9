// scanIndex: filtered pages of an index by cursor — every position counts (an unreadable entry
// too), so consecutive pages neither skip nor repeat an entry; a rare filter stops at maxScanned
// with a cursor to go on from; the end of the index ends the pages.
import { describe, expect, it } from "vitest";
import { scanIndex } from "../../lib/store/index-scan.ts";

/** An index of 0…n-1 where every 7th entry cannot be read. */
const index = (n: number) => Array.from({ length: n }, (_, i) => (i % 7 === 3 ? null : i));

function reader(entries: (number | null)[]) {
  return async (at: number, count: number) => ({
    items: entries.slice(at, at + count),
    total: entries.length,
  });
}

async function allPages(entries: (number | null)[], keep: (n: number) => number | null, limit = 5) {
  const seen: number[] = [];
  let cursor: number | null = 0;
  let pages = 0;
  while (cursor !== null) {
    const page: Awaited<ReturnType<typeof scanIndex<number, number>>> = await scanIndex({
      cursor,
      limit,
      chunk: limit,
      maxScanned: 1_000,
      read: reader(entries),
      keep,
    });
    seen.push(...page.rows);
    cursor = page.nextCursor;
    pages += 1;
  }
  return { seen, pages };
}

describe("scanIndex", () => {
  it("pages through an index with unreadable entries, missing and repeating nothing", async () => {
    const entries = index(103);
    const { seen } = await allPages(entries, (n) => n);
    expect(seen).toEqual(entries.filter((e) => e !== null));
  });

  it("keeps only what the filter keeps, across pages", async () => {
    const entries = index(100);
    const { seen } = await allPages(entries, (n) => (n % 3 === 0 ? n : null), 4);
    expect(seen).toEqual(entries.filter((e): e is number => e !== null && e % 3 === 0));
  });

  it("stops a rare filter at maxScanned with a cursor to go on from", async () => {
    const entries = index(500);
    const page = await scanIndex({
      cursor: 0,
      limit: 5,
      chunk: 10,
      maxScanned: 50,
      read: reader(entries),
      keep: (n: number) => (n === 480 ? n : null),
    });
    expect(page.rows).toEqual([]);
    expect(page.nextCursor).toBe(50);
    expect(page.total).toBe(500);
    const next = await scanIndex({
      cursor: 470,
      limit: 5,
      chunk: 10,
      maxScanned: 50,
      read: reader(entries),
      keep: (n: number) => (n === 480 ? n : null),
    });
    expect(next).toEqual({ rows: [480], total: 500, nextCursor: null });
  });
});
