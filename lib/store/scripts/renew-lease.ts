// Compare-and-extend for the engine lease: renews it only for the process that holds it. Redis
// and Upstash run the Lua; the embedded store runs the same steps in JS (known-scripts.ts).

/** KEYS[1]: the lease; ARGV: the holder's token, the new TTL in ms. Returns 1 when renewed. */
export const RENEW_LEASE_LUA = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("pexpire", KEYS[1], ARGV[2])
end
return 0`;

/** The store's side of the script, for stores that run it in JS: `call` runs one command. */
export function runRenewLease(
  keys: readonly string[],
  args: readonly string[],
  call: (argv: string[]) => unknown,
): unknown {
  const key = keys[0] as string;
  return call(["get", key]) === args[0] ? call(["pexpire", key, args[1] as string]) : 0;
}
