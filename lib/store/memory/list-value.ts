// The list value of the embedded store: elements with stable positions (head, head + 1, …), so a
// push or pop persists as rows at the ends and never rewrites the list.
import type { Attachable, Change, Recorder } from "./journal.ts";

/** A Redis list; element `i` is stored at position `head + i`. */
export class ListValue implements Attachable {
  #items: string[];
  #head: number;
  #key = "";
  #recorder: Recorder | undefined;

  /** A detached list whose first element sits at position `head` (for loading). */
  constructor(items: string[] = [], head = 0) {
    this.#items = items;
    this.#head = head;
  }

  attach(key: string, recorder: Recorder): void {
    this.#key = key;
    this.#recorder = recorder;
  }

  get length(): number {
    return this.#items.length;
  }

  /** Position of the first element, as stored. */
  get head(): number {
    return this.#head;
  }

  /** The element at `index` (negative counts from the end), or undefined. */
  at(index: number): string | undefined {
    return this.#items.at(index);
  }

  /** Elements `from` to `to`, both inclusive. */
  range(from: number, to: number): string[] {
    return this.#items.slice(from, to + 1);
  }

  /** All elements in order. */
  values(): readonly string[] {
    return this.#items;
  }

  #sets(first: number, values: readonly string[]): Change[] {
    return values.map((value, i) => ({ op: "lset", key: this.#key, pos: first + i, value }));
  }

  #dels(first: number, count: number): Change[] {
    return Array.from({ length: count }, (_, i) => ({
      op: "ldel",
      key: this.#key,
      pos: first + i,
    }));
  }

  /** LPUSH: each value in turn becomes the new first element. */
  pushLeft(values: readonly string[]): void {
    const added = [...values].reverse();
    this.#items.unshift(...added);
    this.#head -= added.length;
    this.#recorder?.journal?.record(this.#sets(this.#head, added), () => {
      this.#items.splice(0, added.length);
      this.#head += added.length;
    });
  }

  /** RPUSH: appends the values in order. */
  pushRight(values: readonly string[]): void {
    const before = this.#items.length;
    this.#items.push(...values);
    this.#recorder?.journal?.record(this.#sets(this.#head + before, values), () => {
      this.#items.length = before;
    });
  }

  /** Removes up to `count` elements from the front and returns them, first one first. */
  popLeft(count: number): string[] {
    const taken = this.#items.splice(0, count);
    if (taken.length === 0) return taken;
    const first = this.#head;
    this.#head += taken.length;
    this.#recorder?.journal?.record(this.#dels(first, taken.length), () => {
      this.#items.unshift(...taken);
      this.#head = first;
    });
    return taken;
  }

  /** Removes up to `count` elements from the back and returns them, last one first. */
  popRight(count: number): string[] {
    const start = Math.max(this.#items.length - count, 0);
    const taken = this.#items.splice(start);
    if (taken.length === 0) return taken;
    this.#recorder?.journal?.record(this.#dels(this.#head + start, taken.length), () => {
      this.#items.push(...taken);
    });
    return taken.reverse();
  }

  /**
   * Removes the elements at `indices` (ascending, distinct). Removing from either end costs only
   * the removed rows; removing from the middle rewrites the elements after the first one removed.
   */
  remove(indices: readonly number[]): void {
    const first = indices[0];
    if (first === undefined) return;
    if (indices.every((index, i) => index === i)) {
      this.popLeft(indices.length);
      return;
    }
    const tailStart = this.#items.length - indices.length;
    if (indices.every((index, i) => index === tailStart + i)) {
      this.popRight(indices.length);
      return;
    }
    const drop = new Set(indices);
    const oldTail = this.#items.slice(first);
    const newTail = oldTail.filter((_, i) => !drop.has(first + i));
    this.#items.splice(first, oldTail.length, ...newTail);
    const changes = [
      ...this.#dels(this.#head + first, oldTail.length),
      ...this.#sets(this.#head + first, newTail),
    ];
    this.#recorder?.journal?.record(changes, () => {
      this.#items.splice(first, newTail.length, ...oldTail);
    });
  }

  /** LTRIM: keeps elements `from` to `to` (inclusive), or none when `range` is null. */
  trim(range: [from: number, to: number] | null): void {
    const [from, to] = range ?? [this.#items.length, this.#items.length - 1];
    const after = this.#items.length - 1 - to;
    this.popRight(Math.max(after, 0));
    this.popLeft(Math.min(from, this.#items.length));
  }
}
