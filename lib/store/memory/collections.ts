// Hash and set values of the embedded store: a Map and a Set that record each field or member
// they change (row-level redo for sqlite, undo for memory) once attached to a key.
import type { Attachable, Recorder } from "./journal.ts";

/** A Redis hash: field → value. */
export class HashValue extends Map<string, string> implements Attachable {
  #key = "";
  #recorder: Recorder | undefined;

  /** A detached hash holding `entries` (for loading). */
  static of(entries: Iterable<readonly [string, string]>): HashValue {
    const hash = new HashValue();
    for (const [field, value] of entries) hash.set(field, value);
    return hash;
  }

  attach(key: string, recorder: Recorder): void {
    this.#key = key;
    this.#recorder = recorder;
  }

  override set(field: string, value: string): this {
    const prior = super.get(field);
    super.set(field, value);
    this.#recorder?.journal?.record({ op: "hset", key: this.#key, field, value }, () =>
      prior === undefined ? super.delete(field) : super.set(field, prior),
    );
    return this;
  }

  override delete(field: string): boolean {
    const prior = super.get(field);
    if (prior === undefined) return false;
    super.delete(field);
    this.#recorder?.journal?.record({ op: "hdel", key: this.#key, field }, () =>
      super.set(field, prior),
    );
    return true;
  }

  override clear(): void {
    for (const field of [...this.keys()]) this.delete(field);
  }
}

/** A Redis set of members. */
export class SetValue extends Set<string> implements Attachable {
  #key = "";
  #recorder: Recorder | undefined;

  /** A detached set holding `members` (for loading). */
  static of(members: Iterable<string>): SetValue {
    const set = new SetValue();
    for (const member of members) set.add(member);
    return set;
  }

  attach(key: string, recorder: Recorder): void {
    this.#key = key;
    this.#recorder = recorder;
  }

  override add(member: string): this {
    if (super.has(member)) return this;
    super.add(member);
    this.#recorder?.journal?.record({ op: "sadd", key: this.#key, member }, () =>
      super.delete(member),
    );
    return this;
  }

  override delete(member: string): boolean {
    if (!super.delete(member)) return false;
    this.#recorder?.journal?.record({ op: "srem", key: this.#key, member }, () =>
      super.add(member),
    );
    return true;
  }

  override clear(): void {
    for (const member of [...this.values()]) this.delete(member);
  }
}
