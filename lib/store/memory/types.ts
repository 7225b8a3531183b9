// Shapes shared by the embedded interpreter's command modules.
import type { Keyspace } from "./keyspace.ts";

/** A reply as Upstash REST encodes it: bulk/simple strings, integers, null and arrays. */
export type Reply = string | number | null | Reply[];

/** One command of the embedded interpreter. */
export type CommandSpec = {
  /** Redis arity: exact argument count (name included) when positive, the minimum when negative. */
  arity: number;
  /** Runs the command; `args` excludes the command name. Throws CommandError for error replies. */
  run: (ks: Keyspace, args: string[]) => Reply;
};

/** Commands by lower-case name. */
export type CommandGroup = Record<string, CommandSpec>;
