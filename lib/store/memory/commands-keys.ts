// Keyspace commands of the embedded interpreter: PING, DEL, EXISTS, TYPE, expiry, KEYS, SCAN, FLUSH.
import { at, fitsInt64, isOption, parseInt64, parseInteger } from "./args.ts";
import { CommandError, INVALID_CURSOR, invalidExpire, SYNTAX, wrongArity } from "./errors.ts";
import { globMatch } from "./glob.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandGroup, Reply } from "./types.ts";

type ExpireFlags = { nx: boolean; xx: boolean; gt: boolean; lt: boolean };

function parseExpireFlags(options: string[]): ExpireFlags {
  const flags: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (const option of options) {
    const word = option.toUpperCase();
    if (word === "NX") flags.nx = true;
    else if (word === "XX") flags.xx = true;
    else if (word === "GT") flags.gt = true;
    else if (word === "LT") flags.lt = true;
    else throw new CommandError(`ERR Unsupported option ${option}`);
  }
  if (flags.nx && (flags.xx || flags.gt || flags.lt)) {
    throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if (flags.gt && flags.lt) {
    throw new CommandError("ERR GT and LT options at the same time are not compatible");
  }
  return flags;
}

function expireCommand(name: string, unitMs: bigint, relative: boolean) {
  return (ks: Keyspace, args: string[]): Reply => {
    const key = at(args, 0);
    const flags = parseExpireFlags(args.slice(2));
    const amount = parseInt64(at(args, 1));
    const deadline = amount * unitMs + (relative ? BigInt(ks.time) : 0n);
    if (!fitsInt64(amount * unitMs) || !fitsInt64(deadline)) {
      throw new CommandError(invalidExpire(name));
    }
    if (ks.get(key) === undefined) return 0;
    const current = ks.deadline(key);
    const when = Number(deadline);
    if (flags.nx && current !== undefined) return 0;
    if (flags.xx && current === undefined) return 0;
    if (flags.gt && (current === undefined || when <= current)) return 0;
    if (flags.lt && current !== undefined && when >= current) return 0;
    ks.expireAt(key, when);
    return 1;
  };
}

function ttlCommand(unitMs: number) {
  return (ks: Keyspace, args: string[]): Reply => {
    const key = at(args, 0);
    if (ks.get(key) === undefined) return -2;
    const deadline = ks.deadline(key);
    if (deadline === undefined) return -1;
    const remaining = Math.max(deadline - ks.time, 0);
    return unitMs === 1 ? remaining : Math.floor((remaining + 500) / 1000);
  };
}

function flush(ks: Keyspace, args: string[]): Reply {
  if (args.length > 1) throw new CommandError(SYNTAX);
  const mode = args[0];
  if (mode !== undefined && !isOption(mode, "ASYNC") && !isOption(mode, "SYNC")) {
    throw new CommandError(SYNTAX);
  }
  ks.clear();
  return "OK";
}

function scan(ks: Keyspace, args: string[]): Reply {
  const cursorText = at(args, 0);
  if (!/^[0-9]+$/.test(cursorText)) throw new CommandError(INVALID_CURSOR);
  const cursor = Number(cursorText);
  let count = 10;
  let pattern: string | undefined;
  let type: string | undefined;
  for (let i = 1; i < args.length; i += 2) {
    const option = at(args, i);
    const value = args[i + 1];
    if (value === undefined) throw new CommandError(SYNTAX);
    if (isOption(option, "COUNT")) {
      count = parseInteger(value);
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (isOption(option, "MATCH")) pattern = value;
    else if (isOption(option, "TYPE")) type = value.toLowerCase();
    else throw new CommandError(SYNTAX);
  }
  const [next, keys] = ks.scan(cursor, count);
  const matching = keys.filter(
    (key) =>
      (pattern === undefined || globMatch(pattern, key)) &&
      (type === undefined || ks.get(key)?.type === type),
  );
  return [String(next), matching];
}

export const keyCommands: CommandGroup = {
  ping: {
    arity: -1,
    run: (_ks, args) => {
      if (args.length > 1) throw new CommandError(wrongArity("ping"));
      return args[0] ?? "PONG";
    },
  },
  echo: { arity: 2, run: (_ks, args) => at(args, 0) },
  del: { arity: -2, run: (ks, args) => args.filter((key) => ks.delete(key)).length },
  unlink: { arity: -2, run: (ks, args) => args.filter((key) => ks.delete(key)).length },
  exists: { arity: -2, run: (ks, args) => args.filter((key) => ks.get(key) !== undefined).length },
  type: { arity: 2, run: (ks, args) => ks.get(at(args, 0))?.type ?? "none" },
  expire: { arity: -3, run: expireCommand("expire", 1000n, true) },
  pexpire: { arity: -3, run: expireCommand("pexpire", 1n, true) },
  expireat: { arity: -3, run: expireCommand("expireat", 1000n, false) },
  pexpireat: { arity: -3, run: expireCommand("pexpireat", 1n, false) },
  persist: {
    arity: 2,
    run: (ks, args) => (ks.get(at(args, 0)) !== undefined && ks.persist(at(args, 0)) ? 1 : 0),
  },
  ttl: { arity: 2, run: ttlCommand(1000) },
  pttl: { arity: 2, run: ttlCommand(1) },
  keys: {
    arity: 2,
    run: (ks, args) => ks.keys().filter((key) => globMatch(at(args, 0), key)),
  },
  scan: { arity: -2, run: scan },
  dbsize: { arity: 1, run: (ks) => ks.size() },
  flushdb: { arity: -1, run: flush },
  flushall: { arity: -1, run: flush },
};
