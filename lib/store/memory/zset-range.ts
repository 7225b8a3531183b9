// Range selection over a sorted set (by rank, score or lex), shared by ZRANGE and its older forms.
import {
  at,
  compareBytes,
  formatDouble,
  indexRange,
  isOption,
  parseInteger,
  parseScoreBound,
} from "./args.ts";
import { CommandError, SYNTAX } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { ScoredMember, SortedSet } from "./sorted-set.ts";
import type { Reply } from "./types.ts";

type RangeType = "rank" | "score" | "lex";

/** Fixed parts of a range command: ZRANGE leaves both open, ZREVRANGEBYSCORE fixes both. */
export type RangeMode = { type?: RangeType; reverse?: boolean };

type LexBound = { value: string; exclusive: boolean } | "-" | "+";

function parseLexBound(text: string): LexBound {
  if (text === "-" || text === "+") return text;
  if (text.startsWith("[") || text.startsWith("(")) {
    return { value: text.slice(1), exclusive: text.startsWith("(") };
  }
  throw new CommandError("ERR min or max not valid string range item");
}

function lexAboveMin(member: string, min: LexBound): boolean {
  if (min === "-") return true;
  if (min === "+") return false;
  const order = compareBytes(member, min.value);
  return min.exclusive ? order > 0 : order >= 0;
}

function lexBelowMax(member: string, max: LexBound): boolean {
  if (max === "+") return true;
  if (max === "-") return false;
  const order = compareBytes(member, max.value);
  return max.exclusive ? order < 0 : order <= 0;
}

function applyLimit(
  entries: readonly ScoredMember[],
  offset: number,
  count: number,
): readonly ScoredMember[] {
  if (offset < 0) return [];
  return count < 0 ? entries.slice(offset) : entries.slice(offset, offset + count);
}

/**
 * Runs a ZRANGE-family command. `args` are `key start stop [options…]`; `mode` fixes the range
 * type and direction for ZRANGEBYSCORE, ZREVRANGE and ZREVRANGEBYSCORE.
 */
export function zrange(ks: Keyspace, args: string[], mode: RangeMode): Reply {
  let type = mode.type;
  let reverse = mode.reverse;
  let withScores = false;
  let limit: [offset: number, count: number] | undefined;
  for (let i = 3; i < args.length; i++) {
    const word = at(args, i);
    if (isOption(word, "WITHSCORES")) withScores = true;
    else if (isOption(word, "LIMIT") && i + 2 < args.length) {
      limit = [parseInteger(at(args, i + 1)), parseInteger(at(args, i + 2))];
      i += 2;
    } else if (reverse === undefined && isOption(word, "REV")) reverse = true;
    else if (type === undefined && isOption(word, "BYSCORE")) type = "score";
    else if (type === undefined && isOption(word, "BYLEX")) type = "lex";
    else throw new CommandError(SYNTAX);
  }
  const rangeType = type ?? "rank";
  const descending = reverse ?? false;
  if (limit !== undefined && limit[1] !== -1 && rangeType === "rank") {
    throw new CommandError(
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
    );
  }
  if (withScores && rangeType === "lex") {
    throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  const [first, second] = [at(args, 1), at(args, 2)];
  const [minText, maxText] = descending && rangeType !== "rank" ? [second, first] : [first, second];
  // The bounds are parsed before the key is read: a malformed one is an error even on no key.
  const pick = picker(rangeType, minText, maxText);
  const zset = ks.getOf(at(args, 0), "zset");
  if (zset === undefined) return [];
  let picked: readonly ScoredMember[] = pick(zset, descending);
  if (limit !== undefined && rangeType !== "rank") picked = applyLimit(picked, ...limit);
  return withScores
    ? picked.flatMap((entry) => [entry.member, formatDouble(entry.score)])
    : picked.map((entry) => entry.member);
}

/**
 * How a range's members are picked from the set, in the order asked: ranks and scores by
 * position and binary search (costing the range, not the set), lex bounds by a scan.
 */
function picker(
  type: RangeType,
  minText: string,
  maxText: string,
): (zset: SortedSet, descending: boolean) => ScoredMember[] {
  if (type === "rank") {
    const start = parseInteger(minText);
    const stop = parseInteger(maxText);
    return (zset, descending) => {
      const range = indexRange(start, stop, zset.size);
      if (range === null) return [];
      if (!descending) return zset.slice(range[0], range[1] + 1);
      return zset.slice(zset.size - 1 - range[1], zset.size - range[0]).reverse();
    };
  }
  if (type === "score") {
    const min = parseScoreBound(minText);
    const max = parseScoreBound(maxText);
    return (zset, descending) => {
      const slice = zset.slice(...zset.scoreRange(min, max));
      return descending ? slice.reverse() : slice;
    };
  }
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  return (zset, descending) => {
    const picked = zset
      .sorted()
      .filter((entry) => lexAboveMin(entry.member, min) && lexBelowMax(entry.member, max));
    return descending ? picked.reverse() : picked;
  };
}
