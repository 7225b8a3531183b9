// Set commands of the embedded interpreter: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD.
import { at } from "./args.ts";
import { SetValue } from "./collections.ts";
import type { CommandGroup } from "./types.ts";

export const setCommands: CommandGroup = {
  sadd: {
    arity: -3,
    run: (ks, args) => {
      const key = at(args, 0);
      let set = ks.getOf(key, "set");
      if (set === undefined) {
        set = new SetValue();
        ks.put(key, { type: "set", value: set });
      }
      let added = 0;
      for (const member of args.slice(1)) {
        if (set.has(member)) continue;
        set.add(member);
        added++;
      }
      return added;
    },
  },
  srem: {
    arity: -3,
    run: (ks, args) => {
      const key = at(args, 0);
      const set = ks.getOf(key, "set");
      if (set === undefined) return 0;
      const removed = args.slice(1).filter((member) => set.delete(member)).length;
      ks.dropIfEmpty(key, set.size);
      return removed;
    },
  },
  smembers: { arity: 2, run: (ks, args) => [...(ks.getOf(at(args, 0), "set") ?? [])] },
  sismember: {
    arity: 3,
    run: (ks, args) => (ks.getOf(at(args, 0), "set")?.has(at(args, 1)) ? 1 : 0),
  },
  smismember: {
    arity: -3,
    run: (ks, args) => {
      const set = ks.getOf(at(args, 0), "set");
      return args.slice(1).map((member) => (set?.has(member) ? 1 : 0));
    },
  },
  scard: { arity: 2, run: (ks, args) => ks.getOf(at(args, 0), "set")?.size ?? 0 },
};
