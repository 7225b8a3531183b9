// Sorted-set commands of the embedded interpreter: ZADD, ZINCRBY, ZSCORE, ZRANGE family, ZRANK, ….
import {
  aboveMin,
  at,
  belowMax,
  formatDouble,
  isOption,
  parseDouble,
  parseScoreBound,
} from "./args.ts";
import { CommandError, SCORE_NAN, SYNTAX } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import { SortedSet } from "./sorted-set.ts";
import type { CommandGroup, Reply } from "./types.ts";
import { zrange } from "./zset-range.ts";

type ZaddFlags = { nx: boolean; xx: boolean; gt: boolean; lt: boolean; ch: boolean; incr: boolean };

function parseZaddFlags(args: string[]): [flags: ZaddFlags, firstPair: number] {
  const flags: ZaddFlags = { nx: false, xx: false, gt: false, lt: false, ch: false, incr: false };
  let i = 1;
  for (; i < args.length; i++) {
    const word = at(args, i).toLowerCase();
    if (!Object.hasOwn(flags, word)) break;
    flags[word as keyof ZaddFlags] = true;
  }
  const remaining = args.length - i;
  if (remaining === 0 || remaining % 2 !== 0) throw new CommandError(SYNTAX);
  if (flags.nx && flags.xx) {
    throw new CommandError("ERR XX and NX options at the same time are not compatible");
  }
  if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt)) {
    throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (flags.incr && remaining > 2) {
    throw new CommandError("ERR INCR option supports a single increment-element pair");
  }
  return [flags, i];
}

/** ZADD and ZINCRBY share this: parse everything, then apply each pair as Redis's zsetAdd does. */
function zadd(ks: Keyspace, key: string, pairs: [number, string][], flags: ZaddFlags): Reply {
  let zset = ks.getOf(key, "zset");
  if (zset === undefined) {
    if (flags.xx) return flags.incr ? null : 0;
    zset = new SortedSet();
    ks.put(key, { type: "zset", value: zset });
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  let last = 0;
  for (const [score, member] of pairs) {
    const current = zset.score(member);
    if (current === undefined) {
      if (flags.xx) continue;
      zset.set(member, score);
      added++;
      processed++;
      last = score;
      continue;
    }
    if (flags.nx) continue;
    const next = flags.incr ? current + score : score;
    if (Number.isNaN(next)) {
      ks.dropIfEmpty(key, zset.size);
      throw new CommandError(SCORE_NAN);
    }
    if ((flags.lt && next >= current) || (flags.gt && next <= current)) continue;
    processed++;
    last = next;
    if (next !== current) {
      zset.set(member, next);
      updated++;
    }
  }
  ks.dropIfEmpty(key, zset.size);
  if (flags.incr) return processed > 0 ? formatDouble(last) : null;
  return flags.ch ? added + updated : added;
}

function removeWhere(ks: Keyspace, key: string, remove: (member: string) => boolean): number {
  const zset = ks.getOf(key, "zset");
  if (zset === undefined) return 0;
  const doomed = zset
    .sorted()
    .map((entry) => entry.member)
    .filter(remove);
  for (const member of doomed) zset.delete(member);
  ks.dropIfEmpty(key, zset.size);
  return doomed.length;
}

function rank(ks: Keyspace, args: string[], reverse: boolean): Reply {
  if (args.length > 3 || (args.length === 3 && !isOption(at(args, 2), "WITHSCORE"))) {
    throw new CommandError(SYNTAX);
  }
  const zset = ks.getOf(at(args, 0), "zset");
  const position = zset?.rank(at(args, 1));
  if (zset === undefined || position === undefined) return null;
  const value = reverse ? zset.size - 1 - position : position;
  if (args.length === 2) return value;
  return [value, formatDouble(zset.score(at(args, 1)) ?? 0)];
}

function countInRange(ks: Keyspace, args: string[]): Reply {
  const min = parseScoreBound(at(args, 1));
  const max = parseScoreBound(at(args, 2));
  const zset = ks.getOf(at(args, 0), "zset");
  if (zset === undefined) return 0;
  const [from, to] = zset.scoreRange(min, max);
  return to - from;
}

export const sortedSetCommands: CommandGroup = {
  zadd: {
    arity: -4,
    run: (ks, args) => {
      const [flags, first] = parseZaddFlags(args);
      const pairs: [number, string][] = [];
      for (let i = first; i < args.length; i += 2) {
        pairs.push([parseDouble(at(args, i)), at(args, i + 1)]);
      }
      return zadd(ks, at(args, 0), pairs, flags);
    },
  },
  zincrby: {
    arity: 4,
    run: (ks, args) =>
      zadd(ks, at(args, 0), [[parseDouble(at(args, 1)), at(args, 2)]], {
        nx: false,
        xx: false,
        gt: false,
        lt: false,
        ch: false,
        incr: true,
      }),
  },
  zrem: {
    arity: -3,
    run: (ks, args) => {
      const key = at(args, 0);
      const zset = ks.getOf(key, "zset");
      if (zset === undefined) return 0;
      // Each member is removed where it is (a search), not by scanning the whole set.
      let removed = 0;
      for (const member of new Set(args.slice(1))) if (zset.delete(member)) removed += 1;
      ks.dropIfEmpty(key, zset.size);
      return removed;
    },
  },
  zscore: {
    arity: 3,
    run: (ks, args) => {
      const score = ks.getOf(at(args, 0), "zset")?.score(at(args, 1));
      return score === undefined ? null : formatDouble(score);
    },
  },
  zmscore: {
    arity: -3,
    run: (ks, args) => {
      const zset = ks.getOf(at(args, 0), "zset");
      return args.slice(1).map((member) => {
        const score = zset?.score(member);
        return score === undefined ? null : formatDouble(score);
      });
    },
  },
  zcard: { arity: 2, run: (ks, args) => ks.getOf(at(args, 0), "zset")?.size ?? 0 },
  zcount: { arity: 4, run: countInRange },
  zrange: { arity: -4, run: (ks, args) => zrange(ks, args, {}) },
  zrangebyscore: {
    arity: -4,
    run: (ks, args) => zrange(ks, args, { type: "score", reverse: false }),
  },
  zrevrangebyscore: {
    arity: -4,
    run: (ks, args) => zrange(ks, args, { type: "score", reverse: true }),
  },
  zrevrange: { arity: -4, run: (ks, args) => zrange(ks, args, { type: "rank", reverse: true }) },
  zrank: { arity: -3, run: (ks, args) => rank(ks, args, false) },
  zrevrank: { arity: -3, run: (ks, args) => rank(ks, args, true) },
  zremrangebyscore: {
    arity: 4,
    run: (ks, args) => {
      const min = parseScoreBound(at(args, 1));
      const max = parseScoreBound(at(args, 2));
      const zset = ks.getOf(at(args, 0), "zset");
      if (zset === undefined) return 0;
      return removeWhere(ks, at(args, 0), (member) => {
        const score = zset.score(member) ?? Number.NaN;
        return aboveMin(score, min) && belowMax(score, max);
      });
    },
  },
};
