// The write journal of one request: every change to the embedded keyspace as a row-level change
// for sqlite (redo) plus the closure that reverses it in memory (undo).
import type { ValueType } from "./keyspace.ts";

/** One row-level change, in the order it happened in memory. */
export type Change =
  | { op: "drop"; key: string }
  | { op: "key"; key: string; type: ValueType; value: string | null; expiresAt: number | null }
  | { op: "expire"; key: string; expiresAt: number | null }
  | { op: "flush" }
  | { op: "hset"; key: string; field: string; value: string }
  | { op: "hdel"; key: string; field: string }
  | { op: "sadd" | "srem"; key: string; member: string }
  | { op: "zadd"; key: string; member: string; score: number }
  | { op: "zrem"; key: string; member: string }
  | { op: "lset"; key: string; pos: number; value: string }
  | { op: "ldel"; key: string; pos: number }
  | { op: "meta"; name: string; value: string };

/**
 * The changes of one request and how to take them back, and the keys it read (so a request that
 * only read can tell whether it saw a change not yet committed).
 */
export class Journal {
  readonly changes: Change[] = [];
  readonly reads = new Set<string>();
  /** True once the request read the whole keyspace (KEYS, SCAN, DBSIZE). */
  readAll = false;
  readonly #undo: (() => void)[] = [];

  /** Notes changes that were just applied in memory, and the closure that reverses them. */
  record(changes: Change | readonly Change[], undo: () => void): void {
    if (Array.isArray(changes)) this.changes.push(...changes);
    else this.changes.push(changes as Change);
    this.#undo.push(undo);
  }

  /** Reverses every recorded change in memory, newest first. */
  undo(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]?.();
    this.#undo.length = 0;
    this.changes.length = 0;
  }
}

/**
 * Where the keyspace and its collections report changes: the journal of the request running
 * now, or none (loading, or a store kept in memory only), in which case nothing is recorded.
 */
export class Recorder {
  journal: Journal | undefined;
}

/** A collection value that reports its changes under its key once the keyspace holds it. */
export type Attachable = { attach(key: string, recorder: Recorder): void };
