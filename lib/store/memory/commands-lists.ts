// List commands of the embedded interpreter: LPUSH, RPUSH, LPOP, RPOP, LRANGE, LLEN, LTRIM, LINDEX,
// LREM.
import { at, indexRange, parseInteger } from "./args.ts";
import { CommandError, MUST_BE_POSITIVE, wrongArity } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import { ListValue } from "./list-value.ts";
import type { CommandGroup, Reply } from "./types.ts";

function push(ks: Keyspace, args: string[], left: boolean): Reply {
  const key = at(args, 0);
  let list = ks.getOf(key, "list");
  if (list === undefined) {
    list = new ListValue();
    ks.put(key, { type: "list", value: list });
  }
  if (left) list.pushLeft(args.slice(1));
  else list.pushRight(args.slice(1));
  return list.length;
}

function pop(ks: Keyspace, args: string[], left: boolean): Reply {
  if (args.length > 2) throw new CommandError(wrongArity(left ? "lpop" : "rpop"));
  const key = at(args, 0);
  const countText = args[1];
  const count = countText === undefined ? undefined : parseInteger(countText, MUST_BE_POSITIVE);
  if (count !== undefined && count < 0) throw new CommandError(MUST_BE_POSITIVE);
  const list = ks.getOf(key, "list");
  if (list === undefined) return null;
  if (count === 0) return [];
  const taken = left ? list.popLeft(count ?? 1) : list.popRight(count ?? 1);
  ks.dropIfEmpty(key, list.length);
  return count === undefined ? (taken[0] ?? null) : taken;
}

/** LREM: removes `count` matches from the head (count > 0), the tail (< 0) or all (0). */
function remove(ks: Keyspace, args: string[]): Reply {
  const key = at(args, 0);
  const count = parseInteger(at(args, 1));
  const value = at(args, 2);
  const list = ks.getOf(key, "list");
  if (list === undefined) return 0;
  const matches: number[] = [];
  list.values().forEach((item, index) => {
    if (item === value) matches.push(index);
  });
  const limit = Math.abs(count);
  const chosen =
    count === 0 ? matches : count > 0 ? matches.slice(0, limit) : matches.slice(-limit);
  list.remove(chosen);
  ks.dropIfEmpty(key, list.length);
  return chosen.length;
}

export const listCommands: CommandGroup = {
  lrem: { arity: 4, run: remove },
  lpush: { arity: -3, run: (ks, args) => push(ks, args, true) },
  rpush: { arity: -3, run: (ks, args) => push(ks, args, false) },
  lpop: { arity: -2, run: (ks, args) => pop(ks, args, true) },
  rpop: { arity: -2, run: (ks, args) => pop(ks, args, false) },
  llen: { arity: 2, run: (ks, args) => ks.getOf(at(args, 0), "list")?.length ?? 0 },
  lrange: {
    arity: 4,
    run: (ks, args) => {
      const start = parseInteger(at(args, 1));
      const stop = parseInteger(at(args, 2));
      const list = ks.getOf(at(args, 0), "list");
      if (list === undefined) return [];
      const range = indexRange(start, stop, list.length);
      return range === null ? [] : list.range(range[0], range[1]);
    },
  },
  lindex: {
    arity: 3,
    run: (ks, args) => {
      const list = ks.getOf(at(args, 0), "list");
      if (list === undefined) return null;
      return list.at(parseInteger(at(args, 1))) ?? null;
    },
  },
  ltrim: {
    arity: 4,
    run: (ks, args) => {
      const key = at(args, 0);
      const start = parseInteger(at(args, 1));
      const stop = parseInteger(at(args, 2));
      const list = ks.getOf(key, "list");
      if (list === undefined) return "OK";
      list.trim(indexRange(start, stop, list.length));
      ks.dropIfEmpty(key, list.length);
      return "OK";
    },
  },
};
