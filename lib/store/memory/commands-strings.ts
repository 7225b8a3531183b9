// String commands of the embedded interpreter: GET, SET, MGET, MSET, MSETNX, SETNX, GETDEL, INCR family.
import { addInt64, at, fitsInt64, parseInt64 } from "./args.ts";
import {
  CommandError,
  invalidExpire,
  NOT_INTEGER,
  OVERFLOW,
  SYNTAX,
  wrongArity,
} from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandGroup, Reply } from "./types.ts";

type SetOptions = {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  expire?: { unit: "EX" | "PX" | "EXAT" | "PXAT"; amount: string };
};

function parseSetOptions(args: string[]): SetOptions {
  const options: SetOptions = { nx: false, xx: false, get: false, keepTtl: false };
  for (let i = 2; i < args.length; i++) {
    const word = at(args, i).toUpperCase();
    if (word === "NX" && !options.xx) options.nx = true;
    else if (word === "XX" && !options.nx) options.xx = true;
    else if (word === "GET") options.get = true;
    else if (word === "KEEPTTL" && options.expire === undefined) options.keepTtl = true;
    else if (
      (word === "EX" || word === "PX" || word === "EXAT" || word === "PXAT") &&
      (options.expire === undefined || options.expire.unit === word) &&
      !options.keepTtl &&
      i + 1 < args.length
    ) {
      options.expire = { unit: word, amount: at(args, ++i) };
    } else throw new CommandError(SYNTAX);
  }
  return options;
}

function deadlineFor(expire: SetOptions["expire"], now: number): number | undefined {
  if (expire === undefined) return undefined;
  const amount = parseInt64(expire.amount);
  if (amount <= 0n) throw new CommandError(invalidExpire("set"));
  const ms = expire.unit === "EX" || expire.unit === "EXAT" ? amount * 1000n : amount;
  const deadline = expire.unit === "EX" || expire.unit === "PX" ? ms + BigInt(now) : ms;
  if (!fitsInt64(deadline)) throw new CommandError(invalidExpire("set"));
  return Number(deadline);
}

function stringOrNull(ks: Keyspace, key: string): string | null {
  return ks.getOf(key, "string") ?? null;
}

function set(ks: Keyspace, args: string[]): Reply {
  const key = at(args, 0);
  const options = parseSetOptions(args);
  const deadline = deadlineFor(options.expire, ks.time);
  const previous = options.get ? stringOrNull(ks, key) : null;
  const exists = ks.get(key) !== undefined;
  if ((options.nx && exists) || (options.xx && !exists)) return options.get ? previous : null;
  ks.put(key, { type: "string", value: at(args, 1) }, options.keepTtl);
  if (deadline !== undefined) ks.expireAt(key, deadline);
  return options.get ? previous : "OK";
}

function incrementBy(ks: Keyspace, key: string, delta: bigint): Reply {
  const next = addInt64(ks.getOf(key, "string"), delta, NOT_INTEGER, OVERFLOW);
  ks.put(key, { type: "string", value: next.text }, true);
  return next.value;
}

export const stringCommands: CommandGroup = {
  get: { arity: 2, run: (ks, args) => stringOrNull(ks, at(args, 0)) },
  set: { arity: -3, run: set },
  setnx: {
    arity: 3,
    run: (ks, args) => {
      if (ks.get(at(args, 0)) !== undefined) return 0;
      ks.put(at(args, 0), { type: "string", value: at(args, 1) });
      return 1;
    },
  },
  getdel: {
    arity: 2,
    run: (ks, args) => {
      const value = stringOrNull(ks, at(args, 0));
      if (value !== null) ks.delete(at(args, 0));
      return value;
    },
  },
  mget: {
    arity: -2,
    run: (ks, args) =>
      args.map((key) => {
        const stored = ks.get(key);
        return stored?.type === "string" ? stored.value : null;
      }),
  },
  mset: {
    arity: -3,
    run: (ks, args) => {
      if (args.length % 2 !== 0) throw new CommandError(wrongArity("mset"));
      for (let i = 0; i < args.length; i += 2) {
        ks.put(at(args, i), { type: "string", value: at(args, i + 1) });
      }
      return "OK";
    },
  },
  msetnx: {
    arity: -3,
    run: (ks, args) => {
      if (args.length % 2 !== 0) throw new CommandError(wrongArity("msetnx"));
      for (let i = 0; i < args.length; i += 2) if (ks.get(at(args, i)) !== undefined) return 0;
      for (let i = 0; i < args.length; i += 2) {
        ks.put(at(args, i), { type: "string", value: at(args, i + 1) });
      }
      return 1;
    },
  },
  incr: { arity: 2, run: (ks, args) => incrementBy(ks, at(args, 0), 1n) },
  decr: { arity: 2, run: (ks, args) => incrementBy(ks, at(args, 0), -1n) },
  incrby: { arity: 3, run: (ks, args) => incrementBy(ks, at(args, 0), parseInt64(at(args, 1))) },
  decrby: {
    arity: 3,
    run: (ks, args) => {
      const delta = parseInt64(at(args, 1));
      if (delta === -(2n ** 63n)) throw new CommandError("ERR decrement would overflow");
      return incrementBy(ks, at(args, 0), -delta);
    },
  },
};
