// The sorted-set value of the embedded store: member → score, ordered by (score, member bytes);
// once attached to a key it records each member it changes (redo for sqlite, undo for memory).
import { compareBytes } from "./args.ts";
import type { Attachable, Recorder } from "./journal.ts";

/** A member with its score, in sorted order when it comes from {@link SortedSet.sorted}. */
export type ScoredMember = { member: string; score: number };

/** Members with scores; the ordered view is rebuilt lazily after a change. */
export class SortedSet implements Attachable {
  readonly #scores = new Map<string, number>();
  #sorted: ScoredMember[] | undefined;
  #key = "";
  #recorder: Recorder | undefined;

  attach(key: string, recorder: Recorder): void {
    this.#key = key;
    this.#recorder = recorder;
  }

  get size(): number {
    return this.#scores.size;
  }

  score(member: string): number | undefined {
    return this.#scores.get(member);
  }

  #put(member: string, score: number | undefined): void {
    if (score === undefined) this.#scores.delete(member);
    else this.#scores.set(member, score);
    this.#sorted = undefined;
  }

  set(member: string, score: number): void {
    const prior = this.#scores.get(member);
    this.#put(member, score);
    this.#recorder?.journal?.record({ op: "zadd", key: this.#key, member, score }, () =>
      this.#put(member, prior),
    );
  }

  delete(member: string): boolean {
    const prior = this.#scores.get(member);
    if (prior === undefined) return false;
    this.#put(member, undefined);
    this.#recorder?.journal?.record({ op: "zrem", key: this.#key, member }, () =>
      this.#put(member, prior),
    );
    return true;
  }

  /** All members, lowest score first; ties ordered by member bytes. */
  sorted(): readonly ScoredMember[] {
    this.#sorted ??= [...this.#scores]
      .map(([member, score]) => ({ member, score }))
      .sort((a, b) => (a.score === b.score ? compareBytes(a.member, b.member) : a.score - b.score));
    return this.#sorted;
  }

  /** Zero-based position of the member in {@link sorted}, or undefined when absent. */
  rank(member: string): number | undefined {
    if (!this.#scores.has(member)) return undefined;
    return this.sorted().findIndex((entry) => entry.member === member);
  }
}
