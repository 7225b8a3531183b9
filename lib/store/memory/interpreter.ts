// The embedded Redis command interpreter: runs single commands, pipelines and MULTI/EXEC blocks
// against a Keyspace (which journals the changes; see engine.ts for how they are persisted).
import type { Argv } from "../upstash-request.ts";
import { resolveCommand } from "./command-table.ts";
import { CommandError, EXECABORT } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandSpec, Reply } from "./types.ts";

/** The answer to one command: a reply or a Redis error text. */
export type Outcome = { result: Reply } | { error: string };

/** Commands to re-run at the time they first ran (old-format log entries). */
export type WriteRecord = { time: number; commands: Argv[] };

/** A MULTI/EXEC block refused before running (unknown command, wrong arity). */
export type Aborted = { aborted: string };

/** How the interpreter gets the time. */
export type InterpreterOptions = { now: () => number };

/** Runs Redis commands synchronously; a whole request runs in one step, so nothing interleaves. */
export class Interpreter {
  readonly #keyspace: Keyspace;
  readonly #now: () => number;

  constructor(keyspace: Keyspace, options: InterpreterOptions) {
    this.#keyspace = keyspace;
    this.#now = options.now;
  }

  #apply(spec: CommandSpec, argv: Argv): Outcome {
    try {
      return { result: spec.run(this.#keyspace, argv.slice(1)) };
    } catch (error) {
      if (error instanceof CommandError) return { error: error.message };
      throw error;
    }
  }

  #runOne(argv: Argv): Outcome {
    const spec = resolveCommand(argv);
    if (typeof spec === "string") return { error: spec };
    return this.#apply(spec, argv);
  }

  /** Runs one command. */
  run(argv: Argv): Outcome {
    return this.pipeline([argv])[0] as Outcome;
  }

  /** Runs commands in order, each on its own: an error in one does not stop the others. */
  pipeline(commands: Argv[]): Outcome[] {
    this.#keyspace.time = this.#now();
    return commands.map((argv) => this.#runOne(argv));
  }

  /**
   * Runs commands as MULTI/EXEC: all in one step. An unknown command or a wrong argument count
   * discards the block (EXECABORT); errors while running stay in their own entry.
   */
  transaction(commands: Argv[]): Outcome[] | Aborted {
    const specs: CommandSpec[] = [];
    for (const argv of commands) {
      const spec = resolveCommand(argv);
      if (typeof spec === "string") return { aborted: `${EXECABORT} ${spec}` };
      specs.push(spec);
    }
    this.#keyspace.time = this.#now();
    return commands.map((argv, index) => this.#apply(specs[index] as CommandSpec, argv));
  }

  /** Re-runs logged commands at the time they first ran. */
  replay(record: WriteRecord): void {
    this.#keyspace.time = record.time;
    for (const argv of record.commands) {
      const spec = resolveCommand(argv);
      if (typeof spec !== "string") this.#apply(spec, argv);
    }
  }
}
