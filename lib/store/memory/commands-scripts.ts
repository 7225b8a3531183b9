// EVAL and EVALSHA for the embedded interpreter: it has no Lua, so it runs the app's own scripts
// through their JS twins (store/scripts/known-scripts.ts) and refuses any other. A script runs in
// one step like every command here, so nothing interleaves with it, as in Redis.
import { knownScript, type ScriptSteps } from "../scripts/known-scripts.ts";
import { parseInteger } from "./args.ts";
import { CommandError } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandGroup, CommandSpec, Reply } from "./types.ts";

const NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";
const NOT_OURS =
  "ERR the embedded store runs only the app's own scripts (it has no Lua interpreter)";

/** Runs one command from inside a script; an error reply stops the script, as in Lua. */
type Resolve = (argv: readonly string[]) => CommandSpec | string;

function run(ks: Keyspace, steps: ScriptSteps, args: string[], resolve: Resolve): Reply {
  const count = parseInteger(args[1] ?? "");
  if (count < 0) throw new CommandError("ERR Number of keys can't be negative");
  if (count > args.length - 2) {
    throw new CommandError("ERR Number of keys can't be greater than number of args");
  }
  const keys = args.slice(2, 2 + count);
  const argv = args.slice(2 + count);
  const call = (command: string[]): unknown => {
    const spec = resolve(command);
    if (typeof spec === "string") throw new CommandError(spec);
    return spec.run(ks, command.slice(1));
  };
  return steps(keys, argv, call) as Reply;
}

/** The scripting commands, given how to find the commands a script calls. */
export function scriptCommands(resolve: Resolve): CommandGroup {
  /** EVAL (the script's text) or EVALSHA (its SHA-1); `unknown` is the error for any other. */
  const byScript = (sha: boolean, unknown: string): CommandSpec => ({
    arity: -3,
    run: (ks, args) => {
      const steps = knownScript(args[0] ?? "", sha);
      if (!steps) throw new CommandError(unknown);
      return run(ks, steps, args, resolve);
    },
  });
  return { eval: byScript(false, NOT_OURS), evalsha: byScript(true, NOSCRIPT) };
}
