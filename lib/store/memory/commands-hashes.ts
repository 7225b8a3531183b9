// Hash commands of the embedded interpreter: HSET, HSETNX, HGET, HMGET, HGETALL, HDEL, HINCRBY, ….
import { addInt64, at, int64Text } from "./args.ts";
import { HashValue } from "./collections.ts";
import { CommandError, HASH_NOT_INTEGER, OVERFLOW, wrongArity } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandGroup, Reply } from "./types.ts";

function hashFor(ks: Keyspace, key: string): HashValue {
  const existing = ks.getOf(key, "hash");
  if (existing !== undefined) return existing;
  const created = new HashValue();
  ks.put(key, { type: "hash", value: created });
  return created;
}

function hset(ks: Keyspace, args: string[]): Reply {
  if (args.length % 2 === 0) throw new CommandError(wrongArity("hset"));
  const hash = hashFor(ks, at(args, 0));
  let added = 0;
  for (let i = 1; i < args.length; i += 2) {
    if (!hash.has(at(args, i))) added++;
    hash.set(at(args, i), at(args, i + 1));
  }
  return added;
}

function hincrby(ks: Keyspace, args: string[]): Reply {
  const key = at(args, 0);
  const field = at(args, 1);
  // The increment is checked before the key, as Redis does.
  const delta = int64Text(at(args, 2));
  const current = ks.getOf(key, "hash")?.get(field);
  const next = addInt64(current, delta, HASH_NOT_INTEGER, OVERFLOW);
  hashFor(ks, key).set(field, next.text);
  return next.value;
}

export const hashCommands: CommandGroup = {
  hset: { arity: -4, run: hset },
  hmset: {
    arity: -4,
    run: (ks, args) => {
      if (args.length % 2 === 0) throw new CommandError(wrongArity("hmset"));
      hset(ks, args);
      return "OK";
    },
  },
  hsetnx: {
    arity: 4,
    run: (ks, args) => {
      const key = at(args, 0);
      if (ks.getOf(key, "hash")?.has(at(args, 1))) return 0;
      hashFor(ks, key).set(at(args, 1), at(args, 2));
      return 1;
    },
  },
  hget: { arity: 3, run: (ks, args) => ks.getOf(at(args, 0), "hash")?.get(at(args, 1)) ?? null },
  hmget: {
    arity: -3,
    run: (ks, args) => {
      const hash = ks.getOf(at(args, 0), "hash");
      return args.slice(1).map((field) => hash?.get(field) ?? null);
    },
  },
  hgetall: {
    arity: 2,
    run: (ks, args) => [...(ks.getOf(at(args, 0), "hash") ?? new Map<string, string>())].flat(),
  },
  hkeys: { arity: 2, run: (ks, args) => [...(ks.getOf(at(args, 0), "hash")?.keys() ?? [])] },
  hvals: { arity: 2, run: (ks, args) => [...(ks.getOf(at(args, 0), "hash")?.values() ?? [])] },
  hlen: { arity: 2, run: (ks, args) => ks.getOf(at(args, 0), "hash")?.size ?? 0 },
  hexists: {
    arity: 3,
    run: (ks, args) => (ks.getOf(at(args, 0), "hash")?.has(at(args, 1)) ? 1 : 0),
  },
  hdel: {
    arity: -3,
    run: (ks, args) => {
      const key = at(args, 0);
      const hash = ks.getOf(key, "hash");
      if (hash === undefined) return 0;
      const removed = args.slice(1).filter((field) => hash.delete(field)).length;
      ks.dropIfEmpty(key, hash.size);
      return removed;
    },
  },
  hincrby: { arity: 4, run: hincrby },
};
