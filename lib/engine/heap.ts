// A binary min-heap of timed entries, ordered by due time and then by insertion order.

/** An entry the heap orders: `at` is the due time in ms, `seq` breaks ties first-in first-out. */
export type HeapEntry = { at: number; seq: number };

const before = (a: HeapEntry, b: HeapEntry): boolean =>
  a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Min-heap with O(log n) push and pop; `peek` returns the earliest entry. */
export class MinHeap<T extends HeapEntry> {
  #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentItem = items[parent] as T;
      if (!before(item, parentItem)) break;
      items[index] = parentItem;
      index = parent;
    }
    items[index] = item;
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const leftItem = items[left] as T;
      const rightItem = items[right];
      const child = rightItem !== undefined && before(rightItem, leftItem) ? right : left;
      const childItem = items[child] as T;
      if (!before(childItem, last)) break;
      items[index] = childItem;
      index = child;
    }
    items[index] = last;
    return top;
  }

  /** Keeps only the entries `keep` accepts, rebuilding the heap in O(n log n). */
  retain(keep: (item: T) => boolean): void {
    const kept = this.#items.filter(keep);
    this.#items = [];
    for (const item of kept) this.push(item);
  }
}
