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

/** Most entries one chunk holds: a change moves at most this many, not the whole set. */
const CHUNK_MAX = 512;

/**
 * Members with scores, kept in order as they change, in chunks of at most CHUNK_MAX entries
 * (binary search for the chunk, then within it): a change to a set of 10,000 members moves a few
 * hundred entries, not thousands, and ranks and score ranges cost a search, not a sort.
 */
export class SortedSet implements Attachable {
  readonly #scores = new Map<string, number>();
  /** The entries in order, split into consecutive non-empty chunks. */
  readonly #chunks: ScoredMember[][] = [];
  readonly #chunkMax: number;
  #key = "";
  #recorder: Recorder | undefined;

  /** `chunkMax` is for tests, which split small sets to exercise the chunks. */
  constructor(chunkMax = CHUNK_MAX) {
    this.#chunkMax = Math.max(2, chunkMax);
  }

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

  /**
   * Where the first entry for which `before(entry)` is false is (`before` is monotonic): its
   * chunk, its index there and in the whole order. Past the end when there is none.
   */
  #locate(before: (entry: ScoredMember) => boolean) {
    const chunks = this.#chunks;
    // The first chunk whose last entry is not before: every earlier chunk is wholly before.
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = chunks[middle] as ScoredMember[];
      if (before(chunk[chunk.length - 1] as ScoredMember)) low = middle + 1;
      else high = middle;
    }
    let offset = 0;
    for (let i = 0; i < low; i++) offset += (chunks[i] as ScoredMember[]).length;
    const chunk = chunks[low];
    const index = chunk === undefined ? 0 : firstNotBefore(chunk, before);
    return { chunk: low, index, rank: offset + index };
  }

  #before(entry: ScoredMember): (other: ScoredMember) => boolean {
    return (other) => compareEntries(other, entry) < 0;
  }

  #insert(entry: ScoredMember): void {
    const chunks = this.#chunks;
    const at = this.#locate(this.#before(entry));
    // Past every chunk: it goes at the end of the last one (or starts the first).
    const chunkIndex = Math.min(at.chunk, Math.max(0, chunks.length - 1));
    let chunk = chunks[chunkIndex];
    if (chunk === undefined) {
      chunk = [];
      chunks.push(chunk);
    }
    chunk.splice(at.chunk === chunkIndex ? at.index : chunk.length, 0, entry);
    if (chunk.length > this.#chunkMax) {
      chunks.splice(chunkIndex + 1, 0, chunk.splice(chunk.length >>> 1));
    }
  }

  #remove(entry: ScoredMember): void {
    const at = this.#locate(this.#before(entry));
    const chunk = this.#chunks[at.chunk] as ScoredMember[];
    chunk.splice(at.index, 1);
    if (chunk.length === 0) {
      this.#chunks.splice(at.chunk, 1);
      return;
    }
    // A chunk left small takes in the next one when both fit, so a set that shrinks does not
    // keep many small chunks (every rank walks the chunks before it).
    const next = this.#chunks[at.chunk + 1];
    if (chunk.length < this.#chunkMax / 4 && next && chunk.length + next.length <= this.#chunkMax) {
      chunk.push(...next);
      this.#chunks.splice(at.chunk + 1, 1);
    }
  }

  #put(member: string, score: number | undefined): void {
    const prior = this.#scores.get(member);
    if (prior !== undefined) this.#remove({ member, score: prior });
    if (score === undefined) {
      this.#scores.delete(member);
      return;
    }
    this.#scores.set(member, score);
    this.#insert({ member, score });
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

  /** All members, lowest score first; ties ordered by member bytes (a copy: costs the set's size). */
  sorted(): ScoredMember[] {
    return this.#chunks.flat();
  }

  /** The members at ranks [from, to), in order: costs the slice, not the set. */
  slice(from: number, to: number): ScoredMember[] {
    const picked: ScoredMember[] = [];
    let offset = 0;
    for (const chunk of this.#chunks) {
      if (offset >= to) break;
      const end = offset + chunk.length;
      if (end > from) picked.push(...chunk.slice(Math.max(0, from - offset), to - offset));
      offset = end;
    }
    return picked;
  }

  /** Zero-based position of the member in {@link sorted}, or undefined when absent. */
  rank(member: string): number | undefined {
    const score = this.#scores.get(member);
    return score === undefined ? undefined : this.#locate(this.#before({ member, score })).rank;
  }

  /** The index range [from, to) of the members whose score is within the bounds. */
  scoreRange(min: ScoreBound, max: ScoreBound): [from: number, to: number] {
    const from = this.#locate((entry) => !aboveMin(entry.score, min)).rank;
    const to = this.#locate((entry) => belowMax(entry.score, max)).rank;
    return [from, Math.max(from, to)];
  }
}
