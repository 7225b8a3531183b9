// The embedded store's data: typed values by key, absolute expiry deadlines, and a change counter.
import { CommandError, WRONGTYPE } from "./errors.ts";
import type { SortedSet } from "./sorted-set.ts";

type ValueTypes = {
  string: string;
  hash: Map<string, string>;
  set: Set<string>;
  zset: SortedSet;
  list: string[];
};

/** The Redis type names, as TYPE replies them. */
export type ValueType = keyof ValueTypes;

/** The value of one Redis type. */
export type ValueOf<T extends ValueType> = ValueTypes[T];

/** A stored value, tagged with its Redis type. */
export type StoredValue = { [T in ValueType]: { type: T; value: ValueTypes[T] } }[ValueType];

/** One key as persisted: value plus its absolute deadline in epoch milliseconds, if any. */
export type KeyRecord = { key: string; stored: StoredValue; expiresAt: number | undefined };

/**
 * All keys of the embedded store. Time is set per command by the interpreter (`time`); a key
 * whose deadline is before that time is gone (lazy expiry). `dirty` grows on every change,
 * which is how the interpreter knows a command wrote something.
 */
export class Keyspace {
  readonly #values = new Map<string, StoredValue>();
  readonly #expires = new Map<string, number>();
  readonly #ids = new Map<string, number>();
  #nextId = 1;
  /** Command time in epoch milliseconds. */
  time = 0;
  /** Count of changes since creation. */
  dirty = 0;

  #expireIfNeeded(key: string): void {
    const deadline = this.#expires.get(key);
    if (deadline !== undefined && deadline < this.time) this.#drop(key);
  }

  #drop(key: string): boolean {
    if (!this.#values.delete(key)) return false;
    this.#expires.delete(key);
    this.#ids.delete(key);
    return true;
  }

  /** The live value at `key`, or undefined. */
  get(key: string): StoredValue | undefined {
    this.#expireIfNeeded(key);
    return this.#values.get(key);
  }

  /** The live value at `key` if it has `type`; undefined when missing; WRONGTYPE otherwise. */
  getOf<T extends ValueType>(key: string, type: T): ValueOf<T> | undefined {
    const stored = this.get(key);
    if (stored === undefined) return undefined;
    if (stored.type !== type) throw new CommandError(WRONGTYPE);
    return stored.value as ValueOf<T>;
  }

  /** Stores a value; its deadline is cleared unless `keepTtl`. */
  put(key: string, stored: StoredValue, keepTtl = false): void {
    this.#expireIfNeeded(key);
    if (!this.#values.has(key)) this.#ids.set(key, this.#nextId++);
    this.#values.set(key, stored);
    if (!keepTtl) this.#expires.delete(key);
    this.dirty++;
  }

  /** Deletes a live key; true when it existed. */
  delete(key: string): boolean {
    this.#expireIfNeeded(key);
    const removed = this.#drop(key);
    if (removed) this.dirty++;
    return removed;
  }

  /** Deletes the key when its collection became empty (Redis never keeps empty collections). */
  dropIfEmpty(key: string, size: number): void {
    if (size === 0) this.delete(key);
  }

  /** Records an in-place change to a collection value. */
  touched(): void {
    this.dirty++;
  }

  /** Absolute deadline of a live key, or undefined when it has none (or does not exist). */
  deadline(key: string): number | undefined {
    this.#expireIfNeeded(key);
    return this.#expires.get(key);
  }

  /** Sets the deadline of an existing key; a deadline already past deletes the key. */
  expireAt(key: string, deadline: number): void {
    if (deadline <= this.time) {
      this.delete(key);
      return;
    }
    this.#expires.set(key, deadline);
    this.dirty++;
  }

  /** Removes the deadline of a live key; true when it had one. */
  persist(key: string): boolean {
    this.#expireIfNeeded(key);
    const removed = this.#expires.delete(key);
    if (removed) this.dirty++;
    return removed;
  }

  /** Deletes every key whose deadline has passed. */
  purgeExpired(): void {
    for (const [key, deadline] of this.#expires) {
      if (deadline < this.time) this.#drop(key);
    }
  }

  /** Live keys in insertion order. */
  keys(): string[] {
    this.purgeExpired();
    return [...this.#values.keys()];
  }

  /** Number of live keys. */
  size(): number {
    this.purgeExpired();
    return this.#values.size;
  }

  /**
   * One SCAN step: examines up to `count` keys created after `cursor` and returns the next
   * cursor ("0" when done). A key present for the whole scan is returned exactly once.
   */
  scan(cursor: number, count: number): [next: number, keys: string[]] {
    this.purgeExpired();
    const keys: string[] = [];
    let last = 0;
    for (const [key, id] of this.#ids) {
      if (id <= cursor) continue;
      if (keys.length === count) return [last, keys];
      keys.push(key);
      last = id;
    }
    return [0, keys];
  }

  /** Removes every key. */
  clear(): void {
    if (this.#values.size > 0) this.dirty++;
    this.#values.clear();
    this.#expires.clear();
    this.#ids.clear();
  }

  /** Every live key with its value and deadline, for snapshots. */
  *records(): IterableIterator<KeyRecord> {
    this.purgeExpired();
    for (const [key, stored] of this.#values) {
      yield { key, stored, expiresAt: this.#expires.get(key) };
    }
  }

  /** Loads a record as is (snapshot restore); does not count as a change. */
  restore(record: KeyRecord): void {
    if (!this.#values.has(record.key)) this.#ids.set(record.key, this.#nextId++);
    this.#values.set(record.key, record.stored);
    if (record.expiresAt === undefined) this.#expires.delete(record.key);
    else this.#expires.set(record.key, record.expiresAt);
  }
}
