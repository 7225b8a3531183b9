// A filtered page of a sorted index: reads it a chunk at a time from a cursor (a position in the
// index), keeps the entries a filter turns into rows until a page is full or `maxScanned`
// entries were read (a rare filter cannot make one request read everything), and returns the
// cursor just past the last entry used. Every position counts — a missing or unreadable record
// too — so the next page starts exactly where this one stopped.

export type TIndexChunk<T> = { items: (T | null)[]; total: number };

export async function scanIndex<T, R>(options: {
  cursor: number;
  limit: number;
  chunk: number;
  maxScanned: number;
  read: (at: number, count: number) => Promise<TIndexChunk<T>>;
  /** The row for an entry, or null to leave it out. */
  keep: (item: T) => R | null;
}): Promise<{ rows: R[]; total: number; nextCursor: number | null }> {
  const rows: R[] = [];
  let at = options.cursor;
  let total = 0;
  while (rows.length < options.limit && at - options.cursor < options.maxScanned) {
    const { items, total: size } = await options.read(at, options.chunk);
    total = size;
    if (items.length === 0) return { rows, total, nextCursor: null };
    let used = 0;
    for (const item of items) {
      used += 1;
      const row = item === null ? null : options.keep(item);
      if (row !== null) rows.push(row);
      if (rows.length === options.limit) break;
    }
    at += used;
    if (at >= total || (items.length < options.chunk && used === items.length)) {
      return { rows, total, nextCursor: null };
    }
  }
  return { rows, total, nextCursor: at };
}
