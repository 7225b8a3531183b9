// Folds a group commit's changes before they reach sqlite: a row written several times in one
// group (a counter every approval bumps, the queue's version, a stats field) is written once,
// with its last value. Only the superseded writes go; what is left keeps its order, so the rows
// end as they would have. A key's drop (which deletes rows by the key's stored type) and a flush
// are barriers: a write before one is never folded into a write after it.
import type { Change } from "./journal.ts";

/** The one row a change writes, as [its key's namespace, the row within it]; null for many rows. */
function rowOf(change: Change): [string, string] | null {
  switch (change.op) {
    case "key":
      return [change.key, "k"];
    case "expire":
      return [change.key, "x"];
    case "hset":
    case "hdel":
      return [change.key, `h${change.field}`];
    case "sadd":
    case "srem":
      return [change.key, `s${change.member}`];
    case "zadd":
    case "zrem":
      return [change.key, `z${change.member}`];
    case "lset":
    case "ldel":
      return [change.key, `l${change.pos}`];
    case "meta":
      // Meta rows are a table of their own, which no drop or flush touches.
      return ["\0meta", change.name];
    case "drop":
    case "flush":
      return null;
  }
}

/** The changes with every write that a later write of the same row replaces left out. */
export function coalesce(changes: readonly Change[]): Change[] {
  // Per key, the index in `kept` of each row's latest write since the key's last barrier.
  const latest = new Map<string, Map<string, number>>();
  const kept: (Change | undefined)[] = [];
  let folded = 0;
  for (const change of changes) {
    if (change.op === "flush") {
      for (const [key, rows] of latest) if (key !== "\0meta") rows.clear();
    } else if (change.op === "drop") {
      latest.delete(change.key);
    } else {
      const [key, row] = rowOf(change) as [string, string];
      let rows = latest.get(key);
      if (rows === undefined) {
        rows = new Map();
        latest.set(key, rows);
      }
      const earlier = rows.get(row);
      if (earlier !== undefined) {
        kept[earlier] = undefined;
        folded += 1;
      }
      rows.set(row, kept.length);
    }
    kept.push(change);
  }
  if (folded === 0) return changes as Change[];
  return kept.filter((change): change is Change => change !== undefined);
}
