// The embedded interpreter's command table: every supported command by name, with arity checks.
import { hashCommands } from "./commands-hashes.ts";
import { keyCommands } from "./commands-keys.ts";
import { listCommands } from "./commands-lists.ts";
import { scriptCommands } from "./commands-scripts.ts";
import { setCommands } from "./commands-sets.ts";
import { stringCommands } from "./commands-strings.ts";
import { sortedSetCommands } from "./commands-zsets.ts";
import { unknownCommand, wrongArity } from "./errors.ts";
import type { CommandSpec } from "./types.ts";

const table = new Map<string, CommandSpec>(
  Object.entries({
    ...keyCommands,
    ...stringCommands,
    ...hashCommands,
    ...setCommands,
    ...sortedSetCommands,
    ...listCommands,
    ...scriptCommands(resolveCommand),
  }),
);

/** Names of all commands the embedded interpreter runs, lower-case and sorted. */
export const SUPPORTED_COMMANDS: readonly string[] = [...table.keys()].sort();

/**
 * The command for `argv`, or the Redis error text for an unknown command or a wrong argument
 * count (the errors Redis raises before a command is queued in MULTI).
 */
export function resolveCommand(argv: readonly string[]): CommandSpec | string {
  const [name = "", ...args] = argv;
  const spec = table.get(name.toLowerCase());
  if (spec === undefined) return unknownCommand(name, args);
  const count = argv.length;
  if ((spec.arity > 0 && count !== spec.arity) || (spec.arity < 0 && count < -spec.arity)) {
    return wrongArity(name.toLowerCase());
  }
  return spec;
}
