// The sorted-set value of the embedded store: member → score, ordered by (score, member bytes).
import { compareBytes } from "./args.ts";

/** A member with its score, in sorted order when it comes from {@link SortedSet.sorted}. */
export type ScoredMember = { member: string; score: number };

/** Members with scores; the ordered view is rebuilt lazily after a change. */
export class SortedSet {
  readonly #scores = new Map<string, number>();
  #sorted: ScoredMember[] | undefined;

  get size(): number {
    return this.#scores.size;
  }

  score(member: string): number | undefined {
    return this.#scores.get(member);
  }

  set(member: string, score: number): void {
    this.#scores.set(member, score);
    this.#sorted = undefined;
  }

  delete(member: string): boolean {
    const removed = this.#scores.delete(member);
    if (removed) this.#sorted = undefined;
    return removed;
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
