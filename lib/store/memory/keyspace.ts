// The embedded store's data: typed values by key and absolute expiry deadlines. While a journal
// is open every change is recorded with its undo (see journal.ts).
import type { HashValue, SetValue } from "./collections.ts";
import { CommandError, WRONGTYPE } from "./errors.ts";
import { type Change, Journal, Recorder } from "./journal.ts";
import type { ListValue } from "./list-value.ts";
import type { SortedSet } from "./sorted-set.ts";

type ValueTypes = {
  string: string;
  hash: HashValue;
  set: SetValue;
  zset: SortedSet;
  list: ListValue;
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
 * whose deadline is before that time is gone (lazy expiry, which is not journaled: it happens
 * again on its own).
 */
export class Keyspace {
  readonly #values = new Map<string, StoredValue>();
  readonly #expires = new Map<string, number>();
  readonly #ids = new Map<string, number>();
  readonly #recorder = new Recorder();
  #nextId = 1;
  /** Command time in epoch milliseconds. */
  time = 0;

  /** Starts recording changes (with their undo) into a new journal. */
  beginJournal(): Journal {
    this.#recorder.journal = new Journal();
    return this.#recorder.journal;
  }

  /** Stops recording; undoing the journal afterwards records nothing. */
  endJournal(): void {
    this.#recorder.journal = undefined;
  }

  #record(changes: Change | Change[], undo: () => void): void {
    this.#recorder.journal?.record(changes, undo);
  }

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

  /** Sets a key's value and deadline as given, attaching collections to this keyspace. */
  #insert(key: string, stored: StoredValue, expiresAt: number | undefined): void {
    if (!this.#values.has(key)) this.#ids.set(key, this.#nextId++);
    this.#values.set(key, stored);
    if (expiresAt === undefined) this.#expires.delete(key);
    else this.#expires.set(key, expiresAt);
    if (stored.type !== "string") stored.value.attach(key, this.#recorder);
  }

  /** The live value at `key`, or undefined. */
  get(key: string): StoredValue | undefined {
    this.#recorder.journal?.reads.add(key);
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

  /**
   * Stores a value; its deadline is cleared unless `keepTtl`. Unless it replaces a string, the
   * key's stored rows are dropped first: an old collection's, or those of a key that expired.
   */
  put(key: string, stored: StoredValue, keepTtl = false): void {
    const prior = this.get(key);
    const priorDeadline = this.#expires.get(key);
    const expiresAt = keepTtl ? priorDeadline : undefined;
    this.#insert(key, stored, expiresAt);
    const row: Change = {
      op: "key",
      key,
      type: stored.type,
      value: stored.type === "string" ? stored.value : null,
      expiresAt: expiresAt ?? null,
    };
    this.#record(prior?.type === "string" ? row : [{ op: "drop", key }, row], () => {
      if (prior === undefined) this.#drop(key);
      else this.#insert(key, prior, priorDeadline);
    });
  }

  /** Deletes a live key; true when it existed. */
  delete(key: string): boolean {
    const prior = this.get(key);
    if (prior === undefined) return false;
    const priorDeadline = this.#expires.get(key);
    this.#drop(key);
    this.#record({ op: "drop", key }, () => this.#insert(key, prior, priorDeadline));
    return true;
  }

  /** Deletes the key when its collection became empty (Redis never keeps empty collections). */
  dropIfEmpty(key: string, size: number): void {
    if (size === 0) this.delete(key);
  }

  /** Absolute deadline of a live key, or undefined when it has none (or does not exist). */
  deadline(key: string): number | undefined {
    this.#recorder.journal?.reads.add(key);
    this.#expireIfNeeded(key);
    return this.#expires.get(key);
  }

  #setDeadline(key: string, deadline: number | undefined): void {
    const prior = this.#expires.get(key);
    const stored = this.#values.get(key);
    if (deadline === undefined) this.#expires.delete(key);
    else this.#expires.set(key, deadline);
    this.#record({ op: "expire", key, expiresAt: deadline ?? null }, () => {
      // The new deadline may have passed before the undo (expiry is lazy and not journaled):
      // the key comes back with its prior deadline, as sqlite still has it.
      if (stored !== undefined && !this.#values.has(key)) this.#insert(key, stored, prior);
      else if (prior === undefined) this.#expires.delete(key);
      else this.#expires.set(key, prior);
    });
  }

  /** Sets the deadline of an existing key; a deadline already past deletes the key. */
  expireAt(key: string, deadline: number): void {
    if (deadline <= this.time) {
      this.delete(key);
      return;
    }
    this.#setDeadline(key, deadline);
  }

  /** Removes the deadline of a live key; true when it had one. */
  persist(key: string): boolean {
    if (this.deadline(key) === undefined) return false;
    this.#setDeadline(key, undefined);
    return true;
  }

  /** Deletes every key whose deadline has passed (a look at every key). */
  purgeExpired(): void {
    const journal = this.#recorder.journal;
    if (journal) journal.readAll = true;
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
    if (this.#values.size === 0) return;
    const prior = [...this.records()];
    this.#values.clear();
    this.#expires.clear();
    this.#ids.clear();
    this.#record({ op: "flush" }, () => {
      for (const record of prior) this.#insert(record.key, record.stored, record.expiresAt);
    });
  }

  /** Every live key with its value and deadline. */
  *records(): IterableIterator<KeyRecord> {
    this.purgeExpired();
    for (const [key, stored] of this.#values) {
      yield { key, stored, expiresAt: this.#expires.get(key) };
    }
  }

  /** Loads a record as is (from disk); does not count as a change and is never journaled. */
  restore(record: KeyRecord): void {
    this.#insert(record.key, record.stored, record.expiresAt);
  }
}
