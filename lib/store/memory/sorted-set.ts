// The sorted-set value of the embedded store: member → score, kept ordered by (score, member
// bytes); once attached to a key it records each member it changes (redo for sqlite, undo for
// memory).
import { aboveMin, belowMax, compareBytes, type ScoreBound } from "./args.ts";
import type { Attachable, Recorder } from "./journal.ts";

/** A member with its score, in sorted order when it comes from {@link SortedSet.sorted}. */
export type ScoredMember = { member: string; score: number };

/** Orders entries by score, then member bytes (Redis' order). */
function compareEntries(a: ScoredMember, b: ScoredMember): number {
  return a.score === b.score ? compareBytes(a.member, b.member) : a.score - b.score;
}

/** The first index in `list` for which `before(entry)` is false (`before` is monotonic). */
function firstNotBefore(list: readonly ScoredMember[], before: (entry: ScoredMember) => boolean) {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(list[middle] as ScoredMember)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Members with scores, kept in order as they change (binary search and splice), so ranks and
 * score ranges of a large set cost a search, not a sort, however often it changes.
 */
export class SortedSet implements Attachable {
  readonly #scores = new Map<string, number>();
  readonly #sorted: ScoredMember[] = [];
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

  #indexOf(entry: ScoredMember): number {
    return firstNotBefore(this.#sorted, (other) => compareEntries(other, entry) < 0);
  }

  #put(member: string, score: number | undefined): void {
    const prior = this.#scores.get(member);
    if (prior !== undefined) this.#sorted.splice(this.#indexOf({ member, score: prior }), 1);
    if (score === undefined) {
      this.#scores.delete(member);
      return;
    }
    this.#scores.set(member, score);
    const entry = { member, score };
    this.#sorted.splice(this.#indexOf(entry), 0, entry);
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
    return this.#sorted;
  }

  /** Zero-based position of the member in {@link sorted}, or undefined when absent. */
  rank(member: string): number | undefined {
    const score = this.#scores.get(member);
    return score === undefined ? undefined : this.#indexOf({ member, score });
  }

  /** The index range [from, to) of the members whose score is within the bounds. */
  scoreRange(min: ScoreBound, max: ScoreBound): [from: number, to: number] {
    const from = firstNotBefore(this.#sorted, (entry) => !aboveMin(entry.score, min));
    const to = firstNotBefore(this.#sorted, (entry) => belowMax(entry.score, max));
    return [from, Math.max(from, to)];
  }
}
