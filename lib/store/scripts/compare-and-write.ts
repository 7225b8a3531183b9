// Compare-and-write: a group of writes that lands only if the keys it was computed from still hold
// what the caller read, in one atomic round trip. It is what keeps a decision or an edit from
// landing on a card that changed since it was read (an edit after an approval, an approval of a
// message that an edit made fail compliance) without a lock: the loser re-reads and decides again.
// Redis and Upstash run it as a Lua script; the embedded store runs the same steps in JS
// (scripts/known-scripts.ts), and the differential tests hold the two to the same results.
import { hash } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { runScript } from "./run-script.ts";

/**
 * KEYS: the watched keys, then the keys the writes touch. ARGV[1]: how many keys are watched; then
 * one digest per watched key (SHA-1 of the value read, "" for a key read as absent); then the
 * writes, each as: command, index of its key in KEYS, argument count, arguments. Returns 0 when
 * the writes landed, else the position of the first watched key whose value changed.
 */
export const COMPARE_AND_WRITE_LUA = `local watched = tonumber(ARGV[1])
for i = 1, watched do
  local value = redis.call('GET', KEYS[i])
  local expected = ARGV[1 + i]
  if value then
    if expected == '' or redis.sha1hex(value) ~= expected then return i end
  elseif expected ~= '' then
    return i
  end
end
local at = watched + 2
while at <= #ARGV do
  local count = tonumber(ARGV[at + 2])
  redis.call(ARGV[at], KEYS[tonumber(ARGV[at + 1])], unpack(ARGV, at + 3, at + 2 + count))
  at = at + 3 + count
end
return 0`;

/**
 * What a watched key held when it was read: its text (null when absent), or only the digest of
 * its text (a value known without reading it, e.g. a card's body as its head records it).
 */
export type Watch = { key: string; read: unknown } | { key: string; digest: string };

/** The digest a watched value is compared by ("" for absent). */
export function digestOf(read: unknown): string {
  if (read === null || read === undefined) return "";
  return hash("sha1", String(read), "hex");
}

/** The single-key commands a compare-and-write may run (the key always comes first). */
const WRITE_COMMANDS = new Set([
  "set",
  "rpush",
  "ltrim",
  "zadd",
  "zrem",
  "sadd",
  "srem",
  "hset",
  "hdel",
  "hsetnx",
  "hincrby",
  "incr",
  "lpush",
  "expire",
]);

/** One write: a single-key command. */
export type Write = { command: string; key: string; args: string[] };

/** A value as the store keeps it: text as is, anything else as JSON (as @upstash/redis sends it). */
const encode = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

/** Collects the writes of a compare-and-write, in order, with the same calls as a transaction. */
export class Writes {
  readonly list: Write[] = [];

  #add(command: string, key: string, args: string[]): this {
    this.list.push({ command, key, args });
    return this;
  }

  set(key: string, value: unknown, options: { nx?: boolean; ex?: number } = {}): this {
    return this.#add("set", key, [
      encode(value),
      ...(options.nx ? ["NX"] : []),
      ...(options.ex ? ["EX", String(options.ex)] : []),
    ]);
  }

  rpush(key: string, ...values: unknown[]): this {
    return this.#add("rpush", key, values.map(encode));
  }

  ltrim(key: string, start: number, stop: number): this {
    return this.#add("ltrim", key, [String(start), String(stop)]);
  }

  hincrby(key: string, field: string, by: number): this {
    return this.#add("hincrby", key, [field, String(by)]);
  }

  zadd(key: string, ...entries: { score: number; member: string }[]): this {
    return this.#add(
      "zadd",
      key,
      entries.flatMap((entry) => [String(entry.score), entry.member]),
    );
  }

  zrem(key: string, ...members: string[]): this {
    return this.#add("zrem", key, members);
  }

  sadd(key: string, ...members: string[]): this {
    return this.#add("sadd", key, members);
  }

  srem(key: string, ...members: string[]): this {
    return this.#add("srem", key, members);
  }

  hset(key: string, fields: Record<string, unknown>): this {
    return this.#add(
      "hset",
      key,
      Object.entries(fields).flatMap(([field, value]) => [field, encode(value)]),
    );
  }

  hsetnx(key: string, field: string, value: unknown): this {
    return this.#add("hsetnx", key, [field, encode(value)]);
  }

  hdel(key: string, ...fields: string[]): this {
    return this.#add("hdel", key, fields);
  }

  incr(key: string): this {
    return this.#add("incr", key, []);
  }

  lpush(key: string, ...values: unknown[]): this {
    return this.#add("lpush", key, values.map(encode));
  }

  expire(key: string, seconds: number): this {
    return this.#add("expire", key, [String(seconds)]);
  }
}

/** EVAL's arguments after the script: numkeys, KEYS, ARGV. */
export function compareAndWriteArgs(watches: readonly Watch[], writes: readonly Write[]) {
  const keys = watches.map((watch) => watch.key);
  const args = [
    String(watches.length),
    ...watches.map((watch) => ("digest" in watch ? watch.digest : digestOf(watch.read))),
  ];
  for (const write of writes) {
    if (!WRITE_COMMANDS.has(write.command)) {
      throw new Error(`compare-and-write cannot run ${write.command}`);
    }
    let index = keys.indexOf(write.key);
    if (index < 0) index = keys.push(write.key) - 1;
    args.push(write.command, String(index + 1), String(write.args.length), ...write.args);
  }
  return { keys, args };
}

/** The store's side of the script, for stores that run it in JS: `call` runs one command. */
export function runCompareAndWrite(
  keys: readonly string[],
  args: readonly string[],
  call: (argv: string[]) => unknown,
): number {
  const watched = Number(args[0]);
  for (let i = 0; i < watched; i++) {
    const value = call(["get", keys[i] as string]);
    const expected = args[1 + i];
    const matches = typeof value === "string" ? digestOf(value) === expected : expected === "";
    if (!matches) return i + 1;
  }
  for (let at = watched + 1; at < args.length; ) {
    const count = Number(args[at + 2]);
    const key = keys[Number(args[at + 1]) - 1] as string;
    call([args[at] as string, key, ...args.slice(at + 3, at + 3 + count)]);
    at += 3 + count;
  }
  return 0;
}

/** How a compare-and-write ended: the writes landed, or a watched key had changed (none landed). */
export type CompareAndWriteOutcome = { applied: true } | { applied: false; changed: string };

/** Runs `writes` only if every watched key still holds what was read, atomically. */
export async function compareAndWrite(
  redis: Redis,
  watches: readonly Watch[],
  writes: Writes,
): Promise<CompareAndWriteOutcome> {
  const { keys, args } = compareAndWriteArgs(watches, writes.list);
  const changed = Number(await runScript(redis, COMPARE_AND_WRITE_LUA, keys, args));
  return changed === 0 ? { applied: true } : { applied: false, changed: keys[changed - 1] ?? "" };
}
